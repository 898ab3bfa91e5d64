/**
 * Two instances of the service with job workers (COSTCLOSE_WORKERS=2 each) on one database, one
 * schedule registered in both (issue 13): a tick firing in both starts one close run, its
 * Adjust Cost hands the item batches out to the workers of both instances, and its report files
 * are rendered as jobs.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import * as fs from 'fs';
import { MikroORM } from '@mikro-orm/core';
import { AppModule } from '../../src/app.module';
import { Clock } from '../../src/common/clock';
import type { AppConfig } from '../../src/config/app-config';
import { APP_CONFIG } from '../../src/config/config.module';
import { withSession } from '../../src/database/sql-session';
import { WorkerHost } from '../../src/jobs/worker-host';
import { CloseRunsStore } from '../../src/pipeline/close-runs.store';
import { ScheduleRegistrar } from '../../src/pipeline/schedule-registrar';
import { SchedulesService } from '../../src/pipeline/schedules.service';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';
import { seedOctober } from '../support/close-data';
import { createTestDatabase, testConfig } from '../support/test-database';

describe('two serve instances with workers, one schedule tick', () => {
  let db: ScratchDatabase;
  let a: INestApplicationContext;
  let b: INestApplicationContext;
  const shared = testConfig();

  async function instance(): Promise<INestApplicationContext> {
    const base = testConfig({ packageDir: shared.packageDir });
    // One item per batch, so that the three items of October make three jobs to share out.
    const config: AppConfig = { ...base, workers: { ...base.workers, concurrency: 2, heartbeatSeconds: 1, maintenanceSeconds: 1, minBatchItems: 1 } };
    const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, databaseUrl: db.url, migrate: false }), { logger: false });
    app.get(Clock).now = () => new Date('2026-11-01T05:00:01Z'); // 06:00:01 in Oslo: the tick of 1 November
    return app;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    a = await instance();
    b = await instance();
    await seedOctober(a);
  });
  afterAll(async () => {
    for (const app of [a, b]) {
      const config = app.get<AppConfig>(APP_CONFIG);
      await app.close();
      fs.rmSync(config.packageDir, { recursive: true, force: true });
      fs.rmSync(config.close.outDir, { recursive: true, force: true });
    }
    await db.drop();
  });

  it('one run; its adjustment batches are spread over the workers of both instances; its reports rendered as jobs', async () => {
    const schedule = await a.get(SchedulesService).create({ name: 'Monthly close', cron: '0 6 1 * *', timeZone: 'Europe/Oslo' }, 'ADMIN');
    await b.get(ScheduleRegistrar).syncAll();
    const started = await Promise.all([a.get(ScheduleRegistrar).tickNow(schedule.id), b.get(ScheduleRegistrar).tickNow(schedule.id)]);
    const runIds = started.filter((id): id is string => id !== null);
    expect(runIds).toHaveLength(1);
    let run = await a.get(CloseRunsStore).get(runIds[0]);
    for (let i = 0; i < 600 && (run.status === 'pending' || run.status === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      run = await a.get(CloseRunsStore).get(runIds[0]);
    }
    expect(run.status).toBe('succeeded');
    const adjust = run.steps.find((s) => s.step === 'adjust')!;
    expect(adjust.counts).toMatchObject({ itemsTotal: 3, batches: 3 });

    const rows = await withSession(a.get(MikroORM), (sql) =>
      sql.query<{ worker_id: string; n: string }>("SELECT worker_id, count(*) AS n FROM adjustment_batch WHERE status = 'done' GROUP BY worker_id"),
    );
    const byInstance = new Map(rows.map((r) => [r.worker_id, Number(r.n)]));
    expect([...byInstance.values()].reduce((x, y) => x + y, 0)).toBe(3);
    expect(byInstance.get(a.get(WorkerHost).id)).toBeGreaterThan(0);
    expect(byInstance.get(b.get(WorkerHost).id)).toBeGreaterThan(0);
    const closes = await withSession(a.get(MikroORM), (sql) =>
      sql.query<{ n: string }>("SELECT count(*) AS n FROM inventory_period_entry WHERE entry_type = 'Close' AND ending_date = '2026-10-31'"),
    );
    expect(Number(closes[0].n)).toBe(1);

    const reports = run.steps.find((s) => s.step === 'reports')!;
    const files = (reports.output as { files: { name: string; path: string; size: number }[] }).files;
    expect(reports.counts).toEqual({ filesWritten: files.length, filesTotal: files.length });
    expect(files.length).toBe(12); // six reports, PDF and CSV each
    for (const f of files) expect(fs.statSync(f.path).size).toBe(f.size);
    const jobs = await withSession(a.get(MikroORM), (sql) =>
      sql.query<{ state: string; n: string }>("SELECT state, count(*) AS n FROM pgboss.job WHERE name = 'render-report' GROUP BY state"),
    );
    expect(jobs.map((j) => [j.state, Number(j.n)])).toEqual([['completed', 12]]);
    // What the jobs left for the run is gone once the run has stored it.
    const left = await withSession(a.get(MikroORM), (sql) => sql.query<{ n: string }>('SELECT count(*) AS n FROM job_output'));
    expect(Number(left[0].n)).toBe(0);
  });
});
