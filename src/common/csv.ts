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
  const text = typeof value === 'string' ? neutralised(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * CSV injection (OWASP; issue 15, item 8): a spreadsheet runs a cell that begins with =, +, -, @,
 * tab or carriage return as a formula — an item description `=HYPERLINK(…)` would be a link
 * in finance's Inventory Valuation. Such text cells get a leading apostrophe, which spreadsheets
 * show as text and do not print. Numbers stay numbers: a plain decimal such as -31.00 is a figure
 * to re-add, not a formula, and is written as it is.
 */
export function neutralised(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
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
