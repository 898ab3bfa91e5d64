/**
 * Inventory Valuation – WIP's one query (report 5802; R101–R103): per production order, the WIP
 * side of its value entries — consumption (+), capacity (+), output's direct cost, expected and
 * actual (−) — before the period, in it by kind, and what of it is posted to G/L. Indirect cost and
 * variances of the output go against Overhead Applied and the variance accounts, not WIP.
 */
import type { IsoDate } from '../../common/dates';
import type { SqlSession } from '../../database/sql-session';

export interface WipFigures {
  orderNo: string;
  itemNo: string;
  description: string;
  status: string;
  wipAtStart: string;
  consumption: string;
  capacity: string;
  output: string;
  wipAtEnd: string;
  postedToGL: string;
}

export async function wipFigures(sql: SqlSession, o: { startDate: IsoDate | null; endDate: IsoDate; items: string[] | null }): Promise<WipFigures[]> {
  return sql.query<WipFigures>(
    `WITH sided AS (
       -- The WIP side of each value entry: capacity debits WIP (+1); consumption and the output's
       -- direct cost credit it (−1: their amounts carry the opposite sign); the rest is not on WIP (0).
       SELECT v.*,
              CASE WHEN v.item_ledger_entry_type = 'Consumption' THEN 'consumption' WHEN v.item_ledger_entry_type = '' THEN 'capacity' ELSE 'output' END AS kind,
              CASE WHEN v.item_ledger_entry_type = '' THEN 1 WHEN v.item_ledger_entry_type = 'Consumption' OR v.entry_type = 'DirectCost' THEN -1 ELSE 0 END AS side
         FROM value_entry_with_gl v
        WHERE v.order_type = 'Production' AND v.posting_date <= $2::date),
     wip AS (
       SELECT order_no, posting_date, kind, side * (cost_amount_actual + cost_amount_expected) AS amount,
              side * (cost_posted_to_gl + expected_cost_posted_to_gl) AS posted
         FROM sided)
     SELECT o.no AS "orderNo", o.item_no AS "itemNo", i.description, o.status,
            coalesce(sum(w.amount) FILTER (WHERE $1::date IS NOT NULL AND w.posting_date < $1::date), 0)::text AS "wipAtStart",
            coalesce(sum(w.amount) FILTER (WHERE ($1::date IS NULL OR w.posting_date >= $1::date) AND w.kind = 'consumption'), 0)::text AS consumption,
            coalesce(sum(w.amount) FILTER (WHERE ($1::date IS NULL OR w.posting_date >= $1::date) AND w.kind = 'capacity'), 0)::text AS capacity,
            coalesce(sum(w.amount) FILTER (WHERE ($1::date IS NULL OR w.posting_date >= $1::date) AND w.kind = 'output'), 0)::text AS output,
            coalesce(sum(w.amount), 0)::text AS "wipAtEnd",
            coalesce(sum(w.posted), 0)::text AS "postedToGL"
       FROM production_order o JOIN wip w ON w.order_no = o.no JOIN item i ON i.no = o.item_no
      WHERE ($3::text[] IS NULL OR o.item_no = ANY($3::text[]))
      GROUP BY o.no, o.item_no, i.description, o.status
     HAVING sum(w.amount) <> 0 OR bool_or($1::date IS NULL OR w.posting_date >= $1::date)
      ORDER BY o.no`,
    [o.startDate, o.endDate, o.items],
  );
}
