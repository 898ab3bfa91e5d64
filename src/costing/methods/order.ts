/**
 * R19: the order in which a decrease takes open increases — by posting date, ties by entry
 * number, earliest first (FIFO, Average, Standard, Specific) or latest first (LIFO). One value per
 * method, so that a reader of the ledgers can take the same order in SQL (journal posting reads
 * only as many open increases as its decreases can take).
 */
import type { ItemLedgerEntry } from '../types';

export type TakingOrder = 'earliestFirst' | 'latestFirst';

function byDateAndEntry(a: ItemLedgerEntry, b: ItemLedgerEntry): number {
  if (a.postingDate !== b.postingDate) return a.postingDate < b.postingDate ? -1 : 1;
  return a.entryNo - b.entryNo;
}

/** The open increases in the order a decrease takes them. */
export function inTakingOrder(order: TakingOrder, open: readonly ItemLedgerEntry[]): ItemLedgerEntry[] {
  const sorted = [...open].sort(byDateAndEntry);
  return order === 'latestFirst' ? sorted.reverse() : sorted;
}
