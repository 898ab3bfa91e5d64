/**
 * Invt. Valuation – Cost Spec. (report 5801, R127): what each item's inventory on the valuation
 * date is made of, one row per value-entry type (Direct Cost, Indirect Cost, Variance,
 * Revaluation, Rounding) with the remaining quantity, cost per unit and amount, and a Total.
 *
 * Remaining quantity is rebuilt from the item application entries between entries posted up to
 * the valuation date (R127), so a later sale does not reduce it. Each remaining entry contributes
 * its own value entries by type in proportion remaining / quantity (per entry, R127); an
 * outbound entry still open on that date (negative inventory) contributes negatively.
 *
 * Decision (written down in the README): the Total is the item's inventory value — Σ of its value
 * entries (actual + expected) posted up to the date, the figure Inventory Valuation prints as the
 * closing value with expected cost. The per-type amounts are the per-entry composition scaled
 * onto that total and rounded so that they add up to it exactly: for adjusted FIFO, LIFO,
 * Specific and Standard items the scaling only absorbs sub-cent rounding; for Average items it is
 * what R127 asks (the composition averaged over all remaining quantity). Where nothing remains
 * but value does (e.g. a rounding residual not yet posted), the types are the value entries' own.
 */
import { Dec, roundTo } from '../../common/decimal';
import type { IsoDate } from '../../common/dates';
import type { ReportColumn, ReportData, ReportDefinition, ReportLine, ReportSetup } from '../report-definition';
import { Row, sumColumns } from '../report-lines';
import { codeListOption, dateOption, filterValue, rejectUnknownOptions, requiredDateOption } from '../report-options';
import { allocateExactly } from './allocation';
import { type ItemFigures, itemFigures } from '../queries/cost-specification.query';

export interface CostSpecificationOptions {
  valuationDate: IsoDate;
  items: string[] | null;
}

export const COST_TYPES = ['DirectCost', 'IndirectCost', 'Variance', 'Revaluation', 'Rounding'] as const;
type CostType = (typeof COST_TYPES)[number];

const COLUMNS: ReportColumn[] = [
  { key: 'itemNo', label: 'column.itemNo', kind: 'text' },
  { key: 'description', label: 'column.description', kind: 'text', width: '*' },
  { key: 'entryTypeLabel', label: 'column.entryType', kind: 'text' },
  { key: 'remainingQuantity', label: 'column.remainingQuantity', kind: 'quantity' },
  { key: 'costPerUnit', label: 'column.costPerUnit', kind: 'unitAmount' },
  { key: 'amount', label: 'column.amount', kind: 'amount' },
];

/** The per-type amounts of one item, adding up exactly to its inventory value. */
export function typeAmounts(value: Dec, shares: Record<string, string> | null, own: Record<string, string> | null, precision: Dec): Record<CostType, Dec> {
  const weights = COST_TYPES.map((t) => new Dec(shares?.[t] ?? 0));
  const scalable = !weights.reduce((a, w) => a.plus(w), new Dec(0)).isZero();
  const base = scalable ? weights : COST_TYPES.map((t) => new Dec(own?.[t] ?? 0));
  const amounts = allocateExactly(value, base, precision);
  return Object.fromEntries(COST_TYPES.map((t, i) => [t, amounts[i]])) as Record<CostType, Dec>;
}

export function costSpecificationLines(figures: ItemFigures[], setup: ReportSetup): { lines: ReportLine[]; rows: Row[] } {
  const amountPrecision = new Dec(setup.amountPrecision);
  const unitPrecision = new Dec(setup.unitAmountPrecision);
  const lines: ReportLine[] = [];
  const rows: Row[] = [];
  const totals: Row[] = [];
  for (const f of figures) {
    const qty = new Dec(f.remaining);
    const value = new Dec(f.value);
    const amounts = typeAmounts(value, f.shares, f.own, amountPrecision);
    const perUnit = (amount: Dec) => (qty.isZero() ? null : roundTo(amount.div(qty), unitPrecision).toFixed());
    for (const [type, amount] of [...COST_TYPES.map((t) => [t, amounts[t]] as const), ['Total', value] as const]) {
      const row: Row = { itemNo: f.itemNo, entryType: type, remainingQuantity: qty.toFixed(), costPerUnit: perUnit(amount), amount: amount.toFixed() };
      rows.push(row);
      if (type === 'Total') {
        totals.push(row);
        lines.push({ kind: 'groupTotal', label: { key: 'line.itemTotal', values: { item: f.itemNo } }, values: row });
      } else {
        const first = type === COST_TYPES[0];
        // Written out, not `{ ...row, description, … }`: see NEW_KEYS_FIRST in eslint.config.mjs.
        const printed = {
          itemNo: first ? f.itemNo : '',
          entryType: row.entryType,
          remainingQuantity: row.remainingQuantity,
          costPerUnit: row.costPerUnit,
          amount: row.amount,
          description: first ? f.description : '',
          entryTypeLabel: { label: { key: `entryType.${type}` } },
        };
        lines.push({ kind: 'detail', values: printed });
      }
    }
  }
  lines.push({ kind: 'grandTotal', label: { key: 'line.grandTotal' }, values: sumColumns(totals, ['amount']) });
  return { lines, rows };
}

export const costSpecificationReport: ReportDefinition<CostSpecificationOptions> = {
  name: 'costSpecification',
  fileStem: 'cost-specification',
  title: 'report.costSpecification.title',
  orientation: 'portrait',

  optionFields: [
    { name: 'valuationDate', label: 'option.valuationDate', kind: 'date' },
    { name: 'item', label: 'option.itemFilter', kind: 'codeList' },
  ],

  parseOptions(raw, setup) {
    rejectUnknownOptions(raw, ['valuationDate', 'asOfDate', 'item']);
    // `asOfDate` (scenario format) is another name for the valuation date; the work date by default (R127).
    const valuationDate = requiredDateOption(raw, 'valuationDate', dateOption(raw, 'asOfDate') ?? setup.workDate);
    return { valuationDate, items: codeListOption(raw, 'item') };
  },

  printedOptions(o) {
    return [
      { label: 'option.valuationDate', value: { date: o.valuationDate } },
      { label: 'option.itemFilter', value: filterValue(o.items) },
    ];
  },

  async load(sql, o, setup): Promise<ReportData> {
    const { lines, rows } = costSpecificationLines(await itemFigures(sql, o), setup);
    return {
      sections: [{ columns: COLUMNS, lines, empty: { key: 'section.noEntries' } }],
      rows,
      period: { from: null, to: o.valuationDate },
      notes: [{ key: 'note.costSpecification.total' }, { key: 'note.runAdjustCostFirst' }],
    };
  },
};
