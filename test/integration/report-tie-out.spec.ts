/**
 * The reports tie out on a generated year (workload W1 in small: 40 items, three locations,
 * FIFO/LIFO/Average/Standard, late invoices at other prices, item charges, returns at exact cost,
 * transfers, negative inventory), adjusted and posted to G/L with expected cost:
 *   Inventory Valuation closing value = Σ value entries up to the ending date (R125);
 *   its cost posted to G/L = the G/L balance of the inventory accounts (R124);
 *   Cost Spec. total = Inventory Valuation closing value with expected cost, per item (R127);
 *   Cost Shares Breakdown total = the sales' cost (R128), its shares adding up to it.
 * Each figure is checked against a plain SQL sum written here, not against the report's own SQL.
 */
import { MikroORM } from '@mikro-orm/core';
import { AdjustmentService } from '../../src/adjustment/adjustment.service';
import { Dec } from '../../src/common/decimal';
import { inTransaction, withSession } from '../../src/database/sql-session';
import { generateW1 } from '../../src/bench/w1-generator';
import { InventoryCostPostingService } from '../../src/posting/inventory-cost-posting.service';
import { itemFiguresBy } from '../../src/reports/queries/cost-specification.query';
import { shareGroupsBy } from '../../src/reports/queries/cost-shares.query';
import { remainingFormFor } from '../../src/reports/queries/remaining-at-date.sql';
import { ReportService } from '../../src/reports/report.service';
import { createTestContext } from '../support/test-database';

type Row = Record<string, unknown>;
const byItem = (rows: Row[], field: string) => new Map(rows.map((r) => [String(r.itemNo), String(r[field])]));
const sum = (values: Iterable<unknown>) => [...values].reduce<Dec>((a, v) => a.plus(String(v)), new Dec(0));

describe('report tie-out on a generated year', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let reports: ReportService;
  const query = <T = Row>(text: string, params: unknown[] = []) => withSession(ctx.app.get(MikroORM), (sql) => sql.query<T>(text, params as never[]));

  beforeAll(async () => {
    ctx = await createTestContext();
    await inTransaction(ctx.app.get(MikroORM), (sql) => generateW1(sql, { entries: 3000, seed: 7, items: 40 }));
    await query('UPDATE inventory_setup SET expected_cost_posting_to_gl = true');
    await ctx.app.get(AdjustmentService).adjust('TESTER');
    const posted = await ctx.app.get(InventoryCostPostingService).post('TESTER');
    expect(posted.skipped).toEqual([]);
    reports = ctx.app.get(ReportService);
  });
  afterAll(() => ctx.close());

  for (const endDate of ['2025-03-31', '2025-12-31']) {
    it(`Inventory Valuation up to ${endDate}: closing = Σ value entries, cost posted = G/L inventory`, async () => {
      const rows = await reports.rows('inventoryValuation', { startDate: '2025-02-01', endDate }, 'TESTER');
      const ledger = await query<{ item_no: string; value: string; qty: string }>(
        `SELECT item_no, sum(cost_amount_actual)::text AS value, sum(invoiced_quantity) FILTER (WHERE entry_type = 'DirectCost')::text AS qty
           FROM value_entry WHERE posting_date <= $1 GROUP BY 1`,
        [endDate],
      );
      const closing = byItem(rows, 'closingValue');
      expect(rows.length).toBeGreaterThan(30);
      for (const l of ledger) {
        if (new Dec(l.value).isZero() && new Dec(l.qty).isZero() && !closing.has(l.item_no)) continue;
        expect([l.item_no, new Dec(closing.get(l.item_no) ?? '0').eq(l.value)]).toEqual([l.item_no, true]);
      }
      // opening + increases − decreases = closing, per item
      for (const r of rows) {
        expect(new Dec(String(r.openingValue)).plus(String(r.increasesValue)).minus(String(r.decreasesValue)).eq(String(r.closingValue))).toBe(true);
        expect(new Dec(String(r.openingQuantity)).plus(String(r.increasesQuantity)).minus(String(r.decreasesQuantity)).eq(String(r.closingQuantity))).toBe(
          true,
        );
      }
      const [gl] = await query<{ balance: string }>(
        `SELECT coalesce(sum(g.amount), 0)::text AS balance FROM gl_entry g
          WHERE g.posting_date <= $1 AND g.account_no IN (SELECT inventory_account FROM inventory_posting_setup)`,
        [endDate],
      );
      expect(sum(rows.map((r) => r.costPostedToGL)).toFixed()).toBe(new Dec(gl.balance).toFixed());
      expect(sum(rows.map((r) => r.closingValue)).toFixed()).toBe(new Dec(gl.balance).toFixed());
    });

    it(`Cost Spec. on ${endDate}: each item's total = its Inventory Valuation closing value with expected cost`, async () => {
      const valuation = await reports.rows('inventoryValuation', { endDate, includeExpectedCost: true }, 'TESTER');
      const spec = await reports.rows('costSpecification', { valuationDate: endDate }, 'TESTER');
      const totals = spec.filter((r) => r.entryType === 'Total');
      const closing = byItem(valuation, 'closingValue');
      for (const t of totals) expect([t.itemNo, new Dec(String(t.amount)).eq(closing.get(String(t.itemNo)) ?? '0')]).toEqual([t.itemNo, true]);
      for (const item of new Set(spec.map((r) => String(r.itemNo)))) {
        const parts = spec.filter((r) => r.itemNo === item && r.entryType !== 'Total');
        expect(parts.map((p) => p.entryType)).toEqual(['DirectCost', 'IndirectCost', 'Variance', 'Revaluation', 'Rounding']);
        expect(sum(parts.map((p) => p.amount)).eq(String(totals.find((t) => t.itemNo === item)?.amount))).toBe(true);
      }
      const quantities = byItem(valuation, 'closingQuantity');
      for (const t of totals) expect([t.itemNo, new Dec(String(t.remainingQuantity)).eq(quantities.get(String(t.itemNo)) ?? '0')]).toEqual([t.itemNo, true]);
      // with expected cost posted, Σ = the G/L balance of inventory and inventory (interim)
      const [gl] = await query<{ balance: string }>(
        `SELECT coalesce(sum(g.amount), 0)::text AS balance FROM gl_entry g
          WHERE g.posting_date <= $1 AND g.account_no IN (SELECT inventory_account FROM inventory_posting_setup UNION SELECT inventory_interim_account FROM inventory_posting_setup)`,
        [endDate],
      );
      expect(sum(totals.map((t) => t.amount)).toFixed()).toBe(new Dec(gl.balance).toFixed());
    });
  }

  it('finds remaining quantities from the ledger when nothing is posted after the date, with the same figures as from the applications', async () => {
    const orm = ctx.app.get(MikroORM);
    const [{ last }] = await query<{ last: string }>('SELECT max(posting_date)::text AS last FROM item_ledger_entry');
    expect(await withSession(orm, (sql) => remainingFormFor(sql, '2025-06-30'))).toBe('dated');
    const someItems = (await query<{ no: string }>('SELECT no FROM item ORDER BY no LIMIT 7')).map((r) => r.no);
    for (const date of [last, '2026-03-31']) {
      expect(await withSession(orm, (sql) => remainingFormFor(sql, date))).toBe('current');
      for (const items of [null, someItems]) {
        const [datedSpec, currentSpec, datedShares, currentShares] = await withSession(orm, async (sql) => {
          const shares = { printCostShareFor: 'Inventory' as const, startDate: '2025-01-01', endDate: date, showDetails: true, items };
          return [
            await itemFiguresBy(sql, { valuationDate: date, items }, 'dated'),
            await itemFiguresBy(sql, { valuationDate: date, items }, 'current'),
            await shareGroupsBy(sql, shares, 'dated'),
            await shareGroupsBy(sql, shares, 'current'),
          ];
        });
        expect(datedSpec.length).toBeGreaterThan(items ? 3 : 30);
        expect(datedSpec.some((r) => !new Dec(r.remaining).isZero())).toBe(true);
        expect(currentSpec).toEqual(datedSpec);
        expect(datedShares.length).toBeGreaterThan(items ? 3 : 30);
        expect(currentShares).toEqual(datedShares);
      }
    }
  });

  it('Cost Shares Breakdown (Sales): totals = the cost of the sales of non-Average items, shares add up', async () => {
    const rows = await reports.rows(
      'costSharesBreakdown',
      { printCostShareFor: 'Sales', startDate: '2025-04-01', endDate: '2025-06-30', showDetails: true },
      'TESTER',
    );
    const [cost] = await query<{ cost: string }>(
      `SELECT (-sum(v.cost_amount_actual + v.cost_amount_expected))::text AS cost
         FROM value_entry v JOIN item_ledger_entry e ON e.entry_no = v.item_ledger_entry_no JOIN item i ON i.no = e.item_no
        WHERE e.entry_type = 'Sale' AND e.posting_date BETWEEN '2025-04-01' AND '2025-06-30' AND v.posting_date <= '2025-06-30' AND i.costing_method <> 'Average'`,
    );
    expect(rows.length).toBeGreaterThan(20);
    expect(sum(rows.map((r) => r.total)).toFixed()).toBe(new Dec(cost.cost).toFixed());
    for (const r of rows) {
      const shares = sum(['material', 'overhead', 'variance', 'revaluation', 'rounding'].map((k) => r[k]));
      expect([r.itemNo, r.documentNo, shares.toFixed()]).toEqual([r.itemNo, r.documentNo, new Dec(String(r.total)).toFixed()]);
    }
    const averageItems = await query<{ no: string }>("SELECT no FROM item WHERE costing_method = 'Average'");
    expect(rows.some((r) => averageItems.some((a) => a.no === r.itemNo))).toBe(false);
  });
});
