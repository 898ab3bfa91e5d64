/**
 * Two instances of the service on one database, the same schedule registered in both: a tick
 * that fires in both runs the close once, and the period is closed once. Two people closing the
 * same period by hand at the same moment: one run closes it, the other is refused while it runs
 * and, resumed later, finds the period closed and does not close it again.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Clock } from '../../src/common/clock';
import { withSession } from '../../src/database/sql-session';
import { CloseRunsService } from '../../src/pipeline/close-runs.service';
import { CloseRunsStore } from '../../src/pipeline/close-runs.store';
import { PipelineRunner } from '../../src/pipeline/pipeline-runner';
import { TwoInstances, twoInstances } from '../support/two-instances';

describe('two instances, one schedule', () => {
  let two: TwoInstances;
  let a: INestApplicationContext;
  let b: INestApplicationContext;
  const count = async (text: string) => Number(Object.values((await withSession(a.get(MikroORM), (sql) => sql.query(text)))[0])[0]);

  beforeAll(async () => {
    two = await twoInstances();
    ({ a, b } = two);
  });
  afterAll(() => two.close());

  it('a tick firing in both instances runs the close once, and the period closes once', async () => {
    const { scheduleId, runIds } = await two.tickBoth();
    expect(runIds).toHaveLength(1);
    const run = await two.settled(runIds[0]);
    expect(run.status).toBe('succeeded');
    expect(await count(`SELECT count(*) FROM close_run WHERE schedule_id = '${scheduleId}'`)).toBe(1);
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
