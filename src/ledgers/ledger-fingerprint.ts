/**
 * What "equal to one process" means for the ledgers (README, Workers): the same value entries per
 * item ledger entry (or capacity entry), in the same order, with the same amounts, dates, types
 * and every other field but their own entry number and document number; the same G/L entries per
 * account, document type and amount; the same items (unit cost, adjusted) and item ledger entries
 * (remaining quantity, open, invoiced). Entry numbers may differ: parallel batches take theirs in
 * the order they commit.
 */
import * as pg from 'pg';

const QUERIES: Record<string, string> = {
  valueEntries: `SELECT count(*) AS n, md5(string_agg(t, E'\\n' ORDER BY ile, cap, k)) AS md5 FROM (
      SELECT item_ledger_entry_no AS ile, coalesce(capacity_ledger_entry_no, 0) AS cap,
             row_number() OVER (PARTITION BY item_ledger_entry_no, capacity_ledger_entry_no ORDER BY entry_no) AS k,
             (to_jsonb(v) - 'entry_no' - 'document_no')::text AS t
        FROM value_entry v) x`,
  glEntries: `SELECT count(*) AS n, md5(string_agg(t, E'\\n' ORDER BY t)) AS md5 FROM (
      SELECT (to_jsonb(g) - 'entry_no' - 'document_no' - 'register_no')::text AS t FROM gl_entry g) x`,
  items: `SELECT count(*) AS n, md5(string_agg(concat_ws('|', no, unit_cost, cost_is_adjusted), ',' ORDER BY no)) AS md5 FROM item`,
  itemLedgerEntries: `SELECT count(*) AS n, md5(string_agg(concat_ws('|', entry_no, remaining_quantity, open, invoiced_quantity), ',' ORDER BY entry_no)) AS md5
      FROM item_ledger_entry`,
  adjustmentWorkLeft: `SELECT (SELECT count(*) FROM applied_entry_to_adjust) + (SELECT count(*) FROM avg_cost_adjmt_entry_point WHERE NOT cost_is_adjusted) AS n, '' AS md5`,
};

export async function ledgerFingerprint(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const out: Record<string, string> = {};
    for (const [name, text] of Object.entries(QUERIES)) {
      const row = (await client.query<{ n: string; md5: string | null }>(text)).rows[0];
      out[name] = `${row.n} ${row.md5 ?? ''}`.trim();
    }
    return out;
  } finally {
    await client.end();
  }
}
