/**
 * A report's CSV: the same lines and columns as the PDF, one record per printed line with its
 * kind in the first column (so a spreadsheet can filter the detail lines and re-add them), the
 * figures in plain notation exactly as computed (amounts with the G/L setup's decimals), dates as YYYY-MM-DD, labels in the report's
 * language. Reports with several tables get a Section column. RFC 4180, UTF-8 with BOM.
 */
import { toCsv } from '../../common/csv';
import type { CellValue, ReportColumn, ReportData } from '../report-definition';
import type { ReportLocale } from './report-locale';

function csvValue(column: ReportColumn, value: CellValue | undefined, locale: ReportLocale): string | number | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'object') return locale.text(value.label);
  if (column.kind === 'text' || column.kind === 'date') return value;
  return locale.plain(column.kind, value);
}

export function reportCsv(data: ReportData, locale: ReportLocale): string {
  const multi = data.sections.length > 1;
  const columns: ReportColumn[] = [];
  for (const section of data.sections) for (const c of section.columns) if (!columns.some((k) => k.key === c.key)) columns.push(c);
  const header = [
    ...(multi ? [{ key: '$section', header: locale.text('csv.section') }] : []),
    { key: '$line', header: locale.text('csv.lineType') },
    ...columns.map((c) => ({ key: c.key, header: locale.text(c.label) })),
  ];
  const records: Record<string, unknown>[] = [];
  data.sections.forEach((section, index) => {
    for (const line of section.lines) {
      const record: Record<string, unknown> = {
        $section: section.title ? locale.text(section.title) : String(index + 1),
        $line: locale.text(`csv.line.${line.kind}`),
      };
      for (const c of columns) record[c.key] = csvValue(c, line.values[c.key], locale);
      if (line.label) record[section.columns[0].key] = locale.text(line.label);
      records.push(record);
    }
  });
  return toCsv(header, records);
}
