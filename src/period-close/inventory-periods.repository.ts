import { Injectable } from '@nestjs/common';
import type { IsoDate } from '../common/dates';
import type { SqlSession } from '../database/sql-session';

export interface PeriodState {
  endingDate: IsoDate;
  name: string;
  closed: boolean;
  startingDate: IsoDate | null;
}

export interface PeriodEntryRow {
  entryNo: number;
  endingDate: IsoDate;
  entryType: 'Close' | 'ReOpen';
  closingItemRegisterNo: number | null;
  userId: string;
}

/**
 * Inventory periods and their entries (R113–R117): the only SQL on these tables. Every method
 * takes the caller's session, so a close or reopen reads and writes in its one transaction.
 */
@Injectable()
export class InventoryPeriodsRepository {
  async list(sql: SqlSession): Promise<PeriodState[]> {
    const rows = await sql.query<{ ending_date: IsoDate; name: string; closed: boolean; starting_date: IsoDate | null }>(
      `SELECT ending_date, name, closed, (lag(ending_date) OVER (ORDER BY ending_date) + 1)::text AS starting_date FROM inventory_period ORDER BY ending_date`,
    );
    return rows.map((r) => ({ endingDate: r.ending_date, name: r.name, closed: r.closed, startingDate: r.starting_date }));
  }

  /** The ending date of the last closed period (R114: nothing may be posted on or before it). */
  async lastClosedEnd(sql: SqlSession): Promise<IsoDate | null> {
    const [row] = await sql.query<{ last_closed: IsoDate | null }>('SELECT max(ending_date)::text AS last_closed FROM inventory_period WHERE closed');
    return row?.last_closed ?? null;
  }

  /** Creates the period when there is none ending that day; whether it did. */
  async createIfMissing(sql: SqlSession, endingDate: IsoDate, name: string): Promise<boolean> {
    const rows = await sql.query(
      'INSERT INTO inventory_period (ending_date, name, closed) VALUES ($1, $2, false) ON CONFLICT (ending_date) DO NOTHING RETURNING ending_date',
      [endingDate, name],
    );
    return rows.length > 0;
  }

  async setClosed(sql: SqlSession, endingDates: readonly IsoDate[], closed: boolean): Promise<void> {
    await sql.query('UPDATE inventory_period SET closed = $2 WHERE ending_date = ANY($1::date[])', [endingDates, closed]);
  }

  /** Inventory period entries (R116), all in one statement. */
  async insertEntries(sql: SqlSession, rows: readonly PeriodEntryRow[]): Promise<void> {
    if (!rows.length) return;
    await sql.query(
      `INSERT INTO inventory_period_entry (entry_no, ending_date, entry_type, closing_item_register_no, user_id)
       SELECT * FROM unnest($1::int[], $2::date[], $3::text[], $4::int[], $5::text[])`,
      [
        rows.map((r) => r.entryNo),
        rows.map((r) => r.endingDate),
        rows.map((r) => r.entryType),
        rows.map((r) => r.closingItemRegisterNo),
        rows.map((r) => r.userId),
      ],
    );
  }

  /**
   * Per period ending date: the items with entries dated up to it that are not adjusted (an
   * entry point not adjusted, or an inbound entry on the Applied Entry to Adjust list), by date
   * then item.
   */
  async unadjustedItems(sql: SqlSession, endingDates: readonly IsoDate[]): Promise<{ endingDate: IsoDate; itemNo: string }[]> {
    if (!endingDates.length) return [];
    const rows = await sql.query<{ ending_date: IsoDate; item_no: string }>(
      `SELECT p.ending_date, u.item_no FROM unnest($1::date[]) AS p(ending_date)
       CROSS JOIN LATERAL (
         SELECT item_no FROM avg_cost_adjmt_entry_point WHERE NOT cost_is_adjusted AND valuation_date <= p.ending_date
         UNION
         SELECT q.item_no FROM applied_entry_to_adjust q JOIN item_ledger_entry e ON e.entry_no = q.item_ledger_entry_no WHERE e.posting_date <= p.ending_date
       ) AS u
       ORDER BY p.ending_date, u.item_no`,
      [endingDates],
    );
    return rows.map((r) => ({ endingDate: r.ending_date, itemNo: r.item_no }));
  }

  /**
   * R115(c), R117: per period ending date, the finished production orders whose output is posted up
   * to it and that the adjustment has not invoiced yet. A released order carries its WIP into the
   * next period and does not block (it cannot be adjusted before it is finished).
   */
  async unadjustedProductionOrders(sql: SqlSession, endingDates: readonly IsoDate[]): Promise<{ endingDate: IsoDate; orderNo: string; itemNo: string }[]> {
    if (!endingDates.length) return [];
    const rows = await sql.query<{ ending_date: IsoDate; no: string; item_no: string }>(
      `SELECT p.ending_date, o.no, o.item_no FROM unnest($1::date[]) AS p(ending_date)
         JOIN production_order o ON o.status = 'Finished' AND NOT o.cost_is_adjusted
        WHERE EXISTS (SELECT 1 FROM item_ledger_entry e WHERE e.order_no = o.no AND e.entry_type = 'Output' AND e.posting_date <= p.ending_date)
        ORDER BY p.ending_date, o.no`,
      [endingDates],
    );
    return rows.map((r) => ({ endingDate: r.ending_date, orderNo: r.no, itemNo: r.item_no }));
  }

  /** Per period ending date: the open outbound entries posted up to it, by date then entry. */
  async openOutboundEntries(sql: SqlSession, endingDates: readonly IsoDate[]): Promise<{ endingDate: IsoDate; entryNo: number; itemNo: string }[]> {
    if (!endingDates.length) return [];
    const rows = await sql.query<{ ending_date: IsoDate; entry_no: number; item_no: string }>(
      `SELECT p.ending_date, e.entry_no, e.item_no FROM unnest($1::date[]) AS p(ending_date)
       JOIN item_ledger_entry e ON e.open AND NOT e.positive AND e.posting_date <= p.ending_date
       ORDER BY p.ending_date, e.entry_no`,
      [endingDates],
    );
    return rows.map((r) => ({ endingDate: r.ending_date, entryNo: r.entry_no, itemNo: r.item_no }));
  }
}
