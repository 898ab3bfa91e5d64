/**
 * A whole ledger held in memory, driven through the same pure engines the services use. Unit
 * tests of the costing core run worked examples on it without a database, and the benchmark's
 * data generator posts its year of transactions through it before loading them in bulk.
 */
import { Dec, ZERO } from '../common/decimal';
import { adjustCost, AdjustCostInput, AdjustCostResult } from './adjustment/adjust-cost';
import { AverageBalance, groupKey } from './adjustment/average-cost';
import { periodOf } from './average-cost-period';
import type { LedgerCounters, LedgerSnapshot, LedgerState } from './posting/ledger-state';
import { PostingContext, postOperations } from './posting/posting-engine';
import type { OperationResult, PostingOperation } from './posting/operations';
import { AvgCostEntryPoint, CostingItem, entryPointKey, ItemApplicationEntry, ItemLedgerEntry, ValueEntry } from './types';

export class MemoryLedger {
  readonly items = new Map<string, CostingItem>();
  readonly entries = new Map<number, ItemLedgerEntry>();
  readonly valueEntries: ValueEntry[] = [];
  readonly valueEntriesByEntry = new Map<number, ValueEntry[]>();
  readonly applications: ItemApplicationEntry[] = [];
  readonly entryPoints = new Map<string, AvgCostEntryPoint>();
  readonly counters: LedgerCounters = { itemLedgerEntry: 0, valueEntry: 0, itemApplicationEntry: 0 };
  private readonly openByItem = new Map<string, Set<number>>();
  private readonly costApplied = new Map<number, Dec>();
  private readonly invoicedByItem = new Map<string, Dec>();

  addItem(item: CostingItem): void {
    this.items.set(item.no, { ...item });
  }

  /** Posts a batch; throws (and changes nothing) when the engine refuses it. */
  post(operations: PostingOperation[], ctx: PostingContext): OperationResult[] {
    const { state, results } = postOperations(this.snapshot(operations), operations, ctx);
    this.apply(state);
    return results;
  }

  /**
   * Adjust Cost over the whole ledger (every item with work), then writes the result back the
   * way the service does: entry numbers in order, flags cleared, entry points adjusted.
   */
  adjust(settings: AdjustCostInput['settings'], itemFilter?: string[], orders: AdjustCostInput['orders'] = []): AdjustCostResult {
    const items = [...this.items.values()].filter((i) => !itemFilter || itemFilter.includes(i.no));
    const itemNos = new Set(items.map((i) => i.no));
    const entries = [...this.entries.values()].filter((e) => itemNos.has(e.itemNo));
    const entryNos = new Set(entries.map((e) => e.entryNo));
    const averageItems = items
      .filter((i) => i.costingMethod === 'Average')
      .flatMap((i) => {
        const pending = [...this.entryPoints.values()].filter((p) => p.itemNo === i.no && !p.costIsAdjusted);
        if (pending.length === 0) return [];
        const from = pending.map((p) => periodOf(settings.calendar, p.valuationDate).start).sort()[0];
        const opening = new Map<string, AverageBalance>();
        for (const v of this.valueEntries) {
          if (!v || v.itemNo !== i.no || v.valuationDate >= from) continue;
          const key = groupKey(settings.calcType, v.itemNo, v.locationCode, v.variantCode);
          const b = opening.get(key) ?? { quantity: ZERO, value: ZERO };
          opening.set(key, { quantity: b.quantity.plus(v.itemLedgerEntryQuantity), value: b.value.plus(v.costAmountActual).plus(v.costAmountExpected) });
        }
        return [{ itemNo: i.no, from, opening }];
      });
    const result = adjustCost({
      items,
      entries: entries.map((e) => ({ ...e })),
      valueEntries: entries.flatMap((e) => this.valuesOf(e.entryNo).map((v) => ({ ...v }))),
      applications: this.applications.filter((a) => entryNos.has(a.itemLedgerEntryNo)).map((a) => ({ ...a })),
      flaggedInbounds: entries.filter((e) => e.appliedEntryToAdjust).map((e) => e.entryNo),
      averageItems,
      orders,
      settings,
    });
    for (const no of result.invoicedOutputs) {
      const entry = this.entries.get(no) as ItemLedgerEntry;
      entry.invoicedQuantity = entry.quantity;
    }
    for (const v of result.valueEntries) this.addValueEntry({ ...v, entryNo: this.counters.valueEntry + 1 });
    for (const no of result.clearedFlags) (this.entries.get(no) as ItemLedgerEntry).appliedEntryToAdjust = false;
    for (const a of result.adjustedAverageItems) {
      for (const p of this.entryPoints.values()) {
        if (p.itemNo === a.itemNo && p.valuationDate >= a.from && (!a.upTo || p.valuationDate <= a.upTo)) p.costIsAdjusted = true;
      }
    }
    return result;
  }

  valuesOf(entryNo: number): ValueEntry[] {
    return this.valueEntriesByEntry.get(entryNo) ?? [];
  }

  /** What the posting engine needs: the items touched, their open entries, the entries referred to. */
  snapshot(operations: PostingOperation[]): LedgerSnapshot {
    const itemNos = new Set<string>();
    const referenced = new Set<number>();
    for (const op of operations) {
      if (op.kind === 'line') {
        itemNos.add(op.itemNo);
        if (op.appliesToEntry !== null) referenced.add(op.appliesToEntry);
        if (op.appliesFromEntry !== null) referenced.add(op.appliesFromEntry);
      } else if (op.kind === 'itemCharge') {
        op.assignments.forEach((a) => referenced.add(a.itemLedgerEntryNo));
      } else {
        referenced.add(op.itemLedgerEntryNo);
      }
    }
    for (const no of referenced) {
      const e = this.entries.get(no);
      if (e) itemNos.add(e.itemNo);
    }
    const entryNos = new Set<number>(referenced);
    for (const itemNo of itemNos) for (const no of this.openByItem.get(itemNo) ?? []) entryNos.add(no);
    const entries = [...entryNos].map((no) => this.entries.get(no)).filter((e): e is ItemLedgerEntry => !!e);
    return {
      items: [...itemNos].map((no) => this.items.get(no)).filter((i): i is CostingItem => !!i),
      entries,
      valueEntries: entries.flatMap((e) => this.valuesOf(e.entryNo)),
      costAppliedQuantity: new Map(entries.filter((e) => this.costApplied.has(e.entryNo)).map((e) => [e.entryNo, this.costApplied.get(e.entryNo) as Dec])),
      invoicedQuantityByItem: new Map([...itemNos].map((no) => [no, this.invoicedByItem.get(no) ?? ZERO])),
      counters: { ...this.counters },
    };
  }

  apply(state: LedgerState): void {
    for (const item of state.changedItems) this.items.set(item, { ...state.item(item) });
    for (const no of state.changedEntryNos) this.putEntry(state.entries.get(no) as ItemLedgerEntry);
    for (const e of state.newEntries) this.putEntry(e);
    for (const [no, date] of state.valuationDateChanges) {
      const v = this.valueEntries[no - 1];
      if (v) v.valuationDate = date;
    }
    for (const v of state.newValueEntries) this.addValueEntry(v);
    for (const a of state.newApplications) {
      this.applications.push({ ...a });
      if (a.costApplication) this.costApplied.set(a.outboundItemEntryNo, (this.costApplied.get(a.outboundItemEntryNo) ?? ZERO).plus(a.quantity));
    }
    for (const p of state.entryPoints.values()) this.entryPoints.set(entryPointKey(p), { ...p });
    for (const [itemNo, qty] of state.invoicedQuantityByItem) this.invoicedByItem.set(itemNo, qty);
    Object.assign(this.counters, state.counters);
  }

  /** Appends value entries written by adjustment or revaluation (entry numbers already assigned). */
  addValueEntry(v: ValueEntry): void {
    const copy = { ...v };
    this.valueEntries[copy.entryNo - 1] = copy;
    let list = this.valueEntriesByEntry.get(copy.itemLedgerEntryNo);
    if (!list) {
      list = [];
      this.valueEntriesByEntry.set(copy.itemLedgerEntryNo, list);
    }
    list.push(copy);
    if (copy.entryNo > this.counters.valueEntry) this.counters.valueEntry = copy.entryNo;
  }

  private putEntry(e: ItemLedgerEntry): void {
    const copy = { ...e };
    this.entries.set(copy.entryNo, copy);
    let open = this.openByItem.get(copy.itemNo);
    if (!open) {
      open = new Set();
      this.openByItem.set(copy.itemNo, open);
    }
    if (copy.open) open.add(copy.entryNo);
    else open.delete(copy.entryNo);
  }
}
