/**
 * Changing the Average Cost Period or the Average Cost Calc. Type (R12, R20): "every affected entry
 * must then be readjusted". The old entry points name periods that no longer exist, so they are
 * replaced by entry points of the new periods, all unadjusted, and the Average items are marked
 * unadjusted: the next Adjust Cost re-averages every Average item under the new setting.
 *
 * Runs inside the setup change's transaction (the EntityManager's), so the setting and its entry
 * points change together or not at all.
 */
import type { EntityManager } from '@mikro-orm/core';
import { entryPointsForPeriods, PeriodCalendar } from '../costing/average-cost-period';
import type { AverageCostPeriod } from '../costing/types';

/** Does this change of a setup record alter how averages are grouped into periods? */
export async function changesAveragePeriods(
  em: EntityManager,
  path: string,
  before: Record<string, unknown> | null,
  values: Record<string, unknown>,
): Promise<boolean> {
  if (path === 'inventory-setup') {
    return (
      (values.averageCostPeriod !== undefined && values.averageCostPeriod !== (before?.averageCostPeriod ?? 'Day')) ||
      (values.averageCostCalcType !== undefined && values.averageCostCalcType !== (before?.averageCostCalcType ?? 'Item'))
    );
  }
  if (path !== 'accounting-periods') return false;
  // Accounting periods are the periods themselves when the average is per accounting period.
  const [setup] = await em
    .getConnection()
    .execute<{ period: AverageCostPeriod }[]>('SELECT average_cost_period AS period FROM inventory_setup WHERE id = 1', [], 'all', em.getTransactionContext());
  return setup?.period === 'AccountingPeriod';
}

const INSERT_CHUNK = 1000;

/** Replaces the entry points of every Average item by those of the current periods; returns their count. */
export async function rebuildAverageEntryPoints(em: EntityManager): Promise<number> {
  const ctx = em.getTransactionContext();
  const connection = em.getConnection();
  const run = <T>(sql: string, params: unknown[] = []): Promise<T> => connection.execute<T>(sql, params, 'all', ctx) as Promise<T>;
  const [setup] = await run<{ period: AverageCostPeriod; starts: string[] | null }[]>(
    `SELECT average_cost_period AS period, (SELECT array_agg(starting_date::text ORDER BY starting_date) FROM accounting_period) AS starts
       FROM inventory_setup WHERE id = 1`,
  );
  const calendar: PeriodCalendar = { period: setup.period, accountingPeriodStarts: setup.starts ?? [] };
  const valuations = await run<{ item_no: string; variant_code: string; location_code: string; valuation_date: string }[]>(
    `SELECT DISTINCT v.item_no, v.variant_code, v.location_code, v.valuation_date::text AS valuation_date
       FROM value_entry v JOIN item i ON i.no = v.item_no
      WHERE i.costing_method = 'Average'`,
  );
  const points = entryPointsForPeriods(
    valuations.map((r) => ({ itemNo: r.item_no, variantCode: r.variant_code, locationCode: r.location_code, valuationDate: r.valuation_date })),
    calendar,
  );
  await run(`DELETE FROM avg_cost_adjmt_entry_point p USING item i WHERE i.no = p.item_no AND i.costing_method = 'Average'`);
  for (let i = 0; i < points.length; i += INSERT_CHUNK) {
    const chunk = points.slice(i, i + INSERT_CHUNK);
    await run(
      `INSERT INTO avg_cost_adjmt_entry_point (item_no, variant_code, location_code, valuation_date, cost_is_adjusted) VALUES ${chunk.map(() => '(?, ?, ?, ?::date, false)').join(', ')}`,
      chunk.flatMap((p) => [p.itemNo, p.variantCode, p.locationCode, p.valuationDate]),
    );
  }
  await run(`UPDATE item SET cost_is_adjusted = false WHERE costing_method = 'Average' AND no IN (SELECT DISTINCT item_no FROM avg_cost_adjmt_entry_point)`);
  return points.length;
}
