/**
 * Which open entries a posting batch must read (issue 12): journal posting read every open entry
 * of every item it touched, growing with the history of each item.
 */
import { type Dec, ZERO } from '../../common/decimal';
import type { PostingOperation } from './operations';
import { isInboundLine } from './operations/journal-line';

/** One item at one location. */
export interface ItemAtLocation {
  itemNo: string;
  locationCode: string;
}

/** One key per item, location and side. */
function openSideKey(itemNo: string, locationCode: string, positive: boolean): string {
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
 * locations and of the side a line applies to — an increase fills open decreases (R28), so
 * `decreasesAt` names where to read them all; a decrease takes open increases (R19–R22), and
 * `demands` says how many: decreases take them in their method's order (R19), so only the first
 * ones in that order, up to the quantity the batch's decreases at that item, variant and
 * location add up to, can be taken — increases the batch posts itself only add to what is
 * there. A transfer is a decrease where it leaves and an increase where it arrives (R35, R28).
 * For an item an invoice, item charge or undo refers to, all open entries (`wholeItems`).
 */
export function openEntriesNeeded(
  operations: readonly PostingOperation[],
  refItemNos: readonly string[],
): { wholeItems: string[]; decreasesAt: ItemAtLocation[]; demands: OpenIncreaseDemand[] } {
  const whole = new Set(refItemNos);
  const decreasesAt = new Map<string, ItemAtLocation>();
  const demands = new Map<string, OpenIncreaseDemand>();
  for (const op of operations) {
    if (op.kind !== 'line' || whole.has(op.itemNo)) continue;
    const increaseAt = (locationCode: string) => decreasesAt.set(openSideKey(op.itemNo, locationCode, false), { itemNo: op.itemNo, locationCode });
    if (isInboundLine(op.entryType, op.quantity)) {
      increaseAt(op.locationCode);
      continue;
    }
    if (op.newLocationCode !== null) increaseAt(op.newLocationCode);
    const key = `${op.itemNo}\u0000${op.variantCode}\u0000${op.locationCode}`;
    const demand = demands.get(key) ?? { itemNo: op.itemNo, variantCode: op.variantCode, locationCode: op.locationCode, quantity: ZERO };
    const tracked = op.serialNo !== null || op.lotNo !== null;
    demand.quantity = demand.quantity === null || tracked ? null : demand.quantity.plus(op.quantity.abs());
    demands.set(key, demand);
  }
  return { wholeItems: [...whole], decreasesAt: [...decreasesAt.values()], demands: [...demands.values()] };
}
