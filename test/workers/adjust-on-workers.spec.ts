/**
 * Adjust Cost on worker processes (issue 13): a generated year (W1, about 100,000 item ledger
 * entries) is adjusted once in one process and, on copies of the same database, by a coordinator
 * handing item batches to three `costclose worker` processes — once as is, once with one worker
 * killed (SIGKILL) inside a job's transaction. Every time the ledgers equal the single process's
 * (ledger-fingerprint.ts says in what sense).
 */
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MikroORM } from '@mikro-orm/core';
import * as pg from 'pg';
import { AdjustmentRunsService } from '../../src/adjustment/adjustment-runs.service';
import { AppModule } from '../../src/app.module';
import type { AppConfig } from '../../src/config/app-config';
import { withSession } from '../../src/database/sql-session';
import { createScratchDatabase, ScratchDatabase } from '../../src/scenario/scenario-database';
import { ledgerFingerprint } from '../../src/ledgers/ledger-fingerprint';
import { createW1TestDatabase, testConfig, testServerUrl } from '../support/test-database';
import { startWorker } from '../../src/bench/worker-process';

/**
 * Expiry short enough for a test to see a killed worker's job retried, long enough for a batch
 * here (about a second); batches small enough (50 items of W1's 20 entries each) for twelve of them.
 */
const JOBS = { jobExpireSeconds: 8, maintenanceSeconds: 1, heartbeatSeconds: 1, minBatchEntries: 1_000 };

describe('Adjust Cost on worker processes', () => {
  let source: ScratchDatabase;
  const databases: ScratchDatabase[] = [];
  let single: Record<string, string>;

  async function copy(): Promise<ScratchDatabase> {
    const db = await createScratchDatabase(testServerUrl(), source.name, 'costclose_test_workers');
    databases.push(db);
    return db;
  }

  async function coordinator(db: ScratchDatabase): Promise<INestApplicationContext> {
    const base = testConfig();
    const config: AppConfig = { ...base, workers: { ...base.workers, ...JOBS, concurrency: 0 } };
    return NestFactory.createApplicationContext(AppModule.forRoot({ config, databaseUrl: db.url, migrate: false }), { logger: false });
  }

  async function adjustRun(app: INestApplicationContext) {
    const runs = app.get(AdjustmentRunsService);
    return runs.settle((await runs.start('TESTER', null, null)).id);
  }

  beforeAll(async () => {
    source = await createW1TestDatabase(100_000, 7);
    // The single-process result every distributed run must equal.
    const db = await copy();
    const app = await coordinator(db);
    try {
      const run = await adjustRun(app);
      expect(run.status).toBe('succeeded');
      expect(run.progress.batches).toBeNull(); // no workers: adjusted in this process
      expect(run.result!.entriesWritten).toBeGreaterThan(10_000);
    } finally {
      await app.close();
    }
    single = await ledgerFingerprint(db.url);
  }, 300_000);

  afterAll(async () => {
    for (const db of [...databases, source]) await db?.drop();
  });

  it('three workers adjust the year in batches, each taking some, and the ledgers equal one process', async () => {
    const db = await copy();
    const workers = await Promise.all([1, 2, 3].map(() => startWorker(db.url, JOBS)));
    const app = await coordinator(db);
    try {
      const run = await adjustRun(app);
      expect(run.status).toBe('succeeded');
      const batches = run.progress.batches!;
      expect(batches.done).toBe(batches.total);
      expect(batches.total).toBeGreaterThanOrEqual(12); // four per worker slot
      expect(batches.workers.map((w) => w.workerId).sort()).toEqual(workers.map((w) => w.id).sort());
      expect(batches.workers.every((w) => w.batchesDone > 0)).toBe(true);
      expect(await ledgerFingerprint(db.url)).toEqual(single);
      // Done means done: another run finds nothing and writes nothing.
      const again = await adjustRun(app);
      expect(again.result!.entriesWritten).toBe(0);
    } finally {
      await app.close();
      await Promise.all(workers.map((w) => w.stop()));
    }
    expect(await ledgerFingerprint(db.url)).toEqual(single);
    // Stopped with SIGTERM, each worker said so before it exited: no run waits for it.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const stopped = (await client.query<{ id: string }>('SELECT id FROM job_worker WHERE stopped_at IS NOT NULL')).rows.map((r) => r.id).sort();
    await client.end();
    expect(stopped).toEqual(workers.map((w) => w.id).sort());
  }, 300_000);

  it('a worker killed inside a job: its transaction rolls back, the job expires and runs again elsewhere, and the ledgers equal one process', async () => {
    const db = await copy();
    const doomed = await startWorker(db.url, { ...JOBS, pauseInJob: 1 });
    const others = await Promise.all([1, 2].map(() => startWorker(db.url, JOBS)));
    const app = await coordinator(db);
    try {
      const running = adjustRun(app);
      const pausedBatch = await doomed.pausedInBatch();
      doomed.kill();
      const run = await running;
      expect(run.status).toBe('succeeded');
      const rows = await withSession(app.get(MikroORM), (sql) =>
        sql.query<{ worker_id: string; attempts: number; status: string }>('SELECT worker_id, attempts, status FROM adjustment_batch WHERE batch_no = $1', [
          pausedBatch,
        ]),
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].status).toBe('done');
      expect(rows[0].attempts).toBeGreaterThanOrEqual(2);
      expect(others.map((w) => w.id)).toContain(rows[0].worker_id);
      expect(await ledgerFingerprint(db.url)).toEqual(single);
    } finally {
      await app.close();
      await Promise.all(others.map((w) => w.stop()));
    }
  }, 300_000);
});
