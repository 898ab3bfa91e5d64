import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import type { IsoDate } from '../common/dates';
import type { PeriodCalendar } from '../costing/average-cost-period';
import type { AverageCostPeriod, AvgCostEntryPoint } from '../costing/types';

const INSERT_CHUNK = 1000;

/** How many unadjusted things there are before a date, and which items they belong to. */
export interface UnadjustedBefore {
  count: number;
  items: string | null;
}

/**
 * The SQL the setup resources need beyond the ORM's own find, create and flush: the checks that
 * guard a change against the ledgers (R119, deleting what entries refer to) and the entry points a
 * change of the average-cost period rebuilds (R12, R20, R51). Every method runs in the
 * EntityManager's transaction, so a check and the change it guards see the same state.
 */
@Injectable()
export class SetupRepository {
  private run<T>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T> {
    return em.getConnection().execute<T>(sql, params, 'all', em.getTransactionContext()) as Promise<T>;
  }

  /** R119: entry points not adjusted, and flagged inbound entries, valued or posted before the date. */
  async unadjustedBefore(em: EntityManager, date: IsoDate): Promise<{ entryPoints: UnadjustedBefore; flaggedEntries: UnadjustedBefore }> {
    const [points] = await this.run<{ n: string; items: string | null }[]>(
      em,
      `SELECT count(*) AS n, string_agg(DISTINCT item_no, ', ') AS items FROM avg_cost_adjmt_entry_point WHERE NOT cost_is_adjusted AND valuation_date < ?`,
      [date],
    );
    const [flagged] = await this.run<{ n: string; items: string | null }[]>(
      em,
      `SELECT count(*) AS n, string_agg(DISTINCT q.item_no, ', ') AS items FROM applied_entry_to_adjust q JOIN item_ledger_entry e ON e.entry_no = q.item_ledger_entry_no WHERE e.posting_date < ?`,
      [date],
    );
    return { entryPoints: { count: Number(points.n), items: points.items }, flaggedEntries: { count: Number(flagged.n), items: flagged.items } };
  }

  /** Whether any item is set up (the demo seeds only an empty database). */
  async hasItems(em: EntityManager): Promise<boolean> {
    const rows = await this.run<{ one: number }[]>(em, 'SELECT 1 AS one FROM item LIMIT 1');
    return rows.length > 0;
  }

  async itemHasEntries(em: EntityManager, itemNo: string): Promise<boolean> {
    const rows = await this.run<{ one: number }[]>(em, 'SELECT 1 AS one FROM item_ledger_entry WHERE item_no = ? LIMIT 1', [itemNo]);
    return rows.length > 0;
  }

  async locationHasEntries(em: EntityManager, locationCode: string): Promise<boolean> {
    const rows = await this.run<{ one: number }[]>(em, 'SELECT 1 AS one FROM item_ledger_entry WHERE location_code = ? LIMIT 1', [locationCode]);
    return rows.length > 0;
  }

  /** The calendar averages are grouped by: the setup's period, and the accounting periods' starts. */
  async averageCalendar(em: EntityManager): Promise<PeriodCalendar> {
    const [setup] = await this.run<{ period: AverageCostPeriod; starts: string[] | null }[]>(
      em,
      `SELECT average_cost_period AS period, (SELECT array_agg(starting_date::text ORDER BY starting_date) FROM accounting_period) AS starts
         FROM inventory_setup WHERE id = 1`,
    );
    return { period: setup?.period ?? 'Day', accountingPeriodStarts: setup?.starts ?? [] };
  }

  /** Every item, variant, location and valuation date Average items have value entries on. */
  async averageValuations(em: EntityManager): Promise<{ itemNo: string; variantCode: string; locationCode: string; valuationDate: IsoDate }[]> {
    const rows = await this.run<{ item_no: string; variant_code: string; location_code: string; valuation_date: string }[]>(
      em,
      `SELECT DISTINCT v.item_no, v.variant_code, v.location_code, v.valuation_date::text AS valuation_date
         FROM value_entry v JOIN item i ON i.no = v.item_no
        WHERE i.costing_method = 'Average'`,
    );
    return rows.map((r) => ({ itemNo: r.item_no, variantCode: r.variant_code, locationCode: r.location_code, valuationDate: r.valuation_date }));
  }

  /** Average items' entry points replaced by `points`, all unadjusted, and the items marked unadjusted. */
  async replaceAverageEntryPoints(
    em: EntityManager,
    points: readonly Pick<AvgCostEntryPoint, 'itemNo' | 'variantCode' | 'locationCode' | 'valuationDate'>[],
  ): Promise<void> {
    await this.run(em, `DELETE FROM avg_cost_adjmt_entry_point p USING item i WHERE i.no = p.item_no AND i.costing_method = 'Average'`);
    // Plain VALUES lists in chunks: the ORM's driver expands an array binding into a list, not a PostgreSQL array.
    for (let i = 0; i < points.length; i += INSERT_CHUNK) {
      const chunk = points.slice(i, i + INSERT_CHUNK);
      await this.run(
        em,
        `INSERT INTO avg_cost_adjmt_entry_point (item_no, variant_code, location_code, valuation_date, cost_is_adjusted) VALUES ${chunk.map(() => '(?, ?, ?, ?::date, false)').join(', ')}`,
        chunk.flatMap((p) => [p.itemNo, p.variantCode, p.locationCode, p.valuationDate]),
      );
    }
    await this.run(
      em,
      `UPDATE item SET cost_is_adjusted = false WHERE costing_method = 'Average' AND no IN (SELECT DISTINCT item_no FROM avg_cost_adjmt_entry_point)`,
    );
  }
}
