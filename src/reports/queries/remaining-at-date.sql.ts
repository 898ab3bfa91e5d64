/**
 * SQL shared by the reports that need an entry's remaining quantity on a past date (R127): the
 * quantity applications between entries both posted up to the date, summed per entry. Cost
 * applications and the transfer link rows move no quantity and are left out.
 *
 * `remainingAtDate('$1', '$2')` gives two CTEs, `dated_entry` (entries up to the date, item
 * filter) and `remaining_entry` (entry_no, item_no, document_no, posting_date, positive,
 * quantity, remaining), to be put after WITH [RECURSIVE].
 */
export function remainingAtDate(dateParam: string, itemsParam: string): string {
  return `
     dated_entry AS (
       SELECT entry_no, item_no, document_no, posting_date, positive, quantity FROM item_ledger_entry
        WHERE posting_date <= ${dateParam}::date AND (${itemsParam}::text[] IS NULL OR item_no = ANY(${itemsParam}::text[]))),
     dated_consumption AS (
       SELECT a.inbound_item_entry_no AS inbound, a.outbound_item_entry_no AS outbound, abs(a.quantity) AS qty
         FROM item_application_entry a
         JOIN dated_entry i ON i.entry_no = a.inbound_item_entry_no
         JOIN dated_entry o ON o.entry_no = a.outbound_item_entry_no
        WHERE NOT a.cost_application AND a.transferred_from_entry_no IS NULL),
     remaining_entry AS (
       SELECT e.entry_no, e.item_no, e.document_no, e.posting_date, e.positive, e.quantity,
              e.quantity - coalesce(ci.qty, 0) + coalesce(co.qty, 0) AS remaining
         FROM dated_entry e
         LEFT JOIN (SELECT inbound, sum(qty) AS qty FROM dated_consumption GROUP BY inbound) ci ON ci.inbound = e.entry_no
         LEFT JOIN (SELECT outbound, sum(qty) AS qty FROM dated_consumption GROUP BY outbound) co ON co.outbound = e.entry_no)`;
}
