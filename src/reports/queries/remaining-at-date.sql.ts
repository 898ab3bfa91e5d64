/**
 * SQL shared by the reports that need an entry's remaining quantity on a past date (R127): the
 * quantity applications between entries both posted up to the date, summed per entry. Cost
 * applications and the transfer link rows move no quantity and are left out.
 *
 * `remainingAtDate('$1', '$2')` gives its CTEs, among them `dated_entry` (entries up to the date, item
 * filter) and `remaining_entry` (entry_no, item_no, document_no, posting_date, positive,
 * quantity, remaining), to be put after WITH [RECURSIVE].
 */
export function remainingAtDate(dateParam: string, itemsParam: string): string {
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
