/**
 * The period's ledgers as CSV files for the auditor package: item ledger entries, value entries,
 * G/L entries and capacity ledger entries with a posting date in the period, in entry order, every column as stored
 * (decimals in the plain notation PostgreSQL keeps them in, dates as YYYY-MM-DD, empty for null).
 *
 * A year can hold a million entries, so the rows stream from one statement and are appended to
 * the file as they come, hashing on the way: memory stays at a chunk. (Keyset batches, entry_no >
 * the last one, read the whole ledger before the period's first entry for their first batch — a
 * year's close read eleven months for nothing.)
 */
import { createHash } from 'crypto';
import * as fsp from 'fs/promises';
import type { IsoDate } from '../common/dates';
import { CSV_BOM, csvLine, CsvValue } from '../common/csv';
import type { SqlSession } from '../database/sql-session';
import { ILE_COLUMNS, VE_COLUMNS } from '../ledgers/ledger-rows';
import { extractRows } from './package-revisions.repository';

export interface LedgerExtract {
  /** File name inside the package. */
  fileName: string;
  table: string;
  /** Columns in file order; the first is the unique entry number the batches follow. */
  columns: readonly string[];
}

const CAPACITY_COLUMNS = [
  'entry_no',
  'order_no',
  'type',
  'no',
  'posting_date',
  'document_no',
  'quantity',
  'subcontracting',
  'direct_cost',
  'overhead_cost',
] as const;
const GL_COLUMNS = ['entry_no', 'posting_date', 'account_no', 'amount', 'document_no', 'description', 'register_no', 'source_code', 'user_id'] as const;

export const LEDGER_EXTRACTS: readonly LedgerExtract[] = [
  { fileName: 'item-ledger-entries.csv', table: 'item_ledger_entry', columns: ILE_COLUMNS },
  // With Cost Posted to G/L, kept beside the value entry (value_entry_gl_posting).
  { fileName: 'value-entries.csv', table: 'value_entry_with_gl', columns: [...VE_COLUMNS, 'cost_posted_to_gl', 'expected_cost_posted_to_gl'] },
  { fileName: 'gl-entries.csv', table: 'gl_entry', columns: GL_COLUMNS },
  // Production and assembly orders' capacity (R93, R102); its value entries are in value-entries.csv.
  { fileName: 'capacity-ledger-entries.csv', table: 'capacity_ledger_entry', columns: CAPACITY_COLUMNS },
];

/** Bytes of CSV gathered before a write to the file. */
const WRITE_BYTES = 1 << 20;

export interface WrittenExtract {
  size: number;
  sha256: string;
  rows: number;
}

/** Writes one extract to `filePath`; headers are the API's camelCase field names. */
export async function writeLedgerExtract(
  sql: SqlSession,
  extract: LedgerExtract,
  period: { startingDate: IsoDate; endingDate: IsoDate },
  filePath: string,
): Promise<WrittenExtract> {
  const hash = createHash('sha256');
  const file = await fsp.open(filePath, 'wx');
  let size = 0;
  let rows = 0;
  let pending = '';
  const flush = async () => {
    const bytes = Buffer.from(pending, 'utf8');
    pending = '';
    hash.update(bytes);
    size += bytes.length;
    await file.write(bytes);
  };
  try {
    pending = CSV_BOM + csvLine(extract.columns.map(headerOf));
    await extractRows(sql, extract, period, async (batch) => {
      for (const row of batch) pending += csvLine(row as CsvValue[]);
      rows += batch.length;
      if (pending.length >= WRITE_BYTES) await flush();
    });
    await flush();
  } finally {
    await file.close();
  }
  return { size, sha256: hash.digest('hex'), rows };
}

/** `cost_posted_to_gl` -> `costPostedToGL`, as the ledger API names the field. */
function headerOf(column: string): string {
  return column.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/Gl(?=[A-Z]|$)/g, 'GL');
}
