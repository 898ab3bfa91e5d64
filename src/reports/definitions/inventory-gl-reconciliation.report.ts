/**
 * Inventory – G/L Reconciliation (R123, R129) as a report: the account-type matrix and, below it,
 * the causes every difference is made of (computed by the reconciliation module, #4).
 */
import type { IsoDate } from '../../common/dates';
import { reconcileInventoryWithGL, Reconciliation } from '../../reconciliation/inventory-gl-reconciliation.service';
import type { ReportColumn, ReportData, ReportDefinition, ReportLine } from '../report-definition';
import { sumColumns } from '../report-lines';
import { checkDateRange, codeListOption, codeOption, dateOption, filterValue, rejectUnknownOptions } from '../report-options';

export interface ReconciliationReportOptions {
  startDate: IsoDate | null;
  endDate: IsoDate | null;
  items: string[] | null;
  location: string | null;
}

const FIGURES = ['inventory', 'inventoryInterim', 'wip', 'total', 'glTotal', 'difference'];

const ACCOUNT_COLUMNS: ReportColumn[] = [
  { key: 'accountTypeLabel', label: 'column.accountType', kind: 'text' },
  { key: 'accounts', label: 'column.accounts', kind: 'text' },
  { key: 'inventory', label: 'column.inventory', kind: 'amount' },
  { key: 'inventoryInterim', label: 'column.inventoryInterim', kind: 'amount' },
  { key: 'wip', label: 'column.wip', kind: 'amount' },
  { key: 'total', label: 'column.total', kind: 'amount' },
  { key: 'glTotal', label: 'column.glTotal', kind: 'amount' },
  { key: 'difference', label: 'column.difference', kind: 'amount' },
];

const CAUSE_COLUMNS: ReportColumn[] = [
  { key: 'accountTypeLabel', label: 'column.accountType', kind: 'text', width: '*' },
  { key: 'causeLabel', label: 'column.cause', kind: 'text', width: '*' },
  { key: 'entryCount', label: 'column.entryCount', kind: 'integer' },
  { key: 'amount', label: 'column.amount', kind: 'amount' },
];

/** An account type's figures as decimal text. */
function figures(l: Reconciliation['lines'][number]): Record<string, string> {
  return {
    inventory: l.inventory.toFixed(),
    inventoryInterim: l.inventoryInterim.toFixed(),
    wip: l.wip.toFixed(),
    total: l.total.toFixed(),
    glTotal: l.glTotal.toFixed(),
    difference: l.difference.toFixed(),
  };
}

/** The rows of the `report` scenario op (#4's format): account lines, then cause lines. */
export function reconciliationRows(r: Reconciliation): Record<string, unknown>[] {
  return [
    ...r.lines.map((l) => ({ line: 'account', accountType: l.accountType, ...figures(l) })),
    ...r.causes.map((c) => ({ line: 'cause', accountType: c.accountType, cause: c.cause, amount: c.amount.toFixed(), entryCount: c.entryCount })),
  ];
}

function sections(r: Reconciliation): ReportData['sections'] {
  const accountLines: ReportLine[] = r.lines.map((l) => ({
    kind: 'detail',
    values: { accountTypeLabel: { label: { key: `accountType.${l.accountType}` } }, accounts: l.accounts.join(', '), ...figures(l) },
  }));
  const causeLines: ReportLine[] = r.causes.map((c) => ({
    kind: 'detail',
    values: {
      accountTypeLabel: { label: { key: `accountType.${c.accountType}` } },
      causeLabel: { label: { key: `cause.${c.cause}` } },
      entryCount: c.entryCount,
      amount: c.amount.toFixed(),
    },
  }));
  const detailValues = accountLines.map((l) => l.values);
  return [
    {
      title: { key: 'section.accounts' },
      columns: ACCOUNT_COLUMNS,
      lines: [...accountLines, { kind: 'grandTotal', label: { key: 'line.grandTotal' }, values: sumColumns(detailValues, FIGURES) }],
    },
    {
      title: { key: 'section.causes' },
      columns: CAUSE_COLUMNS,
      lines: causeLines.length
        ? [
            ...causeLines,
            {
              kind: 'grandTotal',
              label: { key: 'line.grandTotal' },
              values: sumColumns(
                causeLines.map((l) => l.values),
                ['amount'],
              ),
            },
          ]
        : [],
      empty: { key: 'section.noDifferences' },
    },
  ];
}

export const inventoryGLReconciliationReport: ReportDefinition<ReconciliationReportOptions> = {
  name: 'inventoryGLReconciliation',
  fileStem: 'inventory-gl-reconciliation',
  title: 'report.inventoryGLReconciliation.title',
  orientation: 'landscape',

  optionFields: [
    { name: 'startDate', label: 'option.startDate', kind: 'date' },
    { name: 'endDate', label: 'option.endDate', kind: 'date' },
    { name: 'item', label: 'option.itemFilter', kind: 'codeList' },
    { name: 'location', label: 'option.locationFilter', kind: 'code' },
  ],

  parseOptions(raw) {
    rejectUnknownOptions(raw, ['startDate', 'endDate', 'item', 'location']);
    const startDate = dateOption(raw, 'startDate');
    const endDate = dateOption(raw, 'endDate');
    checkDateRange(startDate, endDate, 'startDate', 'endDate');
    return { startDate, endDate, items: codeListOption(raw, 'item'), location: codeOption(raw, 'location') };
  },

  printedOptions(o) {
    return [
      { label: 'option.startDate', value: o.startDate ? { date: o.startDate } : { label: 'value.open' } },
      { label: 'option.endDate', value: o.endDate ? { date: o.endDate } : { label: 'value.open' } },
      { label: 'option.itemFilter', value: filterValue(o.items) },
      { label: 'option.locationFilter', value: filterValue(o.location) },
    ];
  },

  async load(sql, o, setup): Promise<ReportData> {
    const r = await reconcileInventoryWithGL(sql, { startDate: o.startDate, endDate: o.endDate, itemNos: o.items, locationCode: o.location }, setup.userId);
    return {
      sections: sections(r),
      rows: reconciliationRows(r),
      period: { from: o.startDate, to: o.endDate },
      notes: [{ key: 'note.reconciliation.signs' }, ...r.notes.map((text) => ({ key: 'note.plain', values: { text } }))],
    };
  },
};
