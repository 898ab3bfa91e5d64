/**
 * The slice of the ledgers a posting batch works on, held in memory: the items it touches, their
 * open item ledger entries and every entry a line refers to, with their value entries. The engine
 * changes this state line by line (so a later line sees what an earlier one posted) and records
 * every change, which the service then writes in bulk.
 */
import { Dec, ZERO } from '../../common/decimal';
import type { IsoDate } from '../../common/dates';
import { AvgCostEntryPoint, CostingItem, entryPointKey, ItemApplicationEntry, ItemLedgerEntry, ValueEntry } from '../types';

export interface LedgerCounters {
  itemLedgerEntry: number;
  valueEntry: number;
  itemApplicationEntry: number;
}

export interface LedgerSnapshot {
  items: CostingItem[];
  /** Open entries of the items, plus every entry a line refers to. */
  entries: ItemLedgerEntry[];
  /** All value entries of those entries. */
  valueEntries: ValueEntry[];
  /** Cost applications already made from an outbound entry (R25): quantity returned so far. */
  costAppliedQuantity: Map<number, Dec>;
  /** Net invoiced quantity per item before the batch (R23). */
  invoicedQuantityByItem: Map<string, Dec>;
  /** Last entry numbers used so far. */
  counters: LedgerCounters;
}

export class LedgerState {
  readonly items = new Map<string, CostingItem>();
  readonly entries = new Map<number, ItemLedgerEntry>();
  readonly valueEntriesByEntry = new Map<number, ValueEntry[]>();
  readonly costAppliedQuantity: Map<number, Dec>;
  readonly invoicedQuantityByItem: Map<string, Dec>;
  readonly counters: LedgerCounters;

  readonly newEntries: ItemLedgerEntry[] = [];
  readonly newValueEntries: ValueEntry[] = [];
  readonly newApplications: ItemApplicationEntry[] = [];
  /** Existing entries whose bookkeeping fields moved (remaining, open, invoiced, flags). */
  readonly changedEntryNos = new Set<number>();
  /** Invoiced quantity of each entry read, as read (what the inventory totals hold of it, R23). */
  readonly invoicedBefore = new Map<number, Dec>();
  /** Existing value entries whose valuation date moved (R58). */
  readonly valuationDateChanges = new Map<number, IsoDate>();
  readonly entryPoints = new Map<string, AvgCostEntryPoint>();
  readonly changedItems = new Set<string>();

  private readonly newEntryNos = new Set<number>();
  private readonly newValueEntryNos = new Set<number>();
  /** Open entries by item/variant/location and sign, kept current as remaining quantities move. */
  private readonly openIndex = new Map<string, Set<ItemLedgerEntry>>();

  constructor(snapshot: LedgerSnapshot) {
    for (const item of snapshot.items) this.items.set(item.no, { ...item });
    for (const e of snapshot.entries) {
      const copy = { ...e };
      this.entries.set(copy.entryNo, copy);
      this.invoicedBefore.set(copy.entryNo, e.invoicedQuantity);
      if (copy.open) this.indexOpen(copy);
    }
    // Value entries are never changed in place (moveValuationDate copies on write), so the
    // snapshot's objects are shared, not copied.
    for (const v of snapshot.valueEntries) this.valueEntriesOf(v.itemLedgerEntryNo).push(v);
    this.costAppliedQuantity = new Map(snapshot.costAppliedQuantity);
    this.invoicedQuantityByItem = new Map(snapshot.invoicedQuantityByItem);
    this.counters = { ...snapshot.counters };
  }

  valueEntriesOf(entryNo: number): ValueEntry[] {
    let list = this.valueEntriesByEntry.get(entryNo);
    if (!list) {
      list = [];
      this.valueEntriesByEntry.set(entryNo, list);
    }
    return list;
  }

  /** Open entries of one item/variant/location, inbound (remaining > 0) or outbound (< 0). */
  openEntries(itemNo: string, variantCode: string, locationCode: string, positive: boolean): ItemLedgerEntry[] {
    const set = this.openIndex.get(openKey(itemNo, variantCode, locationCode, positive));
    return set ? [...set] : [];
  }

  /** R29: moves the remaining quantity; an entry whose remaining quantity reaches zero closes. */
  setRemaining(entry: ItemLedgerEntry, remaining: Dec): void {
    entry.remainingQuantity = remaining;
    const open = !remaining.isZero();
    if (open !== entry.open) {
      entry.open = open;
      if (open) this.indexOpen(entry);
      else this.openIndex.get(openKey(entry.itemNo, entry.variantCode, entry.locationCode, entry.positive))?.delete(entry);
    }
    this.touch(entry);
  }

  private indexOpen(entry: ItemLedgerEntry): void {
    const key = openKey(entry.itemNo, entry.variantCode, entry.locationCode, entry.positive);
    let set = this.openIndex.get(key);
    if (!set) {
      set = new Set();
      this.openIndex.set(key, set);
    }
    set.add(entry);
  }

  addEntry(entry: Omit<ItemLedgerEntry, 'entryNo'> & { entryNo?: never }): ItemLedgerEntry {
    // The number first, then the fields (NEW_KEYS_FIRST in eslint.config.mjs); `entryNo?: never`
    // keeps a caller from passing a number of its own, which the spread would put over it.
    const created: ItemLedgerEntry = { entryNo: ++this.counters.itemLedgerEntry, ...entry };
    this.entries.set(created.entryNo, created);
    this.newEntries.push(created);
    this.newEntryNos.add(created.entryNo);
    if (created.open) this.indexOpen(created);
    this.valueEntriesOf(created.entryNo);
    return created;
  }

  addValueEntry(entry: Omit<ValueEntry, 'entryNo'> & { entryNo?: never }): ValueEntry {
    const created: ValueEntry = { entryNo: ++this.counters.valueEntry, ...entry };
    this.valueEntriesOf(created.itemLedgerEntryNo).push(created);
    this.newValueEntries.push(created);
    this.newValueEntryNos.add(created.entryNo);
    return created;
  }

  addApplication(entry: Omit<ItemApplicationEntry, 'entryNo'> & { entryNo?: never }): ItemApplicationEntry {
    const created: ItemApplicationEntry = { entryNo: ++this.counters.itemApplicationEntry, ...entry };
    this.newApplications.push(created);
    return created;
  }

  /** Marks an existing entry as changed; new entries are written whole anyway. */
  touch(entry: ItemLedgerEntry): void {
    if (!this.newEntryNos.has(entry.entryNo)) this.changedEntryNos.add(entry.entryNo);
  }

  moveValuationDate(value: ValueEntry, valuationDate: IsoDate): void {
    if (this.newValueEntryNos.has(value.entryNo)) {
      value.valuationDate = valuationDate;
      return;
    }
    const list = this.valueEntriesOf(value.itemLedgerEntryNo);
    // A key the value entry has: the copy keeps its hidden class (NEW_KEYS_FIRST).
    // eslint-disable-next-line no-restricted-syntax
    list[list.indexOf(value)] = { ...value, valuationDate };
    this.valuationDateChanges.set(value.entryNo, valuationDate);
  }

  markEntryPoint(point: Omit<AvgCostEntryPoint, 'costIsAdjusted'> & { costIsAdjusted?: never }): void {
    this.entryPoints.set(entryPointKey(point), { costIsAdjusted: false, ...point });
  }

  item(itemNo: string): CostingItem {
    const item = this.items.get(itemNo);
    if (!item) throw new Error(`item ${itemNo} was not loaded`);
    return item;
  }

  changeItem(item: CostingItem): void {
    this.changedItems.add(item.no);
  }

  invoicedQuantity(itemNo: string): Dec {
    return this.invoicedQuantityByItem.get(itemNo) ?? ZERO;
  }
}

function openKey(itemNo: string, variantCode: string, locationCode: string, positive: boolean): string {
  return `${itemNo}\u0000${variantCode}\u0000${locationCode}\u0000${positive ? '+' : '-'}`;
}
