/**
 * Building blocks for report lines: group totals and grand totals are added up here, exactly,
 * from the detail rows the SQL returned (a few thousand aggregated rows, never ledger entries).
 */
import { Dec, ZERO } from '../common/decimal';
import type { CellValue, ReportLine, TextRef } from './report-definition';

export type Row = Record<string, CellValue>;

/** Σ of the given decimal-string columns over the rows, as plain decimal strings. */
export function sumColumns(rows: readonly Row[], keys: readonly string[]): Record<string, string> {
  const totals: Record<string, Dec> = Object.fromEntries(keys.map((k) => [k, ZERO]));
  for (const row of rows) {
    for (const k of keys) {
      const v = row[k];
      if (typeof v === 'string' && v !== '') totals[k] = totals[k].plus(new Dec(v));
      else if (typeof v === 'number') totals[k] = totals[k].plus(v);
    }
  }
  return Object.fromEntries(keys.map((k) => [k, totals[k].toFixed()]));
}

/**
 * Detail rows grouped by a key (rows arrive sorted by it): a heading, the rows and a group total
 * per group, then the grand total.
 */
export function groupedLines(
  rows: readonly Row[],
  groupKey: string,
  totalKeys: readonly string[],
  labels: { heading: (group: string) => TextRef; total: (group: string) => TextRef; grandTotal: TextRef },
): ReportLine[] {
  const lines: ReportLine[] = [];
  let start = 0;
  while (start < rows.length) {
    const group = String(rows[start][groupKey] ?? '');
    let end = start;
    while (end < rows.length && String(rows[end][groupKey] ?? '') === group) end++;
    const slice = rows.slice(start, end);
    lines.push({ kind: 'heading', label: labels.heading(group), values: {} });
    for (const row of slice) lines.push({ kind: 'detail', values: row });
    lines.push({ kind: 'groupTotal', label: labels.total(group), values: sumColumns(slice, totalKeys) });
    start = end;
  }
  lines.push({ kind: 'grandTotal', label: labels.grandTotal, values: sumColumns(rows, totalKeys) });
  return lines;
}
