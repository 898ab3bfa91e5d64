/**
 * Two instances of the service on one database, as one deployment runs them: they share the
 * database and the package store (a package, once built, is never rebuilt: the second instance
 * must find the first one's file), and both stand at 06:00:01 in Oslo on 1 November 2026, the tick
 * of the monthly close schedule the tests register. October is seeded.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import * as fs from 'fs';
import { AppModule } from '../../src/app.module';
import { Clock } from '../../src/common/clock';
import type { AppConfig, WorkersConfig } from '../../src/config/app-config';
import { APP_CONFIG } from '../../src/config/config.module';
import { CloseRunsStore, RunRecord } from '../../src/pipeline/close-runs.store';
import { ScheduleRegistrar } from '../../src/pipeline/schedule-registrar';
import { SchedulesService } from '../../src/pipeline/schedules.service';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';
import { seedOctober } from './close-data';
import { createTestDatabase, testConfig } from './test-database';

export interface TwoInstances {
  db: ScratchDatabase;
  a: INestApplicationContext;
  b: INestApplicationContext;
  /** Registers the monthly close in A, lets B find it, and fires the tick in both at once: the runs started. */
  tickBoth(): Promise<{ scheduleId: string; runIds: string[] }>;
  settled(id: string): Promise<RunRecord>;
  close(): Promise<void>;
}

export async function twoInstances(workers: Partial<WorkersConfig> = {}): Promise<TwoInstances> {
  const db = await createTestDatabase();
  const shared = testConfig();
  const instance = async () => {
    const base = testConfig({ packageDir: shared.packageDir });
    const config: AppConfig = { ...base, workers: { ...base.workers, ...workers } };
    const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, databaseUrl: db.url, migrate: false }), { logger: false });
    app.get(Clock).now = () => new Date('2026-11-01T05:00:01Z'); // 06:00:01 in Oslo: the tick of 1 November
    return app;
  };
  const a = await instance();
  const b = await instance();
  await seedOctober(a);
  return {
    db,
    a,
    b,
    async tickBoth() {
      const schedule = await a.get(SchedulesService).create({ name: 'Monthly close', cron: '0 6 1 * *', timeZone: 'Europe/Oslo' }, 'ADMIN');
      // Instance B learns of the schedule by looking (what it does every scheduleSyncSeconds).
      await b.get(ScheduleRegistrar).syncAll();
      const started = await Promise.all([a.get(ScheduleRegistrar).tickNow(schedule.id), b.get(ScheduleRegistrar).tickNow(schedule.id)]);
      return { scheduleId: schedule.id, runIds: started.filter((id): id is string => id !== null) };
    },
    async settled(id) {
      for (let i = 0; i < 600; i++) {
        const run = await a.get(CloseRunsStore).get(id);
        if (run.status !== 'pending' && run.status !== 'running') return run;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`run ${id} did not end`);
    },
    async close() {
      for (const app of [a, b]) {
        const config = app.get<AppConfig>(APP_CONFIG);
        await app.close();
        fs.rmSync(config.packageDir, { recursive: true, force: true });
        fs.rmSync(config.close.outDir, { recursive: true, force: true });
      }
      await db.drop();
    },
  };
}
