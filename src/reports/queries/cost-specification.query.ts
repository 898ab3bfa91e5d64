/** Cost Specification's one query (R127): per item the remaining quantity at the date, its value and the per-type composition. */
import type { SqlSession } from '../../database/sql-session';
import type { CostSpecificationOptions } from '../definitions/cost-specification.report';
import { RemainingForm, remainingEntries, remainingFormFor } from './remaining-at-date.sql';

export interface ItemFigures {
  itemNo: string;
  description: string;
  remaining: string;
  value: string;
  shares: Record<string, string> | null;
  own: Record<string, string> | null;
}

/** One query: per item the remaining quantity, the inventory value, and the per-type composition. */
export async function itemFigures(sql: SqlSession, o: CostSpecificationOptions): Promise<ItemFigures[]> {
  return itemFiguresBy(sql, o, await remainingFormFor(sql, o.valuationDate));
}

/** itemFigures with the remaining quantities found one way or the other (both give the same figures: a test). */
export function itemFiguresBy(sql: SqlSession, o: CostSpecificationOptions, form: RemainingForm): Promise<ItemFigures[]> {
  return sql.query<ItemFigures>(
    `WITH ${remainingEntries(form, '$1', '$2')},
     held AS (SELECT entry_no, item_no, quantity, remaining FROM remaining_entry WHERE remaining <> 0 AND quantity <> 0),
     -- Per entry still held and type, its value (summed before the share is taken, so the
     -- division rounds as it always did); only the held entries' value entries are read — a
     -- year has a million entries and a few percent of them still hold stock.
     ve AS (
       SELECT v.item_ledger_entry_no, v.entry_type, sum(v.cost_amount_actual + v.cost_amount_expected) AS amount
         FROM value_entry v JOIN held h ON h.entry_no = v.item_ledger_entry_no
        WHERE v.posting_date <= $1::date AND ($2::text[] IS NULL OR v.item_no = ANY($2::text[]))
        GROUP BY 1, 2),
     shares AS (
       SELECT h.item_no, ve.entry_type, sum(ve.amount * h.remaining / h.quantity) AS share
         FROM held h JOIN ve ON ve.item_ledger_entry_no = h.entry_no
        GROUP BY 1, 2),
     -- Per item and type, everything posted up to the date (sums are exact: no per-entry step needed).
     own AS (
       SELECT v.item_no, v.entry_type, sum(v.cost_amount_actual + v.cost_amount_expected) AS amount
         FROM value_entry v
        WHERE v.posting_date <= $1::date AND ($2::text[] IS NULL OR v.item_no = ANY($2::text[]))
        GROUP BY 1, 2),
     per_item AS (SELECT item_no, sum(remaining) AS remaining FROM remaining_entry GROUP BY 1),
     share_doc AS (SELECT item_no, jsonb_object_agg(entry_type, share::text) AS shares FROM shares GROUP BY 1),
     own_doc AS (
       SELECT item_no, jsonb_object_agg(entry_type, amount::text) AS own, sum(amount) AS value
         FROM own GROUP BY 1)
     SELECT i.no AS "itemNo", i.description,
            coalesce(p.remaining, 0)::text AS remaining,
            coalesce(od.value, 0)::text AS value,
            sd.shares, od.own
       FROM item i
       LEFT JOIN per_item p ON p.item_no = i.no
       LEFT JOIN share_doc sd ON sd.item_no = i.no
       LEFT JOIN own_doc od ON od.item_no = i.no
      WHERE ($2::text[] IS NULL OR i.no = ANY($2::text[]))
        AND (coalesce(p.remaining, 0) <> 0 OR coalesce(od.value, 0) <> 0)
      ORDER BY i.no`,
    [o.valuationDate, o.items],
  );
}
