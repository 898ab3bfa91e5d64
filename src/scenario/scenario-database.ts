/**
 * Scratch databases for scenario runs: each run gets a fresh database cloned from a migrated
 * template (CREATE DATABASE … TEMPLATE is a file copy, far faster than migrating), and drops it
 * afterwards. The template is named after the migration list, so a new migration makes a new
 * template; it is created under an advisory lock so that parallel runs build it once.
 */
import { createHash, randomBytes } from 'crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import * as pg from 'pg';
import { MIGRATIONS } from '../../migrations';
import { migrateUnderLock } from '../database/migrate';
import { mikroOrmConfig } from '../database/mikro-orm.config';

const TEMPLATE_LOCK = 740_331_102;

/** URL of another database on the same server. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withMaintenanceClient<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function templateName(prefix: string): string {
  const hash = createHash('sha256')
    .update(MIGRATIONS.map((m) => m.name).join(','))
    .digest('hex')
    .slice(0, 10);
  return `${prefix}_tpl_${hash}`;
}

/** Creates (once) and returns the migrated template database. */
export async function ensureTemplate(serverUrl: string, prefix: string, rebuild = false): Promise<string> {
  const name = templateName(prefix);
  await withMaintenanceClient(serverUrl, async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      const exists = (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
      if (exists && !rebuild) return;
      if (exists) await client.query(`DROP DATABASE "${name}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${name}"`);
      const orm = await MikroORM.init(mikroOrmConfig(databaseUrl(serverUrl, name)));
      try {
        await migrateUnderLock(orm);
      } finally {
        await orm.close(true);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
  return name;
}

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createScratchDatabase(serverUrl: string, template: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await withMaintenanceClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return {
    name,
    url: databaseUrl(serverUrl, name),
    drop: () => withMaintenanceClient(serverUrl, async (client) => void (await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
}
