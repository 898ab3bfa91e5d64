import * as fs from 'fs';
import * as path from 'path';

/**
 * The costing core is plain TypeScript: no NestJS, no MikroORM, no database driver (house rule).
 * What it imports from src/common is followed too, file by file: a common helper that imports a
 * framework (the Clock provider does) may not be reached from the core, however indirectly.
 */
describe('costing core purity', () => {
  const src = path.resolve(__dirname, '../../src');
  const root = path.join(src, 'costing');
  const common = path.join(src, 'common');
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

  const inside = (dir: string, target: string) => target === dir || target.startsWith(dir + path.sep);
  const importsOf = (file: string) => [...fs.readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
  const resolve = (from: string, spec: string) => {
    const target = path.resolve(path.dirname(from), spec);
    return fs.existsSync(`${target}.ts`) ? `${target}.ts` : path.join(target, 'index.ts');
  };

  /** Imports reachable from `file` that leave the core and pure common helpers (empty = pure). */
  const impure = (file: string, seen = new Set<string>()): string[] => {
    if (seen.has(file)) return [];
    seen.add(file);
    const problems: string[] = [];
    for (const spec of importsOf(file)) {
      if (spec === 'decimal.js') continue;
      if (!spec.startsWith('.')) {
        problems.push(`${path.relative(src, file)} imports '${spec}'`);
        continue;
      }
      const target = resolve(file, spec);
      if (inside(root, target)) continue;
      if (inside(common, target)) problems.push(...impure(target, seen));
      else problems.push(`${path.relative(src, file)} imports ${path.relative(src, target)}`);
    }
    return problems;
  };

  it.each(files.map((f) => [path.relative(root, f), f]))('%s imports only the core, pure common helpers and decimal.js', (_name, file) => {
    expect(impure(file)).toEqual([]);
  });

  it('tells an impure common helper when the core would reach it', () => {
    expect(impure(path.join(common, 'clock.ts'))).toContain("common/clock.ts imports '@nestjs/common'");
  });
});

/**
 * Dependencies point one way along the pipeline: an earlier stage never imports a later one.
 * The item journal learns about automatic adjustment and cost posting only through the follow-ups
 * those modules register (PostingFollowUps). It may read the inventory periods' state (a closed
 * period refuses postings, R114): that is an input to posting, not a later stage.
 */
describe('pipeline dependencies point downstream', () => {
  const src = path.resolve(__dirname, '../../src');
  const later: Record<string, string[]> = {
    'item-journal': ['adjustment', 'posting', 'reconciliation', 'reports', 'pipeline', 'period-package', 'email'],
    ledgers: ['item-journal', 'adjustment', 'posting', 'reconciliation', 'period-close', 'reports', 'pipeline'],
  };
  it.each(Object.entries(later))('%s imports no later stage', (stage, forbidden) => {
    const offending: string[] = [];
    const dir = path.join(src, stage);
    for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      for (const m of fs.readFileSync(path.join(dir, name), 'utf8').matchAll(/from '\.\.\/([^/']+)\//g))
        if (forbidden.includes(m[1])) offending.push(`${name} → ${m[1]}`);
    }
    expect(offending).toEqual([]);
  });
});
