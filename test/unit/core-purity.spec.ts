import * as fs from 'fs';
import * as path from 'path';

/** The costing core is plain TypeScript: no NestJS, no MikroORM, no database driver (house rule). */
describe('costing core purity', () => {
  const root = path.resolve(__dirname, '../../src/costing');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) files.push(full);
    }
  };
  walk(root);

  it('has modules', () => expect(files.length).toBeGreaterThan(5));

  const common = path.resolve(__dirname, '../../src/common');
  const inside = (dir: string, target: string) => target === dir || target.startsWith(dir + path.sep);

  it.each(files.map((f) => [path.relative(root, f), f]))('%s imports only the core, common helpers and decimal.js', (_name, file) => {
    const imports = [...fs.readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    const outside = imports.filter((spec) => {
      if (spec === 'decimal.js') return false;
      if (!spec.startsWith('.')) return true;
      const target = path.resolve(path.dirname(file), spec);
      return !inside(root, target) && !(inside(common, target) && !target.includes(`${path.sep}http`));
    });
    expect(outside).toEqual([]);
  });
});
