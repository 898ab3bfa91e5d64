/**
 * Inventory Valuation (report 1001, R125): per inventory posting group and item, the quantity and
 * value at the starting date, the increases and decreases up to the ending date, the quantity and
 * value at the ending date, and the cost posted to G/L.
 *
 * Built on value entries filtered by posting date (R125). Without expected cost the quantities
 * are invoiced quantities and the values Cost Amount (Actual); with it, item ledger entry
 * quantities and actual + expected. An entry counts as an increase or a decrease by its item
 * ledger entry's sign, so revaluations and charges on receipts are increases and adjustments of
 * sales are decreases, whatever their own sign. Quantities come from the direct-cost entries
 * only: indirect cost and variance entries repeat the quantity they value. Decreases print as
 * positive figures.
 * Closing = opening + increases − decreases = Σ value entries up to the ending date.
 */
import type { IsoDate } from '../../common/dates';
import type { ReportColumn, ReportData, ReportDefinition } from '../report-definition';
import { groupedLines } from '../report-lines';
import { inventoryValuationRows } from '../queries/inventory-valuation.query';

export { inventoryValuationRows };
import {
  booleanOption,
  checkDateRange,
  codeListOption,
  codeOption,
  dateOption,
  filterValue,
  rejectUnknownOptions,
  requiredDateOption,
} from '../report-options';

export interface InventoryValuationOptions {
  startDate: IsoDate | null;
  endDate: IsoDate;
  includeExpectedCost: boolean;
  items: string[] | null;
  location: string | null;
  variant: string | null;
}

const FIGURES = [
  'openingQuantity',
  'openingValue',
  'increasesQuantity',
  'increasesValue',
  'decreasesQuantity',
  'decreasesValue',
  'closingQuantity',
  'closingValue',
  'costPostedToGL',
] as const;

const VALUE_TOTALS = ['openingValue', 'increasesValue', 'decreasesValue', 'closingValue', 'costPostedToGL'];

function columns(o: InventoryValuationOptions): ReportColumn[] {
  return [
    { key: 'itemNo', label: 'column.itemNo', kind: 'text' },
    { key: 'description', label: 'column.description', kind: 'text', width: '*' },
    { key: 'baseUnitOfMeasure', label: 'column.unit', kind: 'text' },
    {
      key: 'openingQuantity',
      label: 'column.quantity',
      kind: 'quantity',
      group: { label: { key: 'group.asOf', values: { date: { date: o.startDate } } }, span: 2 },
    },
    { key: 'openingValue', label: 'column.value', kind: 'amount' },
    { key: 'increasesQuantity', label: 'column.quantity', kind: 'quantity', group: { label: { key: 'group.increases' }, span: 2 } },
    { key: 'increasesValue', label: 'column.value', kind: 'amount' },
    { key: 'decreasesQuantity', label: 'column.quantity', kind: 'quantity', group: { label: { key: 'group.decreases' }, span: 2 } },
    { key: 'decreasesValue', label: 'column.value', kind: 'amount' },
    {
      key: 'closingQuantity',
      label: 'column.quantity',
      kind: 'quantity',
      group: { label: { key: 'group.asOf', values: { date: { date: o.endDate } } }, span: 2 },
    },
    { key: 'closingValue', label: 'column.value', kind: 'amount' },
    { key: 'costPostedToGL', label: 'column.costPostedToGL', kind: 'amount' },
  ];
}

export const inventoryValuationReport: ReportDefinition<InventoryValuationOptions> = {
  name: 'inventoryValuation',
  fileStem: 'inventory-valuation',
  title: 'report.inventoryValuation.title',
  orientation: 'landscape',

  optionFields: [
    { name: 'startDate', label: 'option.startDate', kind: 'date' },
    { name: 'endDate', label: 'option.endDate', kind: 'date' },
    { name: 'includeExpectedCost', label: 'option.includeExpectedCost', kind: 'boolean' },
    { name: 'item', label: 'option.itemFilter', kind: 'codeList' },
    { name: 'location', label: 'option.locationFilter', kind: 'code' },
    { name: 'variant', label: 'option.variantFilter', kind: 'code' },
  ],

  parseOptions(raw, setup) {
    rejectUnknownOptions(raw, ['startDate', 'endDate', 'asOfDate', 'includeExpectedCost', 'item', 'location', 'variant']);
    const startDate = dateOption(raw, 'startDate');
    // `asOfDate` (scenario format) is another name for the ending date.
    const endDate = requiredDateOption(raw, 'endDate', dateOption(raw, 'asOfDate') ?? setup.workDate);
    checkDateRange(startDate, endDate, 'startDate', 'endDate');
    return {
      startDate,
      endDate,
      includeExpectedCost: booleanOption(raw, 'includeExpectedCost', false),
      items: codeListOption(raw, 'item'),
      location: codeOption(raw, 'location'),
      variant: codeOption(raw, 'variant'),
    };
  },

  printedOptions(o) {
    return [
      { label: 'option.startDate', value: { date: o.startDate } },
      { label: 'option.endDate', value: { date: o.endDate } },
      { label: 'option.includeExpectedCost', value: { yesNo: o.includeExpectedCost } },
      { label: 'option.itemFilter', value: filterValue(o.items) },
      { label: 'option.locationFilter', value: filterValue(o.location) },
      { label: 'option.variantFilter', value: filterValue(o.variant) },
    ];
  },

  async load(sql, o): Promise<ReportData> {
    const rows = await inventoryValuationRows(sql, o);
    const lines = groupedLines(rows, 'inventoryPostingGroup', VALUE_TOTALS, {
      heading: (group) => ({ key: 'line.postingGroup', values: { group } }),
      total: (group) => ({ key: 'line.postingGroupTotal', values: { group } }),
      grandTotal: { key: 'line.grandTotal' },
    });
    return {
      sections: [{ columns: columns(o), lines, empty: { key: 'section.noEntries' } }],
      rows: rows.map((r) => ({
        itemNo: r.itemNo,
        inventoryPostingGroup: r.inventoryPostingGroup,
        ...Object.fromEntries(FIGURES.map((f) => [f, r[f]])),
      })),
      period: { from: o.startDate, to: o.endDate },
      notes: [
        { key: o.includeExpectedCost ? 'note.inventoryValuation.withExpected' : 'note.inventoryValuation.invoicedOnly' },
        { key: 'note.runAdjustCostFirst' },
      ],
    };
  },
};
