/**
 * Item application at posting (R19, R25–R33): which open entries a new entry applies to, and the
 * application entries, remaining quantities and flags that follow. The order in which a decrease
 * takes increases is its costing method's (../methods); fixed applications (Appl.-to) override it
 * (R30); an Appl.-from line is a cost application that moves no quantity (R25, R26, R36).
 */
import { Dec, minDec, ZERO } from '../../common/decimal';
import { ValidationError } from '../../common/errors';
import { inTakingOrder } from '../methods/order';
import type { CostingItem, ItemLedgerEntry } from '../types';
import type { PostingKernel } from './kernel';
import type { LedgerState } from './ledger-state';
import type { JournalLineOp } from './operations';

export interface Tracking {
  serialNo: string | null;
  lotNo: string | null;
}

/** An increase a decrease applied to, and how much it took. */
export interface Applied {
  entry: ItemLedgerEntry;
  quantity: Dec;
}

function sameTracking(entry: ItemLedgerEntry, tracking: Tracking): boolean {
  if (tracking.serialNo && entry.serialNo !== tracking.serialNo) return false;
  if (tracking.lotNo && entry.lotNo !== tracking.lotNo) return false;
  return true;
}

function byDateAndEntry(a: ItemLedgerEntry, b: ItemLedgerEntry): number {
  if (a.postingDate !== b.postingDate) return a.postingDate < b.postingDate ? -1 : 1;
  return a.entryNo - b.entryNo;
}

/**
 * Open decreases (negative inventory) an increase applies to when it arrives (R28). The oldest
 * shortage is filled first, whatever the costing method: it is the one waiting longest for a cost.
 */
export function outboundCandidates(state: LedgerState, itemNo: string, variantCode: string, locationCode: string, tracking: Tracking): ItemLedgerEntry[] {
  const open = state.openEntries(itemNo, variantCode, locationCode, false).filter((e) => e.remainingQuantity.lessThan(0) && sameTracking(e, tracking));
  open.sort(byDateAndEntry);
  return open;
}

// ---------------------------------------------------------------- increases

/** Applies a new increase: a cost application (Appl.-from), a fixed application (Appl.-to), or R28. */
export function applyInbound(k: PostingKernel, entry: ItemLedgerEntry, item: CostingItem, op: JournalLineOp): void {
  if (op.appliesFromEntry !== null) {
    // R25/R26/R36: a cost application; quantities stay open on both sides.
    const source = costSource(k, op, entry);
    k.state.costAppliedQuantity.set(source.entryNo, (k.state.costAppliedQuantity.get(source.entryNo) ?? ZERO).plus(entry.quantity));
    // Posted at its source's exact cost unless the line gave one; cost adjustment keeps the two
    // equal from then on (R34).
    k.linkToSource(entry, source, 'costApplication');
    return;
  }
  // R27: every increase gets its own application entry.
  k.state.addApplication({
    itemLedgerEntryNo: entry.entryNo,
    inboundItemEntryNo: entry.entryNo,
    outboundItemEntryNo: 0,
    quantity: entry.quantity,
    postingDate: entry.postingDate,
    costApplication: false,
    transferredFromEntryNo: null,
  });
  if (op.appliesToEntry !== null) {
    const outbound = k.state.entries.get(op.appliesToEntry);
    const field = 'appliesTo';
    if (!outbound) throw ValidationError.at(op.lineNo, field, `Item ledger entry ${op.appliesToEntry} does not exist`);
    k.checkSameSku(op.lineNo, field, entry, outbound);
    if (outbound.positive || !outbound.open) {
      throw ValidationError.at(op.lineNo, field, `Item ledger entry ${outbound.entryNo} is not an open outbound entry`);
    }
    if (entry.quantity.greaterThan(outbound.remainingQuantity.abs())) {
      throw ValidationError.at(
        op.lineNo,
        'quantity',
        `Over-application: item ledger entry ${outbound.entryNo} has ${outbound.remainingQuantity.abs().toFixed()} open, the line applies ${entry.quantity.toFixed()}`,
      );
    }
    applyIncreaseTo(k, entry, outbound, entry.quantity, item);
    return;
  }
  applyToOpenOutbounds(k, entry, item, op);
}

/** R28: an increase fills open decreases (negative inventory) of the same item and location. */
export function applyToOpenOutbounds(k: PostingKernel, entry: ItemLedgerEntry, item: CostingItem, tracking: Tracking): void {
  for (const outbound of outboundCandidates(k.state, entry.itemNo, entry.variantCode, entry.locationCode, tracking)) {
    if (!entry.remainingQuantity.greaterThan(0)) break;
    const qty = minDec(entry.remainingQuantity, outbound.remainingQuantity.abs());
    applyIncreaseTo(k, entry, outbound, qty, item);
  }
}

function applyIncreaseTo(k: PostingKernel, inbound: ItemLedgerEntry, outbound: ItemLedgerEntry, qty: Dec, item: CostingItem): void {
  k.state.addApplication({
    itemLedgerEntryNo: inbound.entryNo,
    inboundItemEntryNo: inbound.entryNo,
    outboundItemEntryNo: outbound.entryNo,
    quantity: qty,
    postingDate: inbound.postingDate,
    costApplication: false,
    transferredFromEntryNo: null,
  });
  k.state.setRemaining(inbound, inbound.remainingQuantity.minus(qty));
  k.state.setRemaining(outbound, outbound.remainingQuantity.plus(qty));
  // R58: the decrease now takes cost from an increase valued later; its valuation date follows,
  // and the period it leaves must be re-averaged too.
  const inboundValuation = k.valuationDateOf(inbound);
  for (const v of [...k.state.valueEntriesOf(outbound.entryNo)]) {
    if (v.valuationDate < inboundValuation) {
      k.markEntryPoint(outbound, item, v.valuationDate);
      k.state.moveValuationDate(v, inboundValuation);
    }
  }
  k.markForAdjustment(outbound, item, inboundValuation);
  k.flag(inbound);
}

/** The outbound entry an Appl.-from line takes its cost from (R26). */
export function costSource(k: PostingKernel, op: JournalLineOp, entry: ItemLedgerEntry): ItemLedgerEntry {
  const source = k.state.entries.get(op.appliesFromEntry as number);
  const field = 'appliesFrom';
  if (!source) throw ValidationError.at(op.lineNo, field, `Item ledger entry ${op.appliesFromEntry} does not exist`);
  if (source.itemNo !== entry.itemNo) {
    throw ValidationError.at(op.lineNo, field, `Item ledger entry ${source.entryNo} is for item ${source.itemNo}, not ${entry.itemNo}`);
  }
  if (source.positive) throw ValidationError.at(op.lineNo, field, `Item ledger entry ${source.entryNo} is not an outbound entry`);
  const returned = k.state.costAppliedQuantity.get(source.entryNo) ?? ZERO;
  if (returned.plus(entry.quantity).greaterThan(source.quantity.abs())) {
    throw ValidationError.at(
      op.lineNo,
      'quantity',
      `Over-application: item ledger entry ${source.entryNo} has ${source.quantity.abs().minus(returned).toFixed()} left to reverse, the line reverses ${entry.quantity.toFixed()}`,
    );
  }
  return source;
}

// ---------------------------------------------------------------- decreases

/**
 * Applies a new decrease to open increases: the one named (Appl.-to, R30) or those its costing
 * method takes, in its order (R19); what finds nothing stays open (R28).
 */
export function applyOutbound(k: PostingKernel, entry: ItemLedgerEntry, item: CostingItem, op: JournalLineOp): Applied[] {
  if (op.appliesFromEntry !== null) {
    throw ValidationError.at(op.lineNo, 'appliesFrom', 'Appl.-from Item Entry is only for inbound lines (R26)');
  }
  const needed = entry.quantity.abs();
  let candidates: ItemLedgerEntry[];
  if (op.appliesToEntry !== null) {
    const inbound = k.state.entries.get(op.appliesToEntry);
    const field = 'appliesTo';
    if (!inbound) throw ValidationError.at(op.lineNo, field, `Item ledger entry ${op.appliesToEntry} does not exist`);
    k.checkSameSku(op.lineNo, field, entry, inbound);
    if (!inbound.positive) throw ValidationError.at(op.lineNo, field, `Item ledger entry ${inbound.entryNo} is not an inbound entry`);
    if (inbound.remainingQuantity.lessThan(needed)) {
      throw ValidationError.at(
        op.lineNo,
        'quantity',
        `Over-application: item ledger entry ${inbound.entryNo} has ${inbound.remainingQuantity.toFixed()} remaining, the line applies ${needed.toFixed()}`,
      );
    }
    candidates = [inbound];
  } else {
    const open = k.state
      .openEntries(entry.itemNo, entry.variantCode, entry.locationCode, true)
      .filter((e) => e.remainingQuantity.greaterThan(0) && sameTracking(e, op));
    candidates = inTakingOrder(k.policy(item).takingOrder, open);
    if ((op.serialNo || op.lotNo) && candidates.length === 0 && k.policy(item).requiresTracking) {
      throw ValidationError.at(op.lineNo, op.serialNo ? 'serialNo' : 'lotNo', `No open inbound entry of item ${item.no} carries ${op.serialNo ?? op.lotNo}`);
    }
  }
  const applied: Applied[] = [];
  let open = needed;
  for (const inbound of candidates) {
    if (open.isZero()) break;
    const qty = minDec(open, inbound.remainingQuantity);
    if (!qty.greaterThan(0)) continue;
    k.state.addApplication({
      itemLedgerEntryNo: entry.entryNo,
      inboundItemEntryNo: inbound.entryNo,
      outboundItemEntryNo: entry.entryNo,
      quantity: qty.negated(),
      postingDate: entry.postingDate,
      costApplication: false,
      transferredFromEntryNo: null,
    });
    k.state.setRemaining(inbound, inbound.remainingQuantity.minus(qty));
    open = open.minus(qty);
    applied.push({ entry: inbound, quantity: qty });
  }
  k.state.setRemaining(entry, open.negated());
  return applied;
}
