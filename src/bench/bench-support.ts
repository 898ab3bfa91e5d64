/**
 * Shared pieces of the benchmarks: a seeded random generator, a fresh database per run, timing
 * and peak memory. Benchmarks print figures as ratios against a baseline measured in the same run.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import * as pg from 'pg';
import { AppModule } from '../app.module';
import { AppConfig, loadAppConfig } from '../config/app-config';
import { DatabaseServer, resolveDatabaseServer } from '../database/database-server';
import { createScratchDatabase, ensureTemplate, ScratchDatabase } from '../scenario/scenario-database';

export { seededRandom } from '../common/seeded-random';

export function argValue(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? Number(process.argv[i + 1]) : fallback;
}

export function argText(name: string): string | null {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : null;
}

export interface BenchDatabase {
  config: AppConfig;
  server: DatabaseServer;
  db: ScratchDatabase;
  app: INestApplicationContext;
  close(keep?: boolean): Promise<void>;
}

/** A fresh database cloned from the migrated template, and the service's modules on it. */
export async function openBenchDatabase(prefix = 'costclose_bench'): Promise<BenchDatabase> {
  const config = { ...loadAppConfig(), logLevel: 'error' as const };
  const server = await resolveDatabaseServer(config, (m) => process.stderr.write(`${m}\n`));
  const template = await ensureTemplate(server.url, 'costclose_bench');
  const db = await createScratchDatabase(server.url, template, prefix);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, databaseUrl: db.url, migrate: false }), { logger: false });
  return {
    config,
    server,
    db,
    app,
    close: async (keep = false) => {
      await app.close();
      if (!keep) await db.drop();
      await server.embedded?.stop();
    },
  };
}

let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);
sampler.unref();

/**
 * Peak RSS of this process so far: the kernel's high-water mark (exact even when synchronous
 * work such as PDF layout blocks the sampler), or the sampled peak when that is higher.
 */
export function peakRssMb(): number {
  peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  return Math.round(peak / 1024 / 1024);
}

export async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await work();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, value };
}

export const fmt = (n: number, digits = 2) => n.toFixed(digits);

/**
 * A CHECKPOINT before a timed step or its floor: cloning a million-entry database (PostgreSQL
 * 15 logs the copy to WAL) or setting it up writes a gigabyte of WAL, and the checkpoint that
 * follows ran during whichever step came next, with full-page images for every page it touched
 * (`bench:post` per entry: 26.82 s without, 21.81 s with the checkpoint before it). Each step and
 * each floor start from the same settled server, so their ratio measures the step.
 */
export async function settleServer(url: string): Promise<void> {
  await withClient(url, (client) => client.query('CHECKPOINT'));
}

/** A connection of its own to `url` for `work`, closed afterwards: the benchmarks' maintenance and floors. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
