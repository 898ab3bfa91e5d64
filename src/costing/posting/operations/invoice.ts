/**
 * Invoicing (part of) a receipt or shipment posted without its invoice (R61, R62): the expected
 * cost is reversed and the actual cost posted. An increase is invoiced at a direct unit cost
 * (the invoice's, else the one the receipt line was posted with) and its costing method decides
 * the variance (R77, R86); a decrease takes no price of its own: its cost comes from what it
 * applies to, and the invoice moves it from expected to actual.
 */
import { Dec, roundTo, ZERO } from '../../../common/decimal';
import type { IsoDate } from '../../../common/dates';
import { ValidationError } from '../../../common/errors';
import { CostElements, FLOWING_COST_TYPES } from '../../cost-elements';
import { valuationDateRefusal } from '../../posting-window';
import type { CostingItem, ItemLedgerEntry, ValueEntryType } from '../../types';
import type { PostingKernel } from '../kernel';
import type { InvoiceOp } from '../operations';

export function postInvoice(k: PostingKernel, op: InvoiceOp): void {
  const entry = k.existingEntry(op.lineNo, 'ref', op.itemLedgerEntryNo);
  const item = k.state.item(entry.itemNo);
  if (entry.correction) throw ValidationError.at(op.lineNo, 'ref', `Item ledger entry ${entry.entryNo} is a correction and cannot be invoiced`);
  const sign = entry.positive ? 1 : -1;
  const uninvoiced = entry.quantity.minus(entry.invoicedQuantity).abs();
  if (uninvoiced.isZero()) throw ValidationError.at(op.lineNo, 'ref', `Item ledger entry ${entry.entryNo} is already completely invoiced`);
  const qtyAbs = op.quantity ?? uninvoiced;
  if (!qtyAbs.greaterThan(0)) throw ValidationError.at(op.lineNo, 'quantity', 'The quantity to invoice must be positive');
  if (qtyAbs.greaterThan(uninvoiced)) {
    throw ValidationError.at(op.lineNo, 'quantity', `Item ledger entry ${entry.entryNo} has only ${uninvoiced.toFixed()} not yet invoiced`);
  }
  const qty = qtyAbs.times(sign);
  const prec = k.ctx.precisions;
  const remaining = new CostElements();
  for (const v of k.state.valueEntriesOf(entry.entryNo)) if (v.entryType !== 'Rounding') remaining.add(v.entryType, v.costAmountExpected);
  const reversed = new CostElements();
  for (const t of FLOWING_COST_TYPES) {
    reversed[t] = qtyAbs.eq(uninvoiced) ? remaining[t] : roundTo(remaining[t].times(qtyAbs).div(uninvoiced), prec.amount);
  }
  // R57: an invoice keeps the valuation date of the receipt or shipment; R118 redirects it to
  // the invoice date when that would fall before the Earliest Allowed Valuation Date.
  let valuationDate = k.valuationDateOf(entry);
  if (valuationDateRefusal(k.ctx.window, valuationDate)) valuationDate = op.postingDate;
  k.checkValuationDate(op.lineNo, valuationDate);

  if (entry.positive) {
    // Without a unit cost the invoice takes the Direct Unit Cost the receipt line was posted with
    // (scenario format, `invoice`); for a Standard item the difference to standard is then
    // Purchase Variance (R77), not swallowed by invoicing at the expected (standard) cost.
    const directUnitCost = op.unitCost ?? entry.directUnitCost ?? receiptDirectUnitCost(k, item, entry, remaining.total(), uninvoiced);
    const direct = roundTo(qtyAbs.times(directUnitCost), prec.amount);
    const isPurchase = entry.entryType === 'Purchase';
    const indirect = isPurchase ? roundTo(direct.times(item.indirectCostPercent).div(100).plus(qtyAbs.times(item.overheadRate)), prec.amount) : ZERO;
    const variance = k.policy(item).invoiceVariance(reversed.total(), direct, indirect);
    addInvoiceValue(k, entry, item, op, valuationDate, qty, 'DirectCost', direct, reversed.DirectCost);
    addReversalValues(k, entry, item, op, valuationDate, reversed);
    k.addIndirectAndVariance(entry, item, op.postingDate, valuationDate, qty, indirect, variance);
    k.addInvoicedQuantity(item, qty);
    entry.invoicedQuantity = entry.invoicedQuantity.plus(qty);
    k.state.touch(entry);
    k.updateUnitCostOnIncrease(item, entry.entryType, qtyAbs, {
      direct,
      indirect,
      variance,
      standardTotal: null,
      directUnitCost: isPurchase ? directUnitCost : null,
    });
    k.markForAdjustment(entry, item, valuationDate);
    k.flag(entry);
  } else {
    if (op.unitCost !== null)
      throw ValidationError.at(
        op.lineNo,
        'unitCost',
        `Item ledger entry ${entry.entryNo} is a decrease: its invoice moves expected cost to actual and takes no unit cost`,
      );
    addInvoiceValue(k, entry, item, op, valuationDate, qty, 'DirectCost', reversed.DirectCost, reversed.DirectCost);
    addReversalValues(k, entry, item, op, valuationDate, reversed, true);
    k.addInvoicedQuantity(item, qty);
    entry.invoicedQuantity = entry.invoicedQuantity.plus(qty);
    k.state.touch(entry);
    k.markForAdjustment(entry, item, valuationDate);
  }
}

/**
 * Direct unit cost of a receipt invoiced without a price whose line cost is not on record (a
 * return, or an entry posted before the ledger kept it): its expected cost less overhead.
 */
function receiptDirectUnitCost(k: PostingKernel, item: CostingItem, entry: ItemLedgerEntry, remainingExpected: Dec, uninvoiced: Dec): Dec {
  const perUnit = remainingExpected.div(uninvoiced);
  return roundTo(entry.entryType === 'Purchase' ? k.policy(item).directUnitCostOfExpected(item, perUnit) : perUnit, k.ctx.precisions.unitAmount);
}

function addInvoiceValue(
  k: PostingKernel,
  entry: ItemLedgerEntry,
  item: CostingItem,
  op: InvoiceOp,
  valuationDate: IsoDate,
  qty: Dec,
  type: ValueEntryType,
  actual: Dec,
  expectedReversed: Dec,
): void {
  k.addValue(entry, item, op.postingDate, {
    valuationDate,
    documentNo: op.documentNo,
    entryType: type,
    valuedQuantity: qty,
    invoicedQuantity: qty,
    costAmountActual: actual,
    costAmountExpected: expectedReversed.negated(),
  });
}

/** Expected cost of other types (a revaluation of a Standard receipt, R86) is reversed on invoice. */
function addReversalValues(
  k: PostingKernel,
  entry: ItemLedgerEntry,
  item: CostingItem,
  op: InvoiceOp,
  valuationDate: IsoDate,
  reversed: CostElements,
  moveToActual = false,
): void {
  for (const t of FLOWING_COST_TYPES) {
    if (t === 'DirectCost' || reversed[t].isZero()) continue;
    const parts = t === 'Revaluation' ? revaluationReversalByDate(k, entry, reversed[t], valuationDate) : [{ valuationDate, amount: reversed[t] }];
    for (const part of parts) {
      k.addValue(entry, item, op.postingDate, {
        valuationDate: part.valuationDate,
        documentNo: op.documentNo,
        entryType: t,
        varianceType: t === 'Variance' ? 'Purchase' : null,
        costAmountActual: moveToActual ? part.amount : ZERO,
        costAmountExpected: part.amount.negated(),
      });
    }
  }
}

/**
 * R57 rule 4, R89: the revaluation of expected cost that an invoice reverses keeps the
 * valuation date of the revaluation it reverses, not the invoice's or the receipt's, so that it
 * falls in the same average-cost period and the same revaluation scope as what it undoes. With
 * revaluations on several dates, the amount is split over them in proportion, the rounding
 * residual carried to the latest; a revaluation dated before the Earliest Allowed Valuation Date
 * is reversed at `fallback` (the invoice's own valuation date, R118).
 */
function revaluationReversalByDate(k: PostingKernel, entry: ItemLedgerEntry, amount: Dec, fallback: IsoDate): { valuationDate: IsoDate; amount: Dec }[] {
  const byDate = new Map<IsoDate, Dec>();
  for (const v of k.state.valueEntriesOf(entry.entryNo)) {
    if (v.entryType !== 'Revaluation' || v.costAmountExpected.isZero()) continue;
    const date = valuationDateRefusal(k.ctx.window, v.valuationDate) ? fallback : v.valuationDate;
    byDate.set(date, (byDate.get(date) ?? ZERO).plus(v.costAmountExpected));
  }
  const dates = [...byDate.keys()].filter((d) => !(byDate.get(d) as Dec).isZero()).sort();
  const total = dates.reduce((sum, d) => sum.plus(byDate.get(d) as Dec), ZERO);
  if (dates.length === 0 || total.isZero()) return [{ valuationDate: fallback, amount }];
  const parts: { valuationDate: IsoDate; amount: Dec }[] = [];
  let left = amount;
  dates.forEach((d, i) => {
    const part = i === dates.length - 1 ? left : roundTo(amount.times(byDate.get(d) as Dec).div(total), k.ctx.precisions.amount);
    left = left.minus(part);
    if (!part.isZero()) parts.push({ valuationDate: d, amount: part });
  });
  return parts;
}
