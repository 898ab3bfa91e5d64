/**
 * Cost Shares Breakdown (report 5848, R128): what the cost of sold items (Sales) or of the stock
 * on hand (Inventory) is made of — material (direct cost), overhead (indirect cost), variance,
 * revaluation and rounding — per item, and per document with Show Details.
 *
 * A sold entry's cost is traced back, set-based in one recursive query, along its applications
 * to the inbound entries it took its cost from, through transfers (to the entry the goods left)
 * and cost applications (a return with exact cost reversal takes its sale's shares); the share of
 * each source is its own value entries by type per unit, times the units it gave. The part of an
 * outbound entry applied to nothing (negative inventory) carries its own cost. Inventory: the
 * entries posted in the period that still hold quantity at the ending date, their units being
 * the remaining quantity on that date (as in the Cost Spec., R127).
 *
 * Decisions (README): the Total is the entries' own value (Sales: −Σ value entries of the sales,
 * returns negative; Inventory: their remaining value) and the shares are scaled onto it and
 * rounded so that they add up exactly; Average items are skipped (R128); sales returns without
 * cost application count with their own cost, negative. Produced and assembled items are broken
 * down at a single BOM level (R128): their output's direct cost into material, capacity,
 * subcontracted and capacity overhead as their order's actual cost is made of, its indirect cost as
 * manufacturing overhead; those columns are printed when such items are in the figures, rather than
 * as columns of zeros otherwise.
 */
import { Dec, roundTo } from '../../common/decimal';
import type { IsoDate } from '../../common/dates';
import type { ReportColumn, ReportData, ReportDefinition, ReportLine, ReportSetup } from '../report-definition';
import { Row, sumColumns } from '../report-lines';
import { booleanOption, checkDateRange, choiceOption, codeListOption, filterValue, rejectUnknownOptions, requiredDateOption } from '../report-options';
import { allocateExactly } from './allocation';
import { type ShareGroup, shareGroups } from '../queries/cost-shares.query';

export const COST_SHARE_FOR = ['Sales', 'Inventory'] as const;
export type CostShareFor = (typeof COST_SHARE_FOR)[number];

export interface CostSharesOptions {
  printCostShareFor: CostShareFor;
  startDate: IsoDate;
  endDate: IsoDate;
  showDetails: boolean;
  items: string[] | null;
}

/** The shares the query returns, in print order (R128's columns). */
const SHARE_COLUMNS = ['material', 'capacity', 'capOverhead', 'overhead', 'mfgOverhead', 'subcontracted', 'variance', 'revaluation', 'rounding'] as const;
/** Printed only when production or assembly is in the figures (else they would be columns of zeros). */
const PRODUCTION_COLUMNS: readonly string[] = ['capacity', 'capOverhead', 'mfgOverhead', 'subcontracted'];
const FIGURES = ['quantity', ...SHARE_COLUMNS, 'total'];

function columns(o: CostSharesOptions, production: boolean): ReportColumn[] {
  return [
    { key: 'itemNo', label: 'column.itemNo', kind: 'text' },
    ...(o.showDetails ? [{ key: 'documentNo', label: 'column.documentNo', kind: 'text' } as ReportColumn] : []),
    { key: 'description', label: 'column.description', kind: 'text', width: '*' },
    { key: 'quantity', label: 'column.quantity', kind: 'quantity' },
    { key: 'material', label: 'column.material', kind: 'amount' },
    ...(production
      ? ([
          { key: 'capacity', label: 'column.capacity', kind: 'amount' },
          { key: 'capOverhead', label: 'column.capOverhead', kind: 'amount' },
        ] as ReportColumn[])
      : []),
    { key: 'overhead', label: 'column.overhead', kind: 'amount' },
    ...(production
      ? ([
          { key: 'mfgOverhead', label: 'column.mfgOverhead', kind: 'amount' },
          { key: 'subcontracted', label: 'column.subcontracted', kind: 'amount' },
        ] as ReportColumn[])
      : []),
    // With production the column holds the production variances too (R128's variance breakdown).
    { key: 'variance', label: production ? 'column.varianceAll' : 'column.variance', kind: 'amount' },
    { key: 'revaluation', label: 'column.revaluation', kind: 'amount' },
    { key: 'rounding', label: 'column.rounding', kind: 'amount' },
    { key: 'total', label: 'column.total', kind: 'amount' },
  ];
}

export function costSharesLines(groups: ShareGroup[], o: CostSharesOptions, setup: ReportSetup): { lines: ReportLine[]; rows: Row[] } {
  const precision = new Dec(setup.amountPrecision);
  const rows: Row[] = groups.map((g) => {
    const total = roundTo(new Dec(g.total), precision);
    const parts = allocateExactly(
      total,
      SHARE_COLUMNS.map((t) => new Dec(g.shares?.[t] ?? 0)),
      precision,
    );
    return {
      itemNo: g.itemNo,
      ...(o.showDetails ? { documentNo: g.documentNo } : {}),
      description: g.description,
      quantity: g.quantity,
      ...Object.fromEntries(SHARE_COLUMNS.map((c, i) => [c, parts[i].toFixed()])),
      total: total.toFixed(),
    };
  });
  const lines: ReportLine[] = [];
  if (o.showDetails) {
    let start = 0;
    while (start < rows.length) {
      let end = start;
      while (end < rows.length && rows[end].itemNo === rows[start].itemNo) end++;
      const slice = rows.slice(start, end);
      for (const row of slice) lines.push({ kind: 'detail', values: row });
      lines.push({ kind: 'groupTotal', label: { key: 'line.itemTotal', values: { item: String(rows[start].itemNo) } }, values: sumColumns(slice, FIGURES) });
      start = end;
    }
  } else {
    for (const row of rows) lines.push({ kind: 'detail', values: row });
  }
  lines.push({ kind: 'grandTotal', label: { key: 'line.grandTotal' }, values: sumColumns(rows, SHARE_COLUMNS.concat(['total'] as never)) });
  const opRows = rows.map(({ description: _d, ...row }) => row);
  return { lines, rows: opRows };
}

export const costSharesBreakdownReport: ReportDefinition<CostSharesOptions> = {
  name: 'costSharesBreakdown',
  fileStem: 'cost-shares-breakdown',
  title: 'report.costSharesBreakdown.title',
  orientation: 'landscape',

  optionFields: [
    { name: 'printCostShareFor', label: 'option.printCostShareFor', kind: 'choice', choices: ['Sales', 'Inventory'] },
    { name: 'startDate', label: 'option.startDate', kind: 'date', required: true },
    { name: 'endDate', label: 'option.endDate', kind: 'date' },
    { name: 'showDetails', label: 'option.showDetails', kind: 'boolean' },
    { name: 'item', label: 'option.itemFilter', kind: 'codeList' },
  ],

  parseOptions(raw, setup) {
    rejectUnknownOptions(raw, ['printCostShareFor', 'startDate', 'endDate', 'showDetails', 'item']);
    const startDate = requiredDateOption(raw, 'startDate');
    const endDate = requiredDateOption(raw, 'endDate', setup.workDate);
    checkDateRange(startDate, endDate, 'startDate', 'endDate');
    return {
      printCostShareFor: choiceOption(raw, 'printCostShareFor', COST_SHARE_FOR, 'Sales'),
      startDate,
      endDate,
      showDetails: booleanOption(raw, 'showDetails', false),
      items: codeListOption(raw, 'item'),
    };
  },

  printedOptions(o) {
    return [
      { label: 'option.printCostShareFor', value: { label: `costShareFor.${o.printCostShareFor}` } },
      { label: 'option.startDate', value: { date: o.startDate } },
      { label: 'option.endDate', value: { date: o.endDate } },
      { label: 'option.showDetails', value: { yesNo: o.showDetails } },
      { label: 'option.itemFilter', value: filterValue(o.items) },
    ];
  },

  async load(sql, o, setup): Promise<ReportData> {
    const { lines, rows } = costSharesLines(await shareGroups(sql, o), o, setup);
    const production = rows.some((r) => PRODUCTION_COLUMNS.some((c) => !new Dec(String(r[c] ?? 0)).isZero()));
    return {
      sections: [{ columns: columns(o, production), lines, empty: { key: 'section.noEntries' } }],
      rows,
      period: { from: o.startDate, to: o.endDate },
      notes: [
        { key: 'note.costShares.averageSkipped' },
        { key: production ? 'note.costShares.singleLevel' : 'note.costShares.productionLater' },
        { key: 'note.runAdjustCostFirst' },
      ],
    };
  },
};
