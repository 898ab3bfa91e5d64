/**
 * `costclose migration create NAME` (developers): diffs the entities against the committed
 * snapshot, writes migrations/Migration<timestamp><Name>.ts and registers it in
 * migrations/index.ts. Run from a checkout after `npm run build`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Migrator } from '@mikro-orm/migrations';
import { mikroOrmConfig } from './mikro-orm.config';

export async function createMigration(serverUrl: string, name: string, migrationsDir: string): Promise<string | null> {
  const className = name.replace(/(^|[^a-zA-Z0-9]+)([a-zA-Z0-9])/g, (_m, _s, c: string) => c.toUpperCase());
  const config = mikroOrmConfig(serverUrl);
  const orm = await MikroORM.init({ ...config, migrations: { ...config.migrations, path: migrationsDir, pathTs: migrationsDir } });
  try {
    const result = await (orm.getMigrator() as Migrator).createMigration(migrationsDir, false, false, className);
    if (!result.fileName) return null;
    const generated = path.join(migrationsDir, result.fileName);
    const stamp = /Migration(\d+)/.exec(result.fileName)?.[1] ?? '';
    const finalName = `Migration${stamp}${className}`;
    const source = fs.readFileSync(generated, 'utf8').replace(/export class \S+ extends Migration/, `export class ${finalName} extends Migration`);
    fs.rmSync(generated);
    fs.writeFileSync(path.join(migrationsDir, `${finalName}.ts`), source);
    const index = path.join(migrationsDir, 'index.ts');
    let list = fs.readFileSync(index, 'utf8');
    list = list
      .replace(/\nexport const MIGRATIONS/, `import { ${finalName} } from './${finalName}';\n\nexport const MIGRATIONS`)
      .replace(/\n\nimport/g, '\nimport');
    list = list.replace(/\];\s*$/, `  { name: '${finalName}', class: ${finalName} },\n];\n`);
    fs.writeFileSync(index, list);
    return finalName;
  } finally {
    await orm.close(true);
  }
}
