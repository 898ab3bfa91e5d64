/**
 * Two instances of the service on one database, the same schedule registered in both: a tick
 * that fires in both runs the close once, and the period is closed once. Two people closing the
 * same period by hand at the same moment: one run closes it, the other is refused while it runs
 * and, resumed later, finds the period closed and does not close it again.
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
import { CloseRunsService } from '../../src/pipeline/close-runs.service';
import { CloseRunsStore } from '../../src/pipeline/close-runs.store';
import { PipelineRunner } from '../../src/pipeline/pipeline-runner';
import { ScheduleRegistrar } from '../../src/pipeline/schedule-registrar';
import { SchedulesService } from '../../src/pipeline/schedules.service';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';
import { seedOctober } from '../support/close-data';
import { createTestDatabase, testConfig } from '../support/test-database';

describe('two instances, one schedule', () => {
  let db: ScratchDatabase;
  let a: INestApplicationContext;
  let b: INestApplicationContext;
  const count = async (text: string) => Number(Object.values((await withSession(a.get(MikroORM), (sql) => sql.query(text)))[0])[0]);

  // Instances of one deployment share the database and the package store (a package, once
  // built, is never rebuilt: the second instance must find the first one's file).
  const shared = testConfig();

  async function instance(): Promise<INestApplicationContext> {
    const config = testConfig({ packageDir: shared.packageDir });
    const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, databaseUrl: db.url, migrate: false }), { logger: false });
    app.get(Clock).now = () => new Date('2026-11-01T05:00:01Z'); // 06:00:01 in Oslo: the tick of 1 November
    return app;
  }

  async function settled(app: INestApplicationContext, id: string) {
    for (let i = 0; i < 200; i++) {
      const run = await app.get(CloseRunsStore).get(id);
      if (run.status !== 'pending' && run.status !== 'running') return run;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`run ${id} did not end`);
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

  it('a tick firing in both instances runs the close once, and the period closes once', async () => {
    const schedule = await a.get(SchedulesService).create({ name: 'Monthly close', cron: '0 6 1 * *', timeZone: 'Europe/Oslo' }, 'ADMIN');
    // Instance B learns of the schedule by looking (what it does every scheduleSyncSeconds).
    await b.get(ScheduleRegistrar).syncAll();
    const started = await Promise.all([a.get(ScheduleRegistrar).tickNow(schedule.id), b.get(ScheduleRegistrar).tickNow(schedule.id)]);
    const runIds = started.filter((id): id is string => id !== null);
    expect(runIds).toHaveLength(1);
    const run = await settled(a, runIds[0]);
    expect(run.status).toBe('succeeded');
    expect(await count(`SELECT count(*) FROM close_run WHERE schedule_id = '${schedule.id}'`)).toBe(1);
    expect(await count("SELECT count(*) FROM inventory_period_entry WHERE entry_type = 'Close' AND ending_date = '2026-10-31'")).toBe(1);
    expect(await count('SELECT count(*) FROM gl_register')).toBe(1);
  });

  /** Closing by hand happens after the period has ended (issue 15, item 10): January 2027 here. */
  const afterTheClosedPeriods = () => {
    for (const app of [a, b]) app.get(Clock).now = () => new Date('2027-01-05T08:00:00Z');
  };

  it('a run is refused while another holds its period, and resumed later does not close the period again', async () => {
    afterTheClosedPeriods();
    const first = await a.get(CloseRunsService).create({ period: '2026-11' }, 'FINANCE-1');
    const second = await b.get(CloseRunsService).create({ period: '2026-11' }, 'FINANCE-2');
    // Instance A's run holds the period (as it does while it runs): B's run is refused, and says so.
    await withSession(a.get(MikroORM), async (sql) => {
      await sql.query("SELECT pg_advisory_lock(hashtextextended('costclose:close:2026-11-30', 0))");
      await expect(b.get(PipelineRunner).execute(second.id)).rejects.toThrow(/Another close run for the period ending 2026-11-30 is running now/);
      await sql.query("SELECT pg_advisory_unlock(hashtextextended('costclose:close:2026-11-30', 0))");
    });
    expect(await b.get(CloseRunsStore).get(second.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/is running now; resume this one/) });
    expect((await a.get(PipelineRunner).execute(first.id)).status).toBe('succeeded');
    const resumed = await b.get(PipelineRunner).execute(second.id);
    expect(resumed.status).toBe('succeeded');
    expect(resumed.steps.find((s) => s.step === 'close')?.output).toMatchObject({ alreadyClosed: true });
    expect(await count("SELECT count(*) FROM inventory_period_entry WHERE entry_type = 'Close' AND ending_date = '2026-11-30'")).toBe(1);
  });

  it('two closes of one period started at the same moment in two instances close it once', async () => {
    afterTheClosedPeriods();
    const one = await a.get(CloseRunsService).create({ period: '2026-12' }, 'FINANCE-1');
    const two = await b.get(CloseRunsService).create({ period: '2026-12' }, 'FINANCE-2');
    const outcomes = await Promise.allSettled([a.get(PipelineRunner).execute(one.id), b.get(PipelineRunner).execute(two.id)]);
    expect(outcomes.some((o) => o.status === 'fulfilled' && o.value.status === 'succeeded')).toBe(true);
    expect(await count("SELECT count(*) FROM inventory_period_entry WHERE entry_type = 'Close' AND ending_date = '2026-12-31'")).toBe(1);
  });
});
