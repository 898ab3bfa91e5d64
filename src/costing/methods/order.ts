/** Orders of taking open increases (R19): by posting date, ties by entry number. */
import type { ItemLedgerEntry } from '../types';

function byDateAndEntry(a: ItemLedgerEntry, b: ItemLedgerEntry): number {
  if (a.postingDate !== b.postingDate) return a.postingDate < b.postingDate ? -1 : 1;
  return a.entryNo - b.entryNo;
}

export const earliestFirst = (open: ItemLedgerEntry[]): ItemLedgerEntry[] => [...open].sort(byDateAndEntry);

export const latestFirst = (open: ItemLedgerEntry[]): ItemLedgerEntry[] => [...open].sort(byDateAndEntry).reverse();
