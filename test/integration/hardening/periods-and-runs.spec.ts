/**
 * Issue 15, item 10: a period whose ending date has not come yet is not closed unless that is
 * asked for on purpose (audited); a close run whose process died is found (nobody holds its
 * lock), marked interrupted — visible — and resumed to the end.
 */
import { MikroORM } from '@mikro-orm/core';
import { ConflictError } from '../../../src/common/errors';
import { withSession } from '../../../src/database/sql-session';
import { InventoryPeriodsService } from '../../../src/period-close/inventory-periods.service';
import { CloseRunsService } from '../../../src/pipeline/close-runs.service';
import { CloseRunsStore } from '../../../src/pipeline/close-runs.store';
import { PipelineRunner } from '../../../src/pipeline/pipeline-runner';
import { runLines } from '../../../src/pipeline/run-view';
import { SetupResourceService } from '../../../src/setup/setup-resource.service';
import { resourceByPath } from '../../../src/setup/setup-resources';
import { seedOctober } from '../../support/close-data';
import { createTestContext } from '../../support/test-database';

describe('periods and runs (issue 15, item 10)', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;

  beforeAll(async () => {
    ctx = await createTestContext();
    await seedOctober(ctx.app);
  });
  afterAll(() => ctx.close());

  it('refuses to close a period that has not ended, unless asked on purpose, and audits that', async () => {
    const empty = await createTestContext();
    try {
      const periods = empty.app.get(InventoryPeriodsService);
      const today = new Date().toISOString().slice(0, 10);
      const future = `${Number(today.slice(0, 4)) + 2}-12-31`;
      await empty.app.get(SetupResourceService).applyAll([{ spec: resourceByPath('inventory-periods'), body: { endingDate: future } }]);
      const refused = await periods.close(future, 'T').catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ConflictError);
      expect((refused as Error).message).toMatch(new RegExp(`period ending ${future} has not ended yet \\(today is ${today}, UTC\\).*beforePeriodEnd=true`));
      await expect(periods.close(future, 'T', { beforePeriodEnd: true })).resolves.toMatchObject({ endingDate: future });
      const [audit] = await withSession(empty.app.get(MikroORM), (sql) =>
        sql.query<{ details: Record<string, unknown> }>("SELECT details FROM audit_log WHERE action = 'period.close' AND target = $1", [future]),
      );
      expect(audit.details).toMatchObject({ beforePeriodEnd: true, closedOn: today });
    } finally {
      await empty.close();
    }
  });

  it('marks a run whose process died as interrupted, leaves a live one running, and resumes the dead one to the end', async () => {
    const runs = ctx.app.get(CloseRunsService);
    const store = ctx.app.get(CloseRunsStore);
    const orm = ctx.app.get(MikroORM);
    const dead = await runs.create({ period: '2026-10' }, 'T');
    // As a runner would leave it when killed after starting: recorded running, lock released.
    await store.startAttempt(dead.id, new Date());
    await store.stepStarted(dead.id, 'adjust', new Date());
    const live = await runs.create({ period: '2026-11', dryRun: true }, 'T');
    await store.startAttempt(live.id, new Date());
    // The live run's runner holds its period's lock on a connection of its own.
    const seen = await withSession(orm, async (holder) => {
      await holder.query("SELECT pg_advisory_lock(hashtextextended('costclose:close:' || $1, 0))", [live.period.endingDate]);
      try {
        return { dead: await runs.get(dead.id), live: await runs.get(live.id), listed: await runs.list({ status: 'interrupted' }) };
      } finally {
        await holder.query("SELECT pg_advisory_unlock(hashtextextended('costclose:close:' || $1, 0))", [live.period.endingDate]);
      }
    });
    expect(seen.dead.status).toBe('interrupted');
    expect(seen.dead.error).toMatch(/stopped before it ended .* resume it/);
    expect(seen.live.status).toBe('running');
    expect(seen.listed.map((r) => r.id)).toEqual([dead.id]);
    expect(runLines(seen.dead).join('\n')).toMatch(/interrupted/);
    const resumed = await ctx.app.get(PipelineRunner).execute((await runs.resumable(dead.id)).id);
    expect(resumed.status).toBe('succeeded');
    // Every step ran to its end (e-mail has no recipients to send to here).
    expect(resumed.steps.map((s) => [s.step, s.status])).toEqual([
      ['adjust', 'done'],
      ['post', 'done'],
      ['reconcile', 'done'],
      ['close', 'done'],
      ['reports', 'done'],
      ['package', 'done'],
      ['email', 'skipped'],
    ]);
  });
});
