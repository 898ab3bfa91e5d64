/**
 * Automatic item application at posting (R19, R28): which open entries a new entry applies to.
 */
import type { CostingMethod, ItemLedgerEntry } from '../types';
import type { LedgerState } from './ledger-state';

export interface Tracking {
  serialNo: string | null;
  lotNo: string | null;
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
 * Open inbound entries a decrease may take, in the order the costing method takes them (R19):
 * earliest posting date first for FIFO, Average (quantity only), Standard and Specific; latest
 * first for LIFO, ties broken by entry number in the same direction.
 */
export function inboundCandidates(
  state: LedgerState,
  method: CostingMethod,
  itemNo: string,
  variantCode: string,
  locationCode: string,
  tracking: Tracking,
): ItemLedgerEntry[] {
  const open = state
    .openEntries(itemNo, variantCode, locationCode, true)
    .filter((e) => e.remainingQuantity.greaterThan(0) && sameTracking(e, tracking));
  open.sort(byDateAndEntry);
  if (method === 'LIFO') open.reverse();
  return open;
}

/**
 * Open decreases (negative inventory) an increase applies to when it arrives (R28). The oldest
 * shortage is filled first, whatever the costing method: it is the one waiting longest for a cost.
 */
export function outboundCandidates(
  state: LedgerState,
  itemNo: string,
  variantCode: string,
  locationCode: string,
  tracking: Tracking,
): ItemLedgerEntry[] {
  const open = state
    .openEntries(itemNo, variantCode, locationCode, false)
    .filter((e) => e.remainingQuantity.lessThan(0) && sameTracking(e, tracking));
  open.sort(byDateAndEntry);
  return open;
}
