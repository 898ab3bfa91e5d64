import { Injectable } from '@nestjs/common';
import type { SqlSession } from '../database/sql-session';
import { MOVE_INVOICED_TOTALS } from '../ledgers/ledger-writer';
import type { CostingSetup } from '../setup/costing-setup';
import { loadBatchSlice, type BatchSlice, type SliceOptions } from './adjustment-loader';

/**
 * What Adjust Cost – Item Entries reads and moves besides the ledgers it appends to (the ledger
 * writer does that): which items have work, the slice of ledgers a batch needs, the entry points
 * and items it marks adjusted (R42, R48, R23). Each method takes the caller's transaction.
 */
@Injectable()
export class AdjustmentRepository {
  loadBatchSlice(sql: SqlSession, itemNos: string[], options: SliceOptions): Promise<BatchSlice> {
    return loadBatchSlice(sql, itemNos, options);
  }

  /** Item ledger entries per item over the whole ledger: a cheap size estimate for a batch. */
  async entriesPerItem(sql: SqlSession): Promise<number> {
    const [row] = await sql.query<{ entries: number; items: string }>(
      "SELECT (SELECT last_no FROM ledger_counter WHERE name = 'item_ledger_entry') AS entries, (SELECT count(*) FROM item) AS items",
    );
    return Number(row.entries) / Math.max(1, Number(row.items));
  }

  /**
   * Items with a flagged inbound entry or an unadjusted entry point, in item order, and how many
   * flags the Applied Entry to Adjust list holds for them (read in the same scan).
   */
  async itemsWithWork(sql: SqlSession, filter: readonly string[] | null): Promise<{ itemNos: string[]; queuedFlags: number }> {
    const rows = await sql.query<{ item_no: string; flags: string }>(
      `WITH queued AS (SELECT item_no FROM applied_entry_to_adjust WHERE ($1::text[] IS NULL OR item_no = ANY($1::text[])))
       SELECT w.item_no, (SELECT count(*) FROM queued) AS flags
         FROM (SELECT item_no FROM queued
               UNION
               SELECT item_no FROM avg_cost_adjmt_entry_point WHERE NOT cost_is_adjusted AND ($1::text[] IS NULL OR item_no = ANY($1::text[]))
               UNION
               SELECT no FROM item WHERE NOT cost_is_adjusted AND ($1::text[] IS NULL OR no = ANY($1::text[]))) w
        ORDER BY 1`,
      [filter ? [...filter] : null],
    );
    return { itemNos: rows.map((r) => r.item_no), queuedFlags: rows.length ? Number(rows[0].flags) : 0 };
  }

  /**
   * VACUUM (ANALYZE) of the Applied Entry to Adjust list, outside any transaction. Its rows are
   * deleted as batches adjust them, so a large run leaves as many dead rows and index entries;
   * until they are gone every later run's look-ups wade through them.
   */
  async vacuumQueue(sql: SqlSession): Promise<void> {
    await sql.query('VACUUM (ANALYZE) applied_entry_to_adjust');
  }

  /**
   * R96: the assembly outputs whose consumption just changed cost go on the Applied Entry to
   * Adjust list (unless the batch settled them already); returns their items.
   */
  async flagOrderOutputs(sql: SqlSession, changedEntryNos: readonly number[], settled: readonly number[]): Promise<string[]> {
    if (!changedEntryNos.length) return [];
    const rows = await sql.query<{ item_no: string }>(
      `WITH flagged AS (
         INSERT INTO applied_entry_to_adjust (item_ledger_entry_no, item_no)
         SELECT DISTINCT o.entry_no, o.item_no FROM item_ledger_entry c
           JOIN item_ledger_entry o ON o.order_no = c.order_no AND o.entry_type IN ('AssemblyOutput', 'Output')
          WHERE c.entry_no = ANY($1::int[]) AND c.entry_type IN ('AssemblyConsumption', 'Consumption') AND o.entry_no <> ALL($2::int[])
         ON CONFLICT DO NOTHING RETURNING item_ledger_entry_no, item_no),
       orders AS (
         UPDATE production_order p SET cost_is_adjusted = false
           FROM item_ledger_entry e WHERE e.entry_no IN (SELECT item_ledger_entry_no FROM flagged) AND p.no = e.order_no)
       SELECT item_no FROM flagged`,
      [[...changedEntryNos], [...settled]],
    );
    return [...new Set(rows.map((r) => r.item_no))];
  }

  /** R94: the outputs a finished order's adjustment invoiced (their invoiced quantity, a bookkeeping field). */
  async markOutputsInvoiced(sql: SqlSession, entryNos: readonly number[]): Promise<void> {
    if (entryNos.length === 0) return;
    await sql.query(
      `WITH moved AS (SELECT item_no, location_code, variant_code, sum(quantity - invoiced_quantity) AS invoiced
                        FROM item_ledger_entry WHERE entry_no = ANY($1::int[]) AND invoiced_quantity <> quantity GROUP BY 1, 2, 3),
            totals AS (${MOVE_INVOICED_TOTALS})
       UPDATE item_ledger_entry SET invoiced_quantity = quantity WHERE entry_no = ANY($1::int[])`,
      [[...entryNos]],
    );
  }

  /** Finished orders whose outputs are now at their actual cost (R115(c) looks at this). */
  async markProductionOrdersAdjusted(sql: SqlSession, orderNos: readonly string[]): Promise<void> {
    if (orderNos.length) await sql.query('UPDATE production_order SET cost_is_adjusted = true WHERE no = ANY($1::text[])', [[...orderNos]]);
  }

  /** R48: every inbound entry of the items on the Applied Entry to Adjust list, every entry point and item reset. */
  async markForAdjustment(sql: SqlSession, items: readonly string[] | null): Promise<{ entriesMarked: number; entryPointsReset: number; items: number }> {
    const filter = items ? [...items] : null;
    const marked = await sql.query(
      `INSERT INTO applied_entry_to_adjust (item_ledger_entry_no, item_no)
       SELECT entry_no, item_no FROM item_ledger_entry WHERE positive AND ($1::text[] IS NULL OR item_no = ANY($1::text[]))
       ON CONFLICT DO NOTHING RETURNING item_ledger_entry_no`,
      [filter],
    );
    const reset = await sql.query(
      'UPDATE avg_cost_adjmt_entry_point SET cost_is_adjusted = false WHERE cost_is_adjusted AND ($1::text[] IS NULL OR item_no = ANY($1::text[])) RETURNING item_no',
      [filter],
    );
    const itemRows = await sql.query('UPDATE item SET cost_is_adjusted = false WHERE ($1::text[] IS NULL OR no = ANY($1::text[])) RETURNING no', [filter]);
    return { entriesMarked: marked.length, entryPointsReset: reset.length, items: itemRows.length };
  }

  /** The entry points an average-cost adjustment settled, per item from a date up to a date (or on). */
  async markEntryPointsAdjusted(sql: SqlSession, adjusted: readonly { itemNo: string; from: string; upTo: string | null }[]): Promise<void> {
    if (!adjusted.length) return;
    await sql.query(
      `UPDATE avg_cost_adjmt_entry_point p SET cost_is_adjusted = true
         FROM unnest($1::text[], $2::date[], $3::date[]) a(item_no, from_date, up_to)
        WHERE p.item_no = a.item_no AND p.valuation_date >= a.from_date AND (a.up_to IS NULL OR p.valuation_date <= a.up_to) AND NOT p.cost_is_adjusted`,
      [adjusted.map((a) => a.itemNo), adjusted.map((a) => a.from), adjusted.map((a) => a.upTo)],
    );
  }

  /**
   * R23, case 1: Unit Cost = value on hand (invoiced and expected) ÷ quantity on hand, for items
   * that are not Standard; never overwritten with zero. Cost is Adjusted once nothing is left.
   * Items are found by their key and only changed costs are written (compared as text, so that a
   * cost of 13 is still written as 13.00000 at the unit-amount precision): joined by a scan, and
   * written whether changed or not, an incremental run's seven batches spent 61–74 ms on it at a
   * million entries, 48–52 ms so (EXPLAIN ANALYZE; most of the rest is reading inventory totals
   * full of dead rows where autovacuum is off, as on the benchmark machine), and no dead item row
   * is left for an unchanged cost.
   */
  async updateItemsAfterAdjustment(sql: SqlSession, itemNos: string[], setup: CostingSetup, checkRemainingWork: boolean): Promise<number> {
    await sql.query(
      `UPDATE item i SET unit_cost = round(t.value / t.qty / $2::numeric) * $2::numeric
         FROM (SELECT item_no, sum(quantity) AS qty, sum(value) AS value FROM inventory_total WHERE item_no = ANY($1::text[]) GROUP BY item_no) t
        WHERE i.no = ANY($1::text[]) AND i.no = t.item_no AND i.costing_method <> 'Standard' AND t.qty > 0 AND round(t.value / t.qty / $2::numeric) <> 0
          AND i.unit_cost::text <> (round(t.value / t.qty / $2::numeric) * $2::numeric)::text`,
      [itemNos, setup.precisions.unitAmount],
    );
    if (!checkRemainingWork) {
      await sql.query('UPDATE item SET cost_is_adjusted = true WHERE no = ANY($1::text[]) AND NOT cost_is_adjusted', [itemNos]);
      return itemNos.length;
    }
    const rows = await sql.query<{ no: string }>(
      `UPDATE item i SET cost_is_adjusted = true
        WHERE i.no = ANY($1::text[])
          AND NOT EXISTS (SELECT 1 FROM applied_entry_to_adjust q WHERE q.item_no = i.no)
          AND NOT EXISTS (SELECT 1 FROM avg_cost_adjmt_entry_point p WHERE NOT p.cost_is_adjusted AND p.item_no = i.no)
        RETURNING i.no`,
      [itemNos],
    );
    return rows.length;
  }
}
