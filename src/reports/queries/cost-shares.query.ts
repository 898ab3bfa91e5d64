/** Cost Shares Breakdown's one query (R128): each root entry's cost walked back to its sources, by value-entry type. */
import type { SqlSession } from '../../database/sql-session';
import type { CostSharesOptions } from '../definitions/cost-shares-breakdown.report';
import { RemainingForm, remainingEntries, remainingFormFor } from './remaining-at-date.sql';

export interface ShareGroup {
  itemNo: string;
  description: string;
  documentNo: string | null;
  quantity: string;
  total: string;
  shares: Record<string, string> | null;
}

/**
 * Roots are the entries whose cost is broken down, with the units to break down (negative for a
 * sales return) and their own value; `expand` says whether the walk may follow its sources.
 */
function rootsSql(o: CostSharesOptions, form: RemainingForm): string {
  if (o.printCostShareFor === 'Sales') {
    return `roots AS (
       SELECT e.entry_no AS root, e.item_no, e.document_no, -e.quantity AS units, true AS expand,
              -(SELECT coalesce(sum(v.cost_amount_actual + v.cost_amount_expected), 0) FROM value_entry v
                 WHERE v.item_ledger_entry_no = e.entry_no AND v.posting_date <= $2::date) AS value
         FROM item_ledger_entry e JOIN item i ON i.no = e.item_no
        WHERE e.entry_type = 'Sale' AND e.posting_date BETWEEN $1::date AND $2::date
          AND i.costing_method <> 'Average' AND ($3::text[] IS NULL OR e.item_no = ANY($3::text[])))`;
  }
  return `${remainingEntries(form, '$2', '$3')},
     roots AS (
       SELECT r.entry_no AS root, r.item_no, r.document_no, r.remaining AS units, r.positive AS expand,
              (SELECT coalesce(sum(v.cost_amount_actual + v.cost_amount_expected), 0) FROM value_entry v
                 WHERE v.item_ledger_entry_no = r.entry_no AND v.posting_date <= $2::date) * r.remaining / r.quantity AS value
         FROM remaining_entry r JOIN item i ON i.no = r.item_no
        WHERE r.remaining <> 0 AND r.posting_date >= $1::date AND i.costing_method <> 'Average')`;
}

export async function shareGroups(sql: SqlSession, o: CostSharesOptions): Promise<ShareGroup[]> {
  // Sales roots are the period's sales: no remaining quantities to find.
  return shareGroupsBy(sql, o, o.printCostShareFor === 'Sales' ? 'dated' : await remainingFormFor(sql, o.endDate));
}

/** shareGroups with the remaining quantities (Inventory) found one way or the other (both give the same figures: a test). */
export async function shareGroupsBy(sql: SqlSession, o: CostSharesOptions, form: RemainingForm): Promise<ShareGroup[]> {
  const documentKey = o.showDetails ? 'r.document_no' : "''";
  return sql.query<ShareGroup>(
    `WITH RECURSIVE ${rootsSql(o, form)},
     walk(root, entry, units, expand, path) AS (
       SELECT root, root, units, expand, ARRAY[root] FROM roots
       UNION ALL
       SELECT w.root, nxt.entry, nxt.units, true, w.path || nxt.entry
         FROM walk w
         JOIN item_ledger_entry x ON x.entry_no = w.entry
         CROSS JOIN LATERAL (
           -- an increase that took its cost from another entry: a transfer, or a cost application
           SELECT a.outbound_item_entry_no AS entry, w.units AS units
             FROM item_application_entry a
            WHERE x.positive AND a.inbound_item_entry_no = x.entry_no AND a.item_ledger_entry_no = x.entry_no
              AND a.outbound_item_entry_no <> 0 AND (a.cost_application OR a.transferred_from_entry_no IS NOT NULL)
           UNION ALL
           -- a decrease: the increases it was applied to, each for its applied quantity
           SELECT a.inbound_item_entry_no, w.units * abs(a.quantity) / abs(x.quantity)
             FROM item_application_entry a
            WHERE NOT x.positive AND a.outbound_item_entry_no = x.entry_no
              AND NOT a.cost_application AND a.transferred_from_entry_no IS NULL
         ) nxt
        WHERE w.expand AND NOT nxt.entry = ANY(w.path) AND cardinality(w.path) < 64),
     leaf AS (
       SELECT w.root, w.entry, x.quantity, x.entry_type IN ('Output', 'AssemblyOutput') AS output, x.order_no,
              CASE
                WHEN NOT w.expand THEN w.units
                WHEN x.positive THEN
                  CASE WHEN EXISTS (SELECT 1 FROM item_application_entry a
                                     WHERE a.inbound_item_entry_no = x.entry_no AND a.item_ledger_entry_no = x.entry_no
                                       AND a.outbound_item_entry_no <> 0 AND (a.cost_application OR a.transferred_from_entry_no IS NOT NULL))
                       THEN 0 ELSE w.units END
                ELSE w.units * (abs(x.quantity) - coalesce((SELECT sum(abs(a.quantity)) FROM item_application_entry a
                                                             WHERE a.outbound_item_entry_no = x.entry_no
                                                               AND NOT a.cost_application AND a.transferred_from_entry_no IS NULL), 0)) / abs(x.quantity)
              END AS units
         FROM walk w
         -- OFFSET 0 keeps these lookups by entry no. apart: the planner guesses a walk of millions
         -- of rows (it is a few percent of that) and would hash the whole ledger for them.
         CROSS JOIN LATERAL (SELECT * FROM item_ledger_entry x WHERE x.entry_no = w.entry OFFSET 0) x),
     -- A single BOM level (R128): an output's direct cost is split as its order's actual cost is —
     -- material (consumption), capacity, subcontracted, capacity overhead.
     order_shares AS (
       SELECT v.order_no,
              sum(CASE WHEN v.item_ledger_entry_type IN ('Consumption', 'AssemblyConsumption') AND v.entry_type <> 'Rounding'
                       THEN -(v.cost_amount_actual + v.cost_amount_expected) ELSE 0 END) AS material,
              sum(CASE WHEN v.item_ledger_entry_type = '' AND v.entry_type = 'DirectCost' AND NOT c.subcontracting THEN v.cost_amount_actual ELSE 0 END) AS capacity,
              sum(CASE WHEN v.item_ledger_entry_type = '' AND v.entry_type = 'DirectCost' AND c.subcontracting THEN v.cost_amount_actual ELSE 0 END) AS subcontracted,
              sum(CASE WHEN v.item_ledger_entry_type = '' AND v.entry_type = 'IndirectCost' THEN v.cost_amount_actual ELSE 0 END) AS cap_overhead
         FROM value_entry v LEFT JOIN capacity_ledger_entry c ON c.entry_no = v.capacity_ledger_entry_no
        WHERE v.order_no IN (SELECT l.order_no FROM leaf l WHERE l.output)
        GROUP BY 1),
     leaf_value AS (
       SELECT l.root, v.entry_type, l.output, l.order_no, l.units * (v.cost_amount_actual + v.cost_amount_expected) / l.quantity AS amount
         FROM leaf l
         CROSS JOIN LATERAL (SELECT * FROM value_entry v WHERE v.item_ledger_entry_no = l.entry AND v.posting_date <= $2::date OFFSET 0) v
        WHERE l.units <> 0 AND l.quantity <> 0),
     share AS (
       SELECT lv.root, k.share_key AS entry_type, sum(k.amount) AS amount
         FROM leaf_value lv
         LEFT JOIN order_shares os ON lv.output AND os.order_no = lv.order_no
         CROSS JOIN LATERAL (
           SELECT x.share_key, x.amount FROM (VALUES
             ('material', CASE WHEN lv.entry_type <> 'DirectCost' THEN 0
                               WHEN os.order_no IS NULL OR os.material + os.capacity + os.subcontracted + os.cap_overhead = 0 THEN lv.amount
                               ELSE lv.amount * os.material / (os.material + os.capacity + os.subcontracted + os.cap_overhead) END),
             ('capacity', CASE WHEN lv.entry_type = 'DirectCost' AND os.material + os.capacity + os.subcontracted + os.cap_overhead <> 0
                               THEN lv.amount * os.capacity / (os.material + os.capacity + os.subcontracted + os.cap_overhead) ELSE 0 END),
             ('subcontracted', CASE WHEN lv.entry_type = 'DirectCost' AND os.material + os.capacity + os.subcontracted + os.cap_overhead <> 0
                               THEN lv.amount * os.subcontracted / (os.material + os.capacity + os.subcontracted + os.cap_overhead) ELSE 0 END),
             ('capOverhead', CASE WHEN lv.entry_type = 'DirectCost' AND os.material + os.capacity + os.subcontracted + os.cap_overhead <> 0
                               THEN lv.amount * os.cap_overhead / (os.material + os.capacity + os.subcontracted + os.cap_overhead) ELSE 0 END),
             ('overhead', CASE WHEN lv.entry_type = 'IndirectCost' AND NOT lv.output THEN lv.amount ELSE 0 END),
             ('mfgOverhead', CASE WHEN lv.entry_type = 'IndirectCost' AND lv.output THEN lv.amount ELSE 0 END),
             ('variance', CASE WHEN lv.entry_type = 'Variance' THEN lv.amount ELSE 0 END),
             ('revaluation', CASE WHEN lv.entry_type = 'Revaluation' THEN lv.amount ELSE 0 END),
             ('rounding', CASE WHEN lv.entry_type = 'Rounding' THEN lv.amount ELSE 0 END)
           ) AS x(share_key, amount) WHERE x.amount <> 0) k
        GROUP BY 1, 2),
     grouped_share AS (
       SELECT item_no, document_no, jsonb_object_agg(entry_type, amount::text) AS shares
         FROM (SELECT r.item_no, ${documentKey} AS document_no, s.entry_type, sum(s.amount) AS amount
                 FROM share s JOIN roots r ON r.root = s.root
                GROUP BY 1, 2, 3) t
        GROUP BY 1, 2),
     grouped_root AS (
       SELECT r.item_no, ${documentKey} AS document_no, sum(r.units) AS quantity, sum(r.value) AS total
         FROM roots r GROUP BY 1, 2)
     SELECT g.item_no AS "itemNo", i.description, g.document_no AS "documentNo", g.quantity::text AS quantity, g.total::text AS total, s.shares
       FROM grouped_root g
       JOIN item i ON i.no = g.item_no
       LEFT JOIN grouped_share s ON s.item_no = g.item_no AND s.document_no = g.document_no
      ORDER BY g.item_no, g.document_no`,
    [o.startDate, o.endDate, o.items],
  );
}
