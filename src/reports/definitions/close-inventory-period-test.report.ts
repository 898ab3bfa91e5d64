/**
 * Close Inventory Period – Test (report 1004, R117, R130): every reason each open period up to
 * the ending date cannot be closed, with the message Business Central gives.
 */
import type { IsoDate } from '../../common/dates';
import { InventoryPeriodsRepository } from '../../period-close/inventory-periods.repository';
import { closeTest } from '../../period-close/inventory-periods.service';
import type { ReportColumn, ReportData, ReportDefinition, ReportLine } from '../report-definition';
import { dateOption, rejectUnknownOptions } from '../report-options';

export interface CloseTestOptions {
  endingDate: IsoDate | null;
}

const COLUMNS: ReportColumn[] = [
  { key: 'endingDate', label: 'column.periodEndingDate', kind: 'date' },
  { key: 'kindLabel', label: 'column.blocker', kind: 'text' },
  { key: 'itemNo', label: 'column.itemNo', kind: 'text' },
  { key: 'entryNo', label: 'column.entryNo', kind: 'integer' },
  { key: 'message', label: 'column.message', kind: 'text', width: '*' },
];

export const closeInventoryPeriodTestReport: ReportDefinition<CloseTestOptions> = {
  name: 'closeInventoryPeriodTest',
  fileStem: 'close-inventory-period-test',
  title: 'report.closeInventoryPeriodTest.title',
  orientation: 'portrait',

  optionFields: [{ name: 'endingDate', label: 'option.endingDate', kind: 'date' }],

  parseOptions(raw) {
    rejectUnknownOptions(raw, ['endingDate']);
    return { endingDate: dateOption(raw, 'endingDate') };
  },

  printedOptions(o) {
    return [{ label: 'option.endingDate', value: o.endingDate ? { date: o.endingDate } : { label: 'value.allOpenPeriods' } }];
  },

  async load(sql, o): Promise<ReportData> {
    // A closed period has nothing left to test (the close run prints this report after closing).
    const periods = new InventoryPeriodsRepository();
    const state = o.endingDate ? (await periods.list(sql)).find((p) => p.endingDate === o.endingDate) : undefined;
    if (state?.closed) {
      return {
        sections: [{ columns: COLUMNS, lines: [], empty: { key: 'section.periodClosed', values: { date: { date: o.endingDate } } } }],
        rows: [],
        period: { from: null, to: o.endingDate },
      };
    }
    const blockers = await closeTest(sql, o.endingDate, periods);
    const rows = blockers.map((b) => ({
      endingDate: b.endingDate,
      kind: b.kind,
      itemNo: b.itemNo,
      entryNo: b.entryNo,
      ...(b.orderNo ? { orderNo: b.orderNo } : {}),
      message: b.message,
    }));
    const lines: ReportLine[] = [];
    let period: string | null = null;
    for (const row of rows) {
      if (row.endingDate !== period) {
        period = row.endingDate;
        lines.push({ kind: 'heading', label: { key: 'line.period', values: { date: { date: period } } }, values: {} });
      }
      // The op rows keep Business Central's English wording; the print says it in the report's language.
      const message = {
        label: { key: `blockerMessage.${row.kind}`, values: { entry: String(row.entryNo ?? ''), order: row.orderNo ?? '', date: { date: row.endingDate } } },
      };
      lines.push({ kind: 'detail', values: { ...row, kindLabel: { label: { key: `blocker.${row.kind}` } }, message } });
    }
    if (rows.length) lines.push({ kind: 'grandTotal', label: { key: 'line.blockerCount', values: { count: String(rows.length) } }, values: {} });
    return {
      sections: [{ columns: COLUMNS, lines, empty: { key: 'section.readyToClose' } }],
      rows,
      period: { from: null, to: o.endingDate },
    };
  },
};
