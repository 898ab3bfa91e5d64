/**
 * Which open entries a posting batch must read (issue 12): journal posting read every open entry
 * of every item it touched, growing with the history of each item.
 */
import type { PostingOperation } from './operations';
import { isInboundLine } from './operations/journal-line';

/** Open entries of one item at one location, increases (`positive`) or decreases. */
export interface OpenEntrySide {
  itemNo: string;
  locationCode: string;
  positive: boolean;
}

/** One key per item, location and side (the W1 generator indexes its open entries by it too). */
export function openSideKey(itemNo: string, locationCode: string, positive: boolean): string {
  return `${itemNo}\u0000${locationCode}\u0000${positive}`;
}

/**
 * Which open entries a batch needs: for an item only journal lines touch, those at the lines'
 * locations and of the side a line applies to — a decrease takes open increases (R19–R22), an
 * increase fills open decreases (R28); a transfer is a decrease where it leaves and an increase
 * where it arrives (R35, R28). For an item an invoice, item charge or undo refers to, all
 * of them. Most open entries are increases waiting for a sale, so a batch's purchases read
 * (almost) nothing.
 */
export function openEntriesNeeded(operations: readonly PostingOperation[], refItemNos: readonly string[]): { wholeItems: string[]; pairs: OpenEntrySide[] } {
  const whole = new Set(refItemNos);
  const pairs = new Map<string, OpenEntrySide>();
  for (const op of operations) {
    if (op.kind !== 'line' || whole.has(op.itemNo)) continue;
    const add = (locationCode: string, positive: boolean) =>
      pairs.set(openSideKey(op.itemNo, locationCode, positive), { itemNo: op.itemNo, locationCode, positive });
    add(op.locationCode, !isInboundLine(op.entryType, op.quantity));
    if (op.newLocationCode !== null) add(op.newLocationCode, false);
  }
  return { wholeItems: [...whole], pairs: [...pairs.values()] };
}
