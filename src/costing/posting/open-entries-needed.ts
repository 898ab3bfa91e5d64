/**
 * Which open entries a posting batch must read (issue 12): journal posting read every open entry
 * of every item it touched, growing with the history of each item.
 */
import { type Dec, ZERO } from '../../common/decimal';
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
 * How much of one item's open increases at one variant and location the batch's decreases can
 * take at most: the sum of their quantities; null when one of them carries a serial or lot number
 * (it takes only matching entries, wherever they are in the order).
 */
export interface OpenIncreaseDemand {
  itemNo: string;
  variantCode: string;
  locationCode: string;
  quantity: Dec | null;
}

/**
 * Which open entries a batch needs: for an item only journal lines touch, those at the lines'
 * locations and of the side a line applies to — a decrease takes open increases (R19–R22), an
 * increase fills open decreases (R28); a transfer is a decrease where it leaves and an increase
 * where it arrives (R35, R28). For an item an invoice, item charge or undo refers to, all
 * of them. Most open entries are increases waiting for a sale, so a batch's purchases read
 * (almost) nothing.
 *
 * `demands` bounds the increases further: decreases take open increases in their method's order
 * (R19), so only the first ones in that order, up to the quantity the batch's decreases at that
 * item, variant and location add up to, can be taken — increases the batch posts itself only
 * add to what is there. The reader keeps that prefix of each list and drops the rest.
 */
export function openEntriesNeeded(
  operations: readonly PostingOperation[],
  refItemNos: readonly string[],
): { wholeItems: string[]; pairs: OpenEntrySide[]; demands: OpenIncreaseDemand[] } {
  const whole = new Set(refItemNos);
  const pairs = new Map<string, OpenEntrySide>();
  const demands = new Map<string, OpenIncreaseDemand>();
  for (const op of operations) {
    if (op.kind !== 'line' || whole.has(op.itemNo)) continue;
    const add = (locationCode: string, positive: boolean) =>
      pairs.set(openSideKey(op.itemNo, locationCode, positive), { itemNo: op.itemNo, locationCode, positive });
    const decrease = !isInboundLine(op.entryType, op.quantity);
    add(op.locationCode, decrease);
    if (op.newLocationCode !== null) add(op.newLocationCode, false);
    if (decrease) {
      const key = `${op.itemNo}\u0000${op.variantCode}\u0000${op.locationCode}`;
      const demand = demands.get(key) ?? { itemNo: op.itemNo, variantCode: op.variantCode, locationCode: op.locationCode, quantity: ZERO };
      const tracked = op.serialNo !== null || op.lotNo !== null;
      demand.quantity = demand.quantity === null || tracked ? null : demand.quantity.plus(op.quantity.abs());
      demands.set(key, demand);
    }
  }
  return { wholeItems: [...whole], pairs: [...pairs.values()], demands: [...demands.values()] };
}
