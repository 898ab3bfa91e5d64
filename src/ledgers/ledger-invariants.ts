/**
 * Invariants every state of the ledgers must satisfy, as the rows that break them (none = holds).
 * The scenario runner checks them after every step (`scenario run --check`, and the acceptance
 * test), so a rule that breaks the books fails at the step that broke them, not three reports later.
 *
 * - Costs: each item ledger entry's cost is the sum of its value entries (R4: a FlowField here,
 *   so what can drift is the stored summary: the inventory totals per item, location and variant)
 *   and every value entry belongs to an entry of the same item, location and variant.
 * - Remaining quantity (R29): quantity − Σ its quantity applications (cost applications and the
 *   link between the two legs of a transfer move no quantity, R25, R35); open ⇔ remaining ≠ 0 (R4).
 * - G/L: every register balances (Σ debit = Σ credit); every inventory and interim account's
 *   balance from value entries is the cost posted to G/L of the value entries mapped to it (R124).
 * - Append-only: no entry, value entry or application written before may change or disappear;
 *   only bookkeeping moves (remaining quantity, open, invoiced quantity), and a decrease's
 *   valuation date only later (R58, R57 rule 3).
 */
import type { SqlSession } from '../database/sql-session';

export interface InvariantViolation {
  invariant: string;
  /** The first rows that break it (at most a few), for the message. */
  rows: unknown[];
}

/** What was written so far, to compare the next state with (append-only). */
export interface LedgerFingerprint {
  entries: Map<number, string>;
  values: Map<number, { fixed: string; valuationDate: string }>;
  applications: Map<number, string>;
}

const SAMPLE = 3;

export async function ledgerInvariantViolations(sql: SqlSession): Promise<InvariantViolation[]> {
  const checks: [string, string][] = [
    [
      'inventory totals = Σ value entries per item, location and variant',
      `SELECT coalesce(t.item_no, v.item_no) AS item, coalesce(t.location_code, v.location_code) AS location,
              t.quantity::text AS total_quantity, v.quantity::text AS entries_quantity, t.value::text AS total_value, v.value::text AS entries_value
         FROM inventory_total t
         FULL JOIN (SELECT item_no, location_code, variant_code, sum(item_ledger_entry_quantity) AS quantity,
                           sum(cost_amount_actual + cost_amount_expected) AS value
                      FROM value_entry WHERE item_ledger_entry_type <> '' GROUP BY 1, 2, 3) v
           ON v.item_no = t.item_no AND v.location_code = t.location_code AND v.variant_code = t.variant_code
        WHERE coalesce(t.quantity, 0) <> coalesce(v.quantity, 0) OR coalesce(t.value, 0) <> coalesce(v.value, 0)`,
    ],
    [
      "inventory totals' invoiced quantity = Σ item ledger entries' invoiced quantity per item, location and variant",
      `SELECT coalesce(t.item_no, e.item_no) AS item, coalesce(t.location_code, e.location_code) AS location,
              t.invoiced_quantity::text AS total_invoiced, e.invoiced::text AS entries_invoiced
         FROM inventory_total t
         FULL JOIN (SELECT item_no, location_code, variant_code, sum(invoiced_quantity) AS invoiced FROM item_ledger_entry GROUP BY 1, 2, 3) e
           ON e.item_no = t.item_no AND e.location_code = t.location_code AND e.variant_code = t.variant_code
        WHERE coalesce(t.invoiced_quantity, 0) <> coalesce(e.invoiced, 0)`,
    ],
    [
      'every value entry belongs to an item ledger entry of its item, location and variant',
      `SELECT v.entry_no AS value_entry, v.item_ledger_entry_no AS entry FROM value_entry v
         LEFT JOIN item_ledger_entry e ON e.entry_no = v.item_ledger_entry_no
        WHERE v.item_ledger_entry_type <> ''
          AND (e.entry_no IS NULL OR e.item_no <> v.item_no OR e.location_code <> v.location_code OR e.variant_code <> v.variant_code)`,
    ],
    [
      'every capacity value entry belongs to a capacity ledger entry of its order',
      `SELECT v.entry_no AS value_entry, v.capacity_ledger_entry_no AS capacity_entry FROM value_entry v
         LEFT JOIN capacity_ledger_entry c ON c.entry_no = v.capacity_ledger_entry_no
        WHERE v.item_ledger_entry_type = '' AND (c.entry_no IS NULL OR c.order_no IS DISTINCT FROM v.order_no OR v.item_ledger_entry_no <> 0)`,
    ],
    [
      'remaining quantity = quantity − Σ applications, open ⇔ remaining ≠ 0',
      `SELECT e.entry_no AS entry, e.quantity::text AS quantity, e.remaining_quantity::text AS remaining, e.open,
              coalesce(a.applied, 0)::text AS applied
         FROM item_ledger_entry e
         LEFT JOIN (SELECT CASE WHEN x.inbound THEN a.inbound_item_entry_no ELSE a.outbound_item_entry_no END AS entry_no, sum(abs(a.quantity)) AS applied
                      FROM item_application_entry a CROSS JOIN (VALUES (true), (false)) x(inbound)
                     WHERE NOT a.cost_application AND a.transferred_from_entry_no IS NULL AND a.outbound_item_entry_no <> 0
                     GROUP BY 1) a ON a.entry_no = e.entry_no
        WHERE e.remaining_quantity <> e.quantity - sign(e.quantity) * coalesce(a.applied, 0)
           OR e.open <> (e.remaining_quantity <> 0)`,
    ],
    [
      'every G/L register balances (Σ debit = Σ credit)',
      `SELECT register_no AS register, sum(amount)::text AS sum FROM gl_entry GROUP BY register_no HAVING sum(amount) <> 0`,
    ],
    [
      'G/L balance of each inventory account = Σ cost posted to G/L of the value entries on it',
      `WITH mapped AS (
         SELECT s.inventory_account AS account, v.cost_posted_to_gl AS amount FROM value_entry_with_gl v
           JOIN inventory_posting_setup s ON s.location_code = v.location_code AND s.inventory_posting_group = v.inventory_posting_group
          WHERE v.cost_posted_to_gl <> 0 AND v.item_ledger_entry_type <> ''
         UNION ALL
         SELECT s.inventory_interim_account, v.expected_cost_posted_to_gl FROM value_entry_with_gl v
           JOIN inventory_posting_setup s ON s.location_code = v.location_code AND s.inventory_posting_group = v.inventory_posting_group
          WHERE v.expected_cost_posted_to_gl <> 0),
       expected AS (SELECT account, sum(amount) AS amount FROM mapped GROUP BY 1),
       booked AS (SELECT g.account_no AS account, sum(g.amount) AS amount FROM gl_entry g
                   WHERE EXISTS (SELECT 1 FROM gl_item_ledger_relation r WHERE r.gl_entry_no = g.entry_no)
                     AND g.account_no IN (SELECT inventory_account FROM inventory_posting_setup UNION SELECT inventory_interim_account FROM inventory_posting_setup)
                   GROUP BY 1)
       SELECT coalesce(e.account, b.account) AS account, coalesce(e.amount, 0)::text AS cost_posted, coalesce(b.amount, 0)::text AS gl_balance
         FROM expected e FULL JOIN booked b ON b.account = e.account
        WHERE coalesce(e.amount, 0) <> coalesce(b.amount, 0)`,
    ],
  ];
  const violations: InvariantViolation[] = [];
  for (const [invariant, query] of checks) {
    const rows = await sql.query(`${query} LIMIT ${SAMPLE}`);
    if (rows.length) violations.push({ invariant, rows });
  }
  return violations;
}

/** The written state to compare the next one with; numbers by value (trim_scale: 20.00 is 20). */
export async function ledgerFingerprint(sql: SqlSession): Promise<LedgerFingerprint> {
  const entries = await sql.queryArrays(
    `SELECT entry_no, concat_ws('|', item_no, location_code, variant_code, posting_date, entry_type, document_no, trim_scale(quantity), positive, correction, applies_to_entry, serial_no, lot_no)
       FROM item_ledger_entry`,
  );
  const values = await sql.queryArrays(
    `SELECT entry_no, concat_ws('|', item_ledger_entry_no, item_no, location_code, variant_code, posting_date, entry_type, variance_type, item_ledger_entry_type,
                                 adjustment, applies_to_entry, item_charge_no, trim_scale(valued_quantity), trim_scale(item_ledger_entry_quantity),
                                 trim_scale(invoiced_quantity), trim_scale(cost_amount_actual), trim_scale(cost_amount_expected), expected_cost,
                                 document_no, source_code), valuation_date::text
       FROM value_entry`,
  );
  const applications = await sql.queryArrays(
    `SELECT entry_no, concat_ws('|', item_ledger_entry_no, inbound_item_entry_no, outbound_item_entry_no, trim_scale(quantity), posting_date, cost_application, transferred_from_entry_no)
       FROM item_application_entry`,
  );
  return {
    entries: new Map(entries.map((r) => [r[0] as number, r[1] as string])),
    values: new Map(values.map((r) => [r[0] as number, { fixed: r[1] as string, valuationDate: r[2] as string }])),
    applications: new Map(applications.map((r) => [r[0] as number, r[1] as string])),
  };
}

/** Append-only: what `before` held must still be there, unchanged but for the bookkeeping fields. */
export function appendOnlyViolations(before: LedgerFingerprint, after: LedgerFingerprint): InvariantViolation[] {
  const violations: InvariantViolation[] = [];
  const changed = <T>(name: string, a: Map<number, T>, b: Map<number, T>, same: (x: T, y: T) => boolean) => {
    const rows: unknown[] = [];
    for (const [no, was] of a) {
      const now = b.get(no);
      if (now === undefined || !same(was, now)) rows.push({ entryNo: no, was, now: now ?? 'deleted' });
      if (rows.length >= SAMPLE) break;
    }
    if (rows.length) violations.push({ invariant: `${name} never change once written (append-only)`, rows });
  };
  changed('item ledger entries', before.entries, after.entries, (x, y) => x === y);
  changed(
    'value entries (amounts, quantities, dates, types; a valuation date only moves later)',
    before.values,
    after.values,
    (x, y) => x.fixed === y.fixed && y.valuationDate >= x.valuationDate,
  );
  changed('item application entries', before.applications, after.applications, (x, y) => x === y);
  return violations;
}
