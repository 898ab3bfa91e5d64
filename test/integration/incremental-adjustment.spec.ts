/**
 * The fast path and the plain one agree (issue 12): on a generated year (workload W1) adjusted in
 * full, with a month end's stragglers posted after it (sales, purchases, late invoices, charges,
 * sales returns at exact cost, transfers), the incremental run — reading only what the postings'
 * flags reach — leaves every entry at the cost, cost type by cost type, that a run from scratch
 * gives: a run from scratch after it writes nothing. Before the fix it split the cost of sales and
 * transfer legs of Standard items between Direct Cost and Variance only when it ran from scratch.
 */
import { MikroORM } from '@mikro-orm/core';
import { AdjustmentService } from '../../src/adjustment/adjustment.service';
import { generateW1 } from '../../src/bench/w1-generator';
import { postOnePercent } from '../../src/bench/stragglers';
import { inTransaction, withSession } from '../../src/database/sql-session';
import { ItemJournalService } from '../../src/item-journal/item-journal.service';
import { createTestContext } from '../support/test-database';

describe('incremental Adjust Cost against a run from scratch (W1)', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('leaves nothing for a run from scratch to do, cost type by cost type', async () => {
    const orm = ctx.app.get(MikroORM);
    const adjustment = ctx.app.get(AdjustmentService);
    await inTransaction(orm, (sql) => generateW1(sql, { entries: 20_000, seed: 3 }));
    await adjustment.markForAdjustment(null);
    expect((await adjustment.adjust('TESTER')).entriesWritten).toBeGreaterThan(1000);

    const posted = await postOnePercent(ctx.app.get(ItemJournalService), orm, 1000, 3);
    expect(posted.lines).toBe(1000);
    const links = await withSession(orm, (sql) =>
      sql.query<{ returns: string; transfers: string }>(
        `SELECT count(*) FILTER (WHERE a.cost_application)::text AS returns, count(*) FILTER (WHERE a.transferred_from_entry_no IS NOT NULL)::text AS transfers
           FROM item_application_entry a JOIN item_ledger_entry e ON e.entry_no = a.inbound_item_entry_no JOIN item i ON i.no = e.item_no
          WHERE a.posting_date = '2025-12-31' AND i.costing_method = 'Standard'`,
      ),
    );
    // The stragglers hold what the gap was made of: returns and transfers of Standard items.
    expect(Number(links[0].returns)).toBeGreaterThan(0);
    expect(Number(links[0].transfers)).toBeGreaterThan(0);

    const incremental = await adjustment.adjust('TESTER');
    expect(incremental.entriesWritten).toBeGreaterThan(0);
    const byType = () =>
      withSession(orm, (sql) =>
        sql.query<{ type: string; amount: string }>(
          `SELECT entry_type AS type, sum(cost_amount_actual + cost_amount_expected)::text AS amount FROM value_entry WHERE adjustment GROUP BY 1 ORDER BY 1`,
        ),
      );
    const before = await byType();

    await adjustment.markForAdjustment(null);
    const fromScratch = await adjustment.adjust('TESTER');
    expect(fromScratch.entriesWritten).toBe(0);
    expect(await byType()).toEqual(before);
  });
});
