/**
 * An item journal line (R1, R24): an increase or a decrease of one item at one location, or a
 * transfer between two (R35). The line's quantity follows the journal convention: positive in its
 * entry type's normal direction, negative reversing it (a purchase return, a sales return).
 */
import { Dec, roundTo, ZERO } from '../../../common/decimal';
import { IsoDate, maxDate } from '../../../common/dates';
import { ValidationError } from '../../../common/errors';
import { entryCost, inboundShare } from '../../cost-elements';
import type { IncreaseCost } from '../../methods';
import type { CostingItem, ItemLedgerEntry, ItemLedgerEntryType, ValueEntry } from '../../types';
import { Applied, applyInbound, applyOutbound, applyToOpenOutbounds, costSource } from '../application';
import type { PostingKernel } from '../kernel';
import type { JournalLineOp } from '../operations';

/** The journal convention (scenario format): a negative quantity reverses the entry type's direction. */
export function isInboundLine(entryType: ItemLedgerEntryType, quantity: Dec): boolean {
  const normallyInbound = entryType === 'Purchase' || entryType === 'PositiveAdjmt' || entryType === 'Output' || entryType === 'AssemblyOutput';
  return quantity.lessThan(0) ? !normallyInbound : normallyInbound;
}

export function postJournalLine(k: PostingKernel, op: JournalLineOp): void {
  if (op.entryType === 'Transfer') return postTransfer(k, op);
  const item = k.state.item(op.itemNo);
  const inbound = isInboundLine(op.entryType, op.quantity);
  const quantity = inbound ? op.quantity.abs() : op.quantity.abs().negated();
  k.checkTracking(op, item, quantity);
  const entry = k.newEntry(op, item, op.locationCode, quantity, op.invoice);
  if (inbound) {
    const cost = increaseCost(k, op, item, entry);
    entry.directUnitCost = cost.directUnitCost;
    valueIncrease(k, entry, item, op, cost);
    applyInbound(k, entry, item, op);
  } else {
    const applied = applyOutbound(k, entry, item, op);
    valueDecrease(k, entry, item, op, applied, op.invoice);
    flagSources(k, item, op, applied);
  }
}

function postTransfer(k: PostingKernel, op: JournalLineOp): void {
  const item = k.state.item(op.itemNo);
  if (op.newLocationCode === null) throw ValidationError.at(op.lineNo, 'newLocation', 'A transfer needs a new location');
  if (op.newLocationCode === op.locationCode) {
    throw ValidationError.at(op.lineNo, 'newLocation', `A transfer must move to another location than ${op.locationCode || '(blank)'}`);
  }
  const quantity = op.quantity.abs();
  if (op.quantity.lessThan(0)) throw ValidationError.at(op.lineNo, 'quantity', 'A transfer quantity must be positive');
  k.checkTracking(op, item, quantity);
  const out = k.newEntry(op, item, op.locationCode, quantity.negated(), true);
  const applied = applyOutbound(k, out, item, op);
  const outValue = valueDecrease(k, out, item, op, applied, true);
  flagSources(k, item, op, applied);
  // R35: the two legs are applied to each other; the receiving leg takes the sending leg's cost.
  const into = k.newEntry(op, item, op.newLocationCode, quantity, true);
  k.addValue(into, item, op.postingDate, {
    valuationDate: outValue.valuationDate,
    entryType: 'DirectCost',
    valuedQuantity: quantity,
    itemLedgerEntryQuantity: quantity,
    invoicedQuantity: quantity,
    costAmountActual: outValue.costAmountActual.negated(),
    valuedByAverageCost: outValue.valuedByAverageCost,
  });
  k.linkToSource(into, out, 'transfer');
  applyToOpenOutbounds(k, into, item, op);
}

/**
 * Cost of an increase at posting. R24: Unit Cost = Direct Unit Cost × (1 + Indirect Cost %) +
 * Overhead Rate, the indirect part its own value entry (R78); the costing method turns that into
 * the entry's value (R18: Standard at standard, the rest as variance). A cost application
 * (Appl.-from) takes the decrease's exact cost (R26, R30).
 */
function increaseCost(k: PostingKernel, op: JournalLineOp, item: CostingItem, entry: ItemLedgerEntry): IncreaseCost {
  const qty = entry.quantity;
  const prec = k.ctx.precisions;
  if (op.appliesFromEntry !== null && op.unitCost === null && op.amount === null) {
    const source = costSource(k, op, entry);
    const direct = roundTo(entryCost(k.state.valueEntriesOf(source.entryNo)).negated().times(qty).div(source.quantity.abs()), prec.amount);
    return { direct, indirect: ZERO, variance: ZERO, standardTotal: null, directUnitCost: null };
  }
  const isPurchase = op.entryType === 'Purchase';
  let directUnitCost: Dec;
  let direct: Dec;
  if (op.amount !== null) {
    direct = roundTo(op.amount, prec.amount);
    directUnitCost = roundTo(op.amount.div(qty), prec.unitAmount);
  } else {
    directUnitCost = op.unitCost ?? k.policy(item).defaultDirectUnitCost(item, isPurchase);
    direct = roundTo(qty.times(directUnitCost), prec.amount);
  }
  const indirect = isPurchase ? roundTo(direct.times(item.indirectCostPercent).div(100).plus(qty.times(item.overheadRate)), prec.amount) : ZERO;
  return k.policy(item).increaseCost(item, { quantity: qty, direct, indirect, directUnitCost, isPurchase }, prec.amount);
}

function valueIncrease(k: PostingKernel, entry: ItemLedgerEntry, item: CostingItem, op: JournalLineOp, cost: IncreaseCost): void {
  const valuationDate = entry.postingDate;
  k.checkValuationDate(op.lineNo, valuationDate);
  const qty = entry.quantity;
  if (!op.invoice) {
    // R61: a receipt posts its cost as expected cost; indirect cost and variance wait for the invoice.
    k.addValue(entry, item, op.postingDate, {
      valuationDate,
      entryType: 'DirectCost',
      valuedQuantity: qty,
      itemLedgerEntryQuantity: qty,
      invoicedQuantity: ZERO,
      costAmountExpected: cost.standardTotal ?? cost.direct.plus(cost.indirect),
      expectedCost: true,
    });
  } else {
    k.addValue(entry, item, op.postingDate, {
      valuationDate,
      entryType: 'DirectCost',
      valuedQuantity: qty,
      itemLedgerEntryQuantity: qty,
      invoicedQuantity: qty,
      costAmountActual: cost.direct,
    });
    k.addIndirectAndVariance(entry, item, op.postingDate, valuationDate, qty, cost.indirect, cost.variance);
    k.updateUnitCostOnIncrease(item, op.entryType, qty, cost);
  }
  k.markForAdjustment(entry, item, valuationDate);
}

/**
 * Cost of a decrease at posting: the line's own cost when it gives one (Business Central copies
 * a unit cost to the line); otherwise what it applies to (fixed applications always, R30), the
 * item's Unit Cost for a decrease the average will value (R19, R53), and the method's unit cost
 * for any quantity not yet applied (negative inventory, R28).
 */
function valueDecrease(k: PostingKernel, entry: ItemLedgerEntry, item: CostingItem, op: JournalLineOp, applied: Applied[], invoiced: boolean): ValueEntry {
  const prec = k.ctx.precisions.amount;
  const qty = entry.quantity.abs();
  const policy = k.policy(item);
  const byAverage = policy.valuedByAverage(op.appliesToEntry !== null);
  let cost: Dec;
  if (op.amount !== null) cost = roundTo(op.amount.abs(), prec);
  else if (op.unitCost !== null) cost = roundTo(qty.times(op.unitCost), prec);
  else if (byAverage) cost = roundTo(qty.times(item.unitCost), prec);
  else {
    const recipient = { firstValueEntryNo: k.state.counters.valueEntry + 1, valuationDate: op.postingDate };
    let appliedQty = ZERO;
    cost = ZERO;
    for (const a of applied) {
      cost = cost.plus(inboundShare(k.state.valueEntriesOf(a.entry.entryNo), a.entry.quantity, a.quantity, recipient, prec).total());
      appliedQty = appliedQty.plus(a.quantity);
    }
    cost = cost.plus(roundTo(qty.minus(appliedQty).times(policy.unappliedUnitCost(item)), prec));
  }
  // R57 rule 3: a decrease valued before the increases it applies to takes their latest valuation date.
  let valuationDate = op.postingDate;
  for (const a of applied) valuationDate = maxDate(valuationDate, k.valuationDateOf(a.entry, true)) as IsoDate;
  k.checkValuationDate(op.lineNo, valuationDate);
  const value = k.addValue(entry, item, op.postingDate, {
    valuationDate,
    entryType: 'DirectCost',
    valuedQuantity: entry.quantity,
    itemLedgerEntryQuantity: entry.quantity,
    invoicedQuantity: invoiced ? entry.quantity : ZERO,
    costAmountActual: invoiced ? cost.negated() : ZERO,
    costAmountExpected: invoiced ? ZERO : cost.negated(),
    expectedCost: !invoiced,
    valuedByAverageCost: byAverage,
  });
  k.markForAdjustment(entry, item, valuationDate);
  return value;
}

/**
 * R40.1: an increase is put on the Applied Entry to Adjust list when cost adjustment has
 * something to carry from it to the decrease just applied to it: when the decrease was posted
 * at a cost of its own (a unit cost or amount on the line) rather than at the cost of what it
 * applies to, and when the increase is now fully applied (its rounding residual, R71). A
 * decrease valued at posting from the very increases it applies to needs nothing more; if the
 * increase's cost changes later, that change flags it. Decreases the average values are revisited
 * through their entry points instead (R40.2), except fixed applications (R32).
 */
function flagSources(k: PostingKernel, item: CostingItem, op: JournalLineOp, applied: Applied[]): void {
  if (k.policy(item).valuedByAverage(op.appliesToEntry !== null)) return;
  const ownCost = op.unitCost !== null || op.amount !== null;
  for (const a of applied) if (ownCost || a.entry.remainingQuantity.isZero()) k.flag(a.entry);
}
