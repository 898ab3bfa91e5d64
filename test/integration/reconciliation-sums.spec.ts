/**
 * Inventory – G/L Reconciliation's set-based sums and drill-down pages (R123) against the plain
 * form they were derived from: every value entry part spread onto both of its sides, summed with
 * count(DISTINCT) and paged by IN. The repository's faster forms must give the same figures,
 * entry counts and pages for every account type and cause — on a ledger with transfers, expected
 * cost, cost adjusted after G/L posting, entries G/L posting has not reached, under different
 * setups (expected cost posted or not, allowed posting dates) and filters by date, item and location.
 */
import { AdjustmentService } from '../../src/adjustment/adjustment.service';
import { accountPairRows } from '../../src/costing/gl-posting-matrix';
import { withSession } from '../../src/database/sql-session';
import { ItemJournalService } from '../../src/item-journal/item-journal.service';
import type { JournalLineInput } from '../../src/item-journal/journal-input';
import { InventoryCostPostingService } from '../../src/posting/inventory-cost-posting.service';
import { CAUSES, ReconciliationRepository, type SidesFilter, sidesParams } from '../../src/reconciliation/reconciliation.repository';
import { SetupResourceService } from '../../src/setup/setup-resource.service';
import { resourceByPath } from '../../src/setup/setup-resources';
import { chart } from '../support/chart';
import { createTestContext } from '../support/test-database';
import { MikroORM } from '@mikro-orm/core';

const PLAIN_SIDES = `
  WITH m AS (SELECT * FROM unnest($5::text[], $6::text[], $7::bool[], $8::text[], $9::text[], $13::text[], $14::text[])
               AS m(ile_type, ve_type, expected, account_type, balancing_type, variance_type, order_type)),
  ve AS (SELECT * FROM value_entry_with_gl
          WHERE ($1::date IS NULL OR posting_date >= $1) AND ($2::date IS NULL OR posting_date <= $2)
            AND ($3::text[] IS NULL OR item_no = ANY($3::text[])) AND ($4::text IS NULL OR location_code = $4)),
  parts AS (
    SELECT entry_no, item_ledger_entry_type, entry_type, variance_type, order_type, posting_date, false AS expected, cost_amount_actual AS amount, cost_posted_to_gl AS posted FROM ve
    UNION ALL
    SELECT entry_no, item_ledger_entry_type, entry_type, variance_type, order_type, posting_date, true, cost_amount_expected, expected_cost_posted_to_gl FROM ve
     WHERE cost_amount_expected <> 0 OR expected_cost_posted_to_gl <> 0),
  raw_sides AS (
    SELECT p.*, m.account_type AS type, 1 AS sign FROM parts p JOIN m ON MATCH
    UNION ALL
    SELECT p.*, m.balancing_type, -1 FROM parts p JOIN m ON MATCH),
  sides AS (
    SELECT s.*, CASE WHEN amount = posted THEN NULL
                     WHEN expected AND NOT $10 THEN 'expectedCostNotPosted'
                     WHEN ($11::date IS NOT NULL AND posting_date < $11) OR ($12::date IS NOT NULL AND posting_date > $12) THEN 'skippedPostingDate'
                     ELSE 'notPostedToGL' END AS cause
      FROM raw_sides s)`.replace(
  /MATCH/g,
  `m.ile_type = p.item_ledger_entry_type AND m.ve_type = p.entry_type AND m.expected = p.expected
    AND (m.variance_type IS NULL OR m.variance_type = p.variance_type) AND (m.order_type IS NULL OR m.order_type = p.order_type)`,
);

describe('reconciliation sums and drill-down pages equal the plain form', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  const line = (fields: Partial<JournalLineInput>): JournalLineInput => ({
    entryType: 'Purchase',
    itemNo: 'A',
    postingDate: '2024-01-10',
    quantity: '1',
    locationCode: 'EAST',
    ...fields,
  });

  beforeAll(async () => {
    ctx = await createTestContext();
    await ctx.app
      .get(SetupResourceService)
      .applyAll([
        ...chart(['', 'EAST', 'WEST']),
        ...['EAST', 'WEST'].map((code) => ({ spec: resourceByPath('locations'), body: { code } })),
        { spec: resourceByPath('items'), body: { no: 'A', costingMethod: 'FIFO' } },
        { spec: resourceByPath('items'), body: { no: 'B', costingMethod: 'Average' } },
      ]);
    const journal = ctx.app.get(ItemJournalService);
    await journal.post(
      [
        line({ quantity: '10', unitCost: '3.10' }),
        line({ quantity: '4', unitCost: '3.30', invoice: false }),
        line({ itemNo: 'B', quantity: '7', unitCost: '11.25', locationCode: 'WEST' }),
        line({ entryType: 'Sale', quantity: '6', postingDate: '2024-01-15' }),
        line({ entryType: 'Transfer', quantity: '3', postingDate: '2024-01-16', newLocationCode: 'WEST' }),
        line({ itemNo: 'B', entryType: 'Sale', quantity: '2', postingDate: '2024-01-18', locationCode: 'WEST' }),
      ],
      'T',
    );
    await ctx.app.get(AdjustmentService).adjust('T');
    await ctx.app.get(InventoryCostPostingService).post('T');
    // After the G/L posting: a late invoice at another cost (adjusted into the sale and the
    // transfer), more sales and a receipt that G/L posting has not reached.
    await journal.post(
      [
        line({ itemNo: 'B', quantity: '5', unitCost: '12.75', postingDate: '2024-02-02', locationCode: 'WEST', invoice: false }),
        line({ entryType: 'Sale', quantity: '2', postingDate: '2024-02-05', locationCode: 'WEST' }),
        line({ entryType: 'Transfer', quantity: '1', postingDate: '2024-02-06', newLocationCode: 'WEST' }),
        line({ quantity: '3', unitCost: '2.95', postingDate: '2024-02-07' }),
      ],
      'T',
    );
    await ctx.app.get(AdjustmentService).adjust('T');
  });
  afterAll(() => ctx.close());

  const filters: SidesFilter[] = [
    { startDate: null, endDate: null, expectedCostPostingToGL: true, glAllowFrom: null, glAllowTo: null },
    { startDate: null, endDate: null, expectedCostPostingToGL: false, glAllowFrom: '2024-02-06', glAllowTo: null },
    { startDate: '2024-01-16', endDate: '2024-02-05', expectedCostPostingToGL: true, glAllowFrom: null, glAllowTo: '2024-01-31' },
    { startDate: null, endDate: null, itemNos: ['A'], expectedCostPostingToGL: false, glAllowFrom: null, glAllowTo: null },
    { startDate: null, endDate: null, locationCode: 'WEST', expectedCostPostingToGL: true, glAllowFrom: '2024-01-17', glAllowTo: '2024-02-05' },
  ];

  it('sums each account type, column and cause as the plain form does, entries counted once', async () => {
    const repository = new ReconciliationRepository();
    await withSession(ctx.app.get(MikroORM), async (sql) => {
      const causes = new Set<string>();
      for (const f of filters) {
        const plain = await sql.query<Record<string, unknown>>(
          `${PLAIN_SIDES}
           SELECT type, expected, cause, sum(sign * amount)::text AS amount, sum(sign * posted)::text AS posted,
                  sum(sign * (amount - posted))::text AS unposted, count(DISTINCT entry_no)::int AS entries
             FROM sides GROUP BY 1, 2, 3`,
          sidesParams(f),
        );
        const key = (r: { type: unknown; expected: unknown; cause: unknown }) => `${String(r.type)}|${String(r.expected)}|${String(r.cause)}`;
        const sorted = <T extends { type: unknown; expected: unknown; cause: unknown }>(rows: T[]) => [...rows].sort((a, b) => key(a).localeCompare(key(b)));
        const fast = await repository.sidesByType(sql, f);
        expect(sorted(fast)).toEqual(sorted(plain as never));
        for (const r of fast) if (r.cause) causes.add(r.cause);
        expect(fast.reduce((n, r) => n + r.entries, 0)).toBeGreaterThan(0);
      }
      expect([...causes].sort()).toEqual(['expectedCostNotPosted', 'notPostedToGL', 'skippedPostingDate']);
    });
  });

  it('pages the value entries behind every account type and cause as the plain form does', async () => {
    const repository = new ReconciliationRepository();
    await withSession(ctx.app.get(MikroORM), async (sql) => {
      let compared = 0;
      for (const f of filters)
        for (const type of [...new Set(accountPairRows().flatMap((m) => [m.account, m.balancing]))])
          for (const cause of [null, ...CAUSES.filter((c) => c !== 'unexplained' && c !== 'directGLPosting' && c !== 'postingSetupChanged')])
            for (const [after, limit] of [
              [0, 100],
              [0, 2],
              [5, 3],
            ]) {
              const plain = await sql.query<{ entryNo: number }>(
                `${PLAIN_SIDES}
                 SELECT v.entry_no AS "entryNo" FROM value_entry_with_gl v
                  WHERE v.entry_no IN (SELECT entry_no FROM sides WHERE type = $15 AND ($16::text IS NULL OR cause = $16)) AND v.entry_no > $17
                  ORDER BY v.entry_no LIMIT $18`,
                [...sidesParams(f), type, cause, after, limit],
              );
              const fast = await repository.valueEntriesBehind(sql, f, type, cause, after, limit);
              expect([type, cause, after, fast.map((e) => e.entryNo)]).toEqual([type, cause, after, plain.map((e) => e.entryNo)]);
              compared += plain.length;
            }
      expect(compared).toBeGreaterThan(200);
    });
  });
});
