/**
 * CSV as spreadsheets and auditors read it: RFC 4180 (comma separator, CRLF line ends, fields
 * quoted when they hold a comma, quote, CR or LF, quotes doubled), UTF-8 with a byte-order mark
 * so that Excel opens Norwegian letters correctly. Decimals arrive as plain-notation strings and
 * are written as they are: a spreadsheet must be able to re-add the figures exactly.
 */
export const CSV_BOM = '\uFEFF';

export type CsvValue = string | number | boolean | null | undefined;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: CsvValue[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

/** A whole CSV document: BOM, header line, one line per row (columns picked by key). */
export function toCsv(columns: { key: string; header: string }[], rows: Record<string, unknown>[]): string {
  let out = CSV_BOM + csvLine(columns.map((c) => c.header));
  for (const row of rows) out += csvLine(columns.map((c) => row[c.key] as CsvValue));
  return out;
}
