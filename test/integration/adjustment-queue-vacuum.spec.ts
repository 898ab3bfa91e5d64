/**
 * Adjust Cost keeps its work list healthy (issue 12): a run that took at least
 * `queueVacuumFlags` flags off the Applied Entry to Adjust list vacuums it when it ends, so the
 * dead rows a run from scratch leaves do not slow the next runs down; a smaller run, and a
 * worker's job (its run vacuums once all jobs are done), leave it to autovacuum.
 */
import { MikroORM } from '@mikro-orm/core';
import { AdjustmentService } from '../../src/adjustment/adjustment.service';
import { generateW1 } from '../../src/bench/w1-generator';
import { postOnePercent } from '../../src/bench/stragglers';
import { inTransaction, withSession } from '../../src/database/sql-session';
import { ItemJournalService } from '../../src/item-journal/item-journal.service';
import { createTestContext } from '../support/test-database';

describe('Adjust Cost vacuums its work list after a large run', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  beforeAll(async () => {
    ctx = await createTestContext({ adjustment: { queueVacuumFlags: 500 } });
  });
  afterAll(() => ctx.close());

  /** Manual vacuums of the list so far, and the flags it holds. */
  const queueState = () =>
    withSession(ctx.app.get(MikroORM), async (sql) => {
      const [stats] = await sql.query<{ vacuums: string }>(
        `SELECT vacuum_count::text AS vacuums FROM pg_stat_user_tables WHERE relname = 'applied_entry_to_adjust'`,
      );
      const [live] = await sql.query<{ n: string }>('SELECT count(*)::text AS n FROM applied_entry_to_adjust');
      return { vacuums: Number(stats.vacuums), live: Number(live.n) };
    });

  it('vacuums after a run from scratch, not after a small run or a worker job', async () => {
    const orm = ctx.app.get(MikroORM);
    const adjustment = ctx.app.get(AdjustmentService);
    await inTransaction(orm, (sql) => generateW1(sql, { entries: 10_000, seed: 4 }));
    const marked = await adjustment.markForAdjustment(null);
    expect(marked.entriesMarked).toBeGreaterThan(500);
    const before = await queueState();
    expect(before.live).toBeGreaterThanOrEqual(marked.entriesMarked);

    // A run from scratch: every flag taken off the list, then the list vacuumed.
    expect((await adjustment.adjust('TESTER')).entriesWritten).toBeGreaterThan(0);
    // (Its dead rows are not counted: a snapshot older than the run, anywhere in the database,
    // keeps them until a later vacuum; the vacuum ran, which is what this run decides.)
    expect(await queueState()).toMatchObject({ vacuums: before.vacuums + 1, live: 0 });

    // A month end's stragglers: fewer flags than the threshold, no vacuum.
    await postOnePercent(ctx.app.get(ItemJournalService), orm, 100, 4);
    const flagged = (await queueState()).live;
    expect(flagged).toBeGreaterThan(0);
    expect(flagged).toBeLessThan(500);
    expect((await adjustment.adjust('TESTER')).entriesWritten).toBeGreaterThan(0);
    expect(await queueState()).toMatchObject({ vacuums: before.vacuums + 1, live: 0 });

    // A worker's job over many flags: its run vacuums once all jobs are done, the job does not.
    await adjustment.markForAdjustment(null);
    await adjustment.adjust('TESTER', { distribute: false });
    expect(await queueState()).toMatchObject({ vacuums: before.vacuums + 1, live: 0 });
  });
});
