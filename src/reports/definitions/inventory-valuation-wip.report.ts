/**
 * Inventory Valuation – WIP (report 5802; issue 11): the value of work in process per production
 * order — WIP at the start of the period, what consumption and capacity added and output took out
 * in it, WIP at its end, and how much of that is posted to G/L. WIP at the end of a finished and
 * adjusted order is zero; the total WIP at the end ties to the G/L WIP balance once everything is
 * posted (the reconciliation's WIP column).
 */
import type { IsoDate } from '../../common/dates';
import type { ReportColumn, ReportData, ReportDefinition, ReportLine } from '../report-definition';
import { sumColumns } from '../report-lines';
import { checkDateRange, codeListOption, dateOption, filterValue, rejectUnknownOptions, requiredDateOption } from '../report-options';
import { wipFigures } from '../queries/wip-valuation.query';

export interface WipValuationOptions {
  startDate: IsoDate | null;
  endDate: IsoDate;
  items: string[] | null;
}

const AMOUNTS = ['wipAtStart', 'consumption', 'capacity', 'output', 'wipAtEnd', 'postedToGL'] as const;

const COLUMNS: ReportColumn[] = [
  { key: 'orderNo', label: 'column.productionOrder', kind: 'text' },
  { key: 'itemNo', label: 'column.itemNo', kind: 'text' },
  { key: 'description', label: 'column.description', kind: 'text', width: '*' },
  { key: 'statusLabel', label: 'column.status', kind: 'text' },
  { key: 'wipAtStart', label: 'column.wipAtStart', kind: 'amount' },
  { key: 'consumption', label: 'column.consumption', kind: 'amount' },
  { key: 'capacity', label: 'column.capacity', kind: 'amount' },
  { key: 'output', label: 'column.output', kind: 'amount' },
  { key: 'wipAtEnd', label: 'column.wipAtEnd', kind: 'amount' },
  { key: 'postedToGL', label: 'column.costPostedToGL', kind: 'amount' },
];

export const inventoryValuationWipReport: ReportDefinition<WipValuationOptions> = {
  name: 'inventoryValuationWip',
  fileStem: 'inventory-valuation-wip',
  title: 'report.inventoryValuationWip.title',
  orientation: 'landscape',

  optionFields: [
    { name: 'startDate', label: 'option.startDate', kind: 'date' },
    { name: 'endDate', label: 'option.endDate', kind: 'date' },
    { name: 'item', label: 'option.itemFilter', kind: 'codeList' },
  ],

  parseOptions(raw, setup) {
    rejectUnknownOptions(raw, ['startDate', 'endDate', 'item']);
    const startDate = dateOption(raw, 'startDate');
    const endDate = requiredDateOption(raw, 'endDate', setup.workDate);
    checkDateRange(startDate, endDate, 'startDate', 'endDate');
    return { startDate, endDate, items: codeListOption(raw, 'item') };
  },

  printedOptions(o) {
    return [
      { label: 'option.startDate', value: { date: o.startDate } },
      { label: 'option.endDate', value: { date: o.endDate } },
      { label: 'option.itemFilter', value: filterValue(o.items) },
    ];
  },

  async load(sql, o): Promise<ReportData> {
    const figures = await wipFigures(sql, o);
    const rows = figures.map((f) => ({ ...f }));
    const lines: ReportLine[] = figures.map((f) => ({ kind: 'detail', values: { statusLabel: { label: { key: `orderStatus.${f.status}` } }, ...f } }));
    lines.push({ kind: 'grandTotal', label: { key: 'line.grandTotal' }, values: sumColumns(rows, [...AMOUNTS]) });
    return {
      sections: [{ columns: COLUMNS, lines, empty: { key: 'section.noProductionOrders' } }],
      rows,
      period: { from: o.startDate, to: o.endDate },
      notes: [{ key: 'note.wip.sides' }, { key: 'note.runAdjustCostFirst' }],
    };
  },
};
