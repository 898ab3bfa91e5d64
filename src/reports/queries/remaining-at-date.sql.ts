import type { IsoDate } from '../../common/dates';
import type { SqlSession } from '../../database/sql-session';

/**
 * How a report finds entries' remaining quantity on a date: 'dated' from the applications posted
 * up to it; 'current' from the ledger's own remaining quantity, right when nothing is posted after
 * the date (a month end closed before the next month's postings, the year's last day).
 */
export type RemainingForm = 'dated' | 'current';

/** 'current' when no item ledger entry is posted after `date`, else 'dated'. */
export async function remainingFormFor(sql: SqlSession, date: IsoDate): Promise<RemainingForm> {
  const [row] = await sql.query<{ later: boolean }>('SELECT EXISTS (SELECT 1 FROM item_ledger_entry WHERE posting_date > $1::date) AS later', [date]);
  return row.later ? 'dated' : 'current';
}

/**
 * SQL shared by the reports that need an entry's remaining quantity on a past date (R127), as the
 * CTE `remaining_entry` (entry_no, item_no, document_no, posting_date, positive, quantity,
 * remaining) with the entries that may hold some (all up to the date, or only the open ones), to be
 * put after WITH [RECURSIVE].
 *
 * 'dated': the quantity applications between entries both posted up to the date, summed per
 * entry; cost applications and the transfer link rows move no quantity and are left out.
 * 'current' (nothing posted after the date): every application is then between entries up to
 * it, so the sum is what the ledger keeps as remaining quantity (remaining = quantity −
 * Σ applications and open ⇔ remaining ≠ 0 are invariants, checked after every scenario step,
 * ledger-invariants.ts), and only open entries hold any — a few percent of a year's entries,
 * instead of a pass over every application and entry (Cost Specification at 1 M: 7.4 → 2.5 s).
 */
export function remainingEntries(form: RemainingForm, dateParam: string, itemsParam: string): string {
  if (form === 'current')
    return `
     remaining_entry AS (
       SELECT entry_no, item_no, document_no, posting_date, positive, quantity, remaining_quantity AS remaining FROM item_ledger_entry
        WHERE open AND posting_date <= ${dateParam}::date AND (${itemsParam}::text[] IS NULL OR item_no = ANY(${itemsParam}::text[])))`;
  return `
     dated_entry AS (
       SELECT entry_no, item_no, document_no, posting_date, positive, quantity FROM item_ledger_entry
        WHERE posting_date <= ${dateParam}::date AND (${itemsParam}::text[] IS NULL OR item_no = ANY(${itemsParam}::text[]))),
     -- Both entries dated by the item ledger itself, not by joining dated_entry: used twice more
     -- below, that CTE is materialised, and joining it twice cost a million-entry year 1.3 s.
     dated_consumption AS (
       SELECT a.inbound_item_entry_no AS inbound, a.outbound_item_entry_no AS outbound, abs(a.quantity) AS qty
         FROM item_application_entry a
         JOIN item_ledger_entry i ON i.entry_no = a.inbound_item_entry_no
         JOIN item_ledger_entry o ON o.entry_no = a.outbound_item_entry_no
        WHERE NOT a.cost_application AND a.transferred_from_entry_no IS NULL
          AND i.posting_date <= ${dateParam}::date AND o.posting_date <= ${dateParam}::date
          AND (${itemsParam}::text[] IS NULL OR (i.item_no = ANY(${itemsParam}::text[]) AND o.item_no = ANY(${itemsParam}::text[])))),
     -- What the dated applications moved of each entry (taken from its increase, given back to its
     -- decrease), summed in one pass: the remaining quantity is the same sum either way.
     moved_quantity AS (
       SELECT entry_no, sum(qty) AS qty
         FROM (SELECT inbound AS entry_no, -qty AS qty FROM dated_consumption UNION ALL SELECT outbound, qty FROM dated_consumption) m
        GROUP BY 1),
     remaining_entry AS (
       SELECT e.entry_no, e.item_no, e.document_no, e.posting_date, e.positive, e.quantity,
              e.quantity + coalesce(m.qty, 0) AS remaining
         FROM dated_entry e LEFT JOIN moved_quantity m ON m.entry_no = e.entry_no)`;
}
