/**
 * Builders for core unit tests: items, journal operations and a posting context with the
 * defaults of the scenario format (precisions 0.01 / 0.00001, no date restrictions, Day periods).
 */
import { Dec, dec, ZERO } from '../../../src/common/decimal';
import { MemoryLedger } from '../../../src/costing/memory-ledger';
import type { PostingContext } from '../../../src/costing/posting/posting-engine';
import type { JournalLineOp, PostingOperation } from '../../../src/costing/posting/operations';
import type { AverageCostPeriod, CostingItem, CostingMethod, ItemLedgerEntry, PostingWindow } from '../../../src/costing/types';

export function item(
  no: string,
  costingMethod: CostingMethod,
  fields: Partial<Record<'unitCost' | 'standardCost' | 'indirectCostPercent' | 'overheadRate', string>> = {},
): CostingItem {
  const standardCost = dec(fields.standardCost ?? '0');
  return {
    no,
    costingMethod,
    unitCost: costingMethod === 'Standard' ? standardCost : dec(fields.unitCost ?? '0'),
    standardCost,
    lastDirectCost: ZERO,
    indirectCostPercent: dec(fields.indirectCostPercent ?? '0'),
    overheadRate: dec(fields.overheadRate ?? '0'),
    inventoryPostingGroup: 'RESALE',
    genProdPostingGroup: 'RETAIL',
    costIsAdjusted: true,
  };
}

export const openWindow: PostingWindow = {
  glAllowFrom: null,
  glAllowTo: null,
  userAllowFrom: null,
  userAllowTo: null,
  lastClosedPeriodEnd: null,
  earliestAllowedValuationDate: null,
};

export function context(period: AverageCostPeriod = 'Day', window: Partial<PostingWindow> = {}): PostingContext {
  return {
    precisions: { amount: dec('0.01'), unitAmount: dec('0.00001') },
    window: { ...openWindow, ...window },
    calendar: { period, accountingPeriodStarts: [] },
    userId: 'TEST',
  };
}

type LineFields = Partial<Omit<JournalLineOp, 'quantity' | 'unitCost' | 'amount'>> & {
  quantity: string;
  unitCost?: string;
  amount?: string;
};

let lineNo = 0;
export function line(entryType: JournalLineOp['entryType'], itemNo: string, postingDate: string, fields: LineFields): JournalLineOp {
  return {
    kind: 'line',
    lineNo: ++lineNo,
    entryType,
    itemNo,
    postingDate,
    documentNo: fields.documentNo ?? `D${lineNo}`,
    quantity: dec(fields.quantity),
    unitCost: fields.unitCost !== undefined ? dec(fields.unitCost) : null,
    amount: fields.amount !== undefined ? dec(fields.amount) : null,
    locationCode: fields.locationCode ?? '',
    variantCode: fields.variantCode ?? '',
    newLocationCode: fields.newLocationCode ?? null,
    invoice: fields.invoice ?? true,
    appliesToEntry: fields.appliesToEntry ?? null,
    appliesFromEntry: fields.appliesFromEntry ?? null,
    serialNo: fields.serialNo ?? null,
    lotNo: fields.lotNo ?? null,
    genBusPostingGroup: fields.genBusPostingGroup ?? '',
  };
}

/** A memory ledger plus helpers that post one operation and return the entry it created. */
export class Book {
  readonly ledger = new MemoryLedger();
  constructor(
    items: CostingItem[],
    public ctx: PostingContext = context(),
  ) {
    items.forEach((i) => this.ledger.addItem(i));
  }

  post(op: PostingOperation): ItemLedgerEntry {
    const [result] = this.ledger.post([op], this.ctx);
    return this.ledger.entries.get(result.itemLedgerEntryNos[0] ?? -1) as ItemLedgerEntry;
  }

  entry(no: number): ItemLedgerEntry {
    return this.ledger.entries.get(no) as ItemLedgerEntry;
  }

  /** Cost amount (actual) of an item ledger entry: the sum of its value entries (R4 FlowField). */
  actual(no: number): Dec {
    return this.ledger.valuesOf(no).reduce((s, v) => s.plus(v.costAmountActual), ZERO);
  }

  expected(no: number): Dec {
    return this.ledger.valuesOf(no).reduce((s, v) => s.plus(v.costAmountExpected), ZERO);
  }
}

export const d = (x: string) => dec(x);
