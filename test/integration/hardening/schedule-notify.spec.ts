/**
 * Issue 15, item 12: a schedule change made through one instance reaches the others at once
 * (LISTEN/NOTIFY), with polling switched off so that nothing else can carry it.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../../src/app.module';
import { ScheduleRegistrar } from '../../../src/pipeline/schedule-registrar';
import { SchedulesService } from '../../../src/pipeline/schedules.service';
import type { ScratchDatabase } from '../../../src/scenario/scenario-database';
import { createTestDatabase, testConfig } from '../../support/test-database';

describe('schedule changes between instances (issue 15, item 12)', () => {
  let db: ScratchDatabase;
  let a: INestApplicationContext;
  let b: INestApplicationContext;

  const instance = () => {
    const base = testConfig();
    return NestFactory.createApplicationContext(
      AppModule.forRoot({ config: { ...base, close: { ...base.close, runSchedules: true, scheduleSyncSeconds: 0 } }, databaseUrl: db.url, migrate: false }),
      { logger: false },
    );
  };
  /** Waits for the notification to arrive (it is asynchronous), at most ten seconds. */
  const eventually = async (condition: () => boolean) => {
    for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 50));
    return condition();
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    a = await instance();
    b = await instance();
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await db.drop();
  });

  it('registers, changes and drops the cron job in the other instance without a poll', async () => {
    const created = await a.get(SchedulesService).create({ name: 'Monthly', cron: '0 6 1 * *', timeZone: 'Europe/Oslo' }, 'ADMIN');
    expect(await eventually(() => b.get(ScheduleRegistrar).nextTick(created.id) !== null)).toBe(true);
    await a.get(SchedulesService).update(created.id, { enabled: false }, 'ADMIN');
    expect(await eventually(() => b.get(ScheduleRegistrar).nextTick(created.id) === null)).toBe(true);
    await a.get(SchedulesService).update(created.id, { enabled: true, cron: '0 7 2 * *' }, 'ADMIN');
    expect(await eventually(() => b.get(ScheduleRegistrar).nextTick(created.id)?.getUTCDate() === 2)).toBe(true);
    await a.get(SchedulesService).remove(created.id, 'ADMIN');
    expect(await eventually(() => b.get(ScheduleRegistrar).nextTick(created.id) === null)).toBe(true);
  });
});
