import { Injectable } from '@nestjs/common';
import { Dec } from '../common/decimal';
import type { IsoDate } from '../common/dates';
import type { SqlSession } from '../database/sql-session';
import type { ItemApplicationEntry, ItemLedgerEntry, ValueEntry } from '../costing/types';
import { APP_SELECT, ILE_SELECT, VE_SELECT } from '../ledgers/ledger-reader';
import { appFromRow, ileFromRow, veFromRow } from '../ledgers/ledger-rows';

export interface InboundFilter {
  asOf: IsoDate;
  locationCode?: string | null;
  variantCode?: string | null;
  /** Per entry: only this entry (Applies-to Entry). */
  appliesToEntry?: number | null;
}

export interface AverageTotal {
  itemNo: string;
  /** '' unless by location / by variant. */
  locationCode: string;
  variantCode: string;
  quantity: Dec;
  value: Dec;
}

/**
 * What Calculate Inventory Value, revaluation and a standard cost change read and set (R82–R90):
 * one query per table for a set of items, rows read through the ledgers' column mapping. Every
 * method takes the caller's session.
 */
@Injectable()
export class ValuationRepository {
  async itemsWithEntries(sql: SqlSession): Promise<string[]> {
    const rows = await sql.query<{ item_no: string }>('SELECT DISTINCT item_no FROM item_ledger_entry ORDER BY 1');
    return rows.map((r) => r.item_no);
  }

  /** The items' increases posted up to the date, in entry order. */
  async inboundEntries(sql: SqlSession, itemNos: readonly string[], f: InboundFilter): Promise<ItemLedgerEntry[]> {
    const rows = await sql.queryArrays(
      `${ILE_SELECT} WHERE e.item_no = ANY($1::text[]) AND e.positive AND e.posting_date <= $2
          AND ($3::text IS NULL OR e.location_code = $3) AND ($4::text IS NULL OR e.variant_code = $4) AND ($5::int IS NULL OR e.entry_no = $5)
        ORDER BY e.entry_no`,
      [[...itemNos], f.asOf, f.locationCode ?? null, f.variantCode ?? null, f.appliesToEntry ?? null],
    );
    return rows.map(ileFromRow);
  }

  async valueEntriesOf(sql: SqlSession, entryNos: readonly number[]): Promise<ValueEntry[]> {
    const rows = await sql.queryArrays(`${VE_SELECT} WHERE v.item_ledger_entry_no = ANY($1::int[]) ORDER BY v.entry_no`, [[...entryNos]]);
    return rows.map(veFromRow);
  }

  /** The applications that took quantity out of the entries, posted up to the date. */
  async applicationsOutOf(sql: SqlSession, entryNos: readonly number[], asOf: IsoDate): Promise<ItemApplicationEntry[]> {
    const rows = await sql.queryArrays(
      `${APP_SELECT} WHERE a.inbound_item_entry_no = ANY($1::int[]) AND a.outbound_item_entry_no <> 0 AND a.posting_date <= $2`,
      [[...entryNos], asOf],
    );
    return rows.map(appFromRow);
  }

  /** Average items' quantity and value valued up to the date, per item (and location, variant when asked). */
  async averageTotals(sql: SqlSession, itemNos: readonly string[], asOf: IsoDate, byLocation: boolean, byVariant: boolean): Promise<AverageTotal[]> {
    const rows = await sql.query<{ item_no: string; location_code: string; variant_code: string; quantity: string; value: string }>(
      `SELECT item_no, CASE WHEN $3 THEN location_code ELSE '' END AS location_code, CASE WHEN $4 THEN variant_code ELSE '' END AS variant_code,
              sum(item_ledger_entry_quantity)::text AS quantity, sum(cost_amount_actual + cost_amount_expected)::text AS value
         FROM value_entry WHERE item_no = ANY($1::text[]) AND valuation_date <= $2 GROUP BY 1, 2, 3`,
      [[...itemNos], asOf, byLocation, byVariant],
    );
    return rows.map((r) => ({
      itemNo: r.item_no,
      locationCode: r.location_code,
      variantCode: r.variant_code,
      quantity: new Dec(r.quantity),
      value: new Dec(r.value),
    }));
  }

  /**
   * Implement Standard Cost Change: Standard Cost and Unit Cost both take the new cost (R23, R90),
   * which is all material, single-level and rolled-up, as a typed-in standard cost [AL: codeunit 5804].
   */
  async setStandardCost(sql: SqlSession, itemNo: string, standardCost: Dec): Promise<void> {
    await sql.query(
      `UPDATE item SET standard_cost = $2, unit_cost = $2, single_level_material_cost = $2, rolled_up_material_cost = $2,
              single_level_capacity_cost = 0, single_level_subcontracted_cost = 0, single_level_cap_overhead_cost = 0, single_level_mfg_overhead_cost = 0,
              rolled_up_capacity_cost = 0, rolled_up_subcontracted_cost = 0, rolled_up_cap_overhead_cost = 0, rolled_up_mfg_overhead_cost = 0
        WHERE no = $1`,
      [itemNo, standardCost],
    );
  }
}
