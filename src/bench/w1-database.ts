/**
 * The W1 database of a given size and seed: generated once (bench:generate), then cloned for each
 * benchmark run so that every run starts from the same unadjusted year.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import * as pg from 'pg';
import { loadAppConfig } from '../config/app-config';
import { resolveDatabaseServer } from '../database/database-server';
import { databaseUrl, ensureTemplate } from '../scenario/scenario-database';
import { generateW1, W1Stats } from './w1-generator';
import { timed } from './bench-support';
import { WriteBehindSession } from './write-behind-session';

export function w1Name(entries: number, seed: number): string {
  return `costclose_w1_${entries}_${seed}`;
}

export async function w1Exists(serverUrl: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

/** Creates (or re-creates) the W1 database and fills it. */
export async function buildW1(
  serverUrl: string,
  entries: number,
  seed: number,
  log: (m: string) => void,
): Promise<{ name: string; stats: W1Stats; seconds: number }> {
  const name = w1Name(entries, seed);
  const template = await ensureTemplate(serverUrl, 'costclose_bench');
  const admin = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await admin.end();
  }
  // The statements run behind the generator, on a thread of their own: PostgreSQL writes one day
  // while the posting engine works out the next.
  const sql = new WriteBehindSession(databaseUrl(serverUrl, name));
  try {
    const { seconds, value: stats } = await timed(async () => {
      await sql.query('BEGIN');
      const result = await generateW1(sql, { entries, seed, log });
      await sql.query('COMMIT');
      await sql.flush();
      return result;
    });
    await sql.query('VACUUM ANALYZE');
    await sql.flush();
    return { name, stats, seconds };
  } finally {
    await sql.close();
  }
}

export async function serverUrlForBench(): Promise<{ url: string; stop: () => Promise<void> }> {
  const config = loadAppConfig();
  const server = await resolveDatabaseServer(config, (m) => process.stderr.write(`${m}\n`));
  return { url: server.url, stop: async () => void (await server.embedded?.stop()) };
}

/** The W1 database of that size and seed, generated first (in a child process) when it is missing. */
export async function ensureW1(serverUrl: string, entries: number, seed: number): Promise<string> {
  const name = w1Name(entries, seed);
  if (!(await w1Exists(serverUrl, name))) {
    process.stdout.write(`W1 (${entries} entries, seed ${seed}) is not there yet: generating it…\n`);
    const gen = spawnSync(process.execPath, [path.join(__dirname, 'generate-w1.js'), '--entries', String(entries), '--seed', String(seed)], {
      stdio: 'inherit',
      env: { ...process.env, DATABASE_URL: serverUrl },
    });
    if (gen.status !== 0) throw new Error('generating W1 failed');
  }
  return name;
}
