import type { Dec } from '../../../src/common/decimal';
import { LedgerState } from '../../../src/costing/posting/ledger-state';
import { calculateInventoryValue, CalculatePer, InventoryValueLine } from '../../../src/costing/revaluation/calculate-inventory-value';
import { postRevaluationLine, RevaluationTarget } from '../../../src/costing/revaluation/revaluation-posting';
import type { Book } from './core-fixture';

/** Calculate Inventory Value on a memory ledger (what RevaluationService loads from the database). */
export function calculate(book: Book, itemNo: string, asOf: string, calculatePer: CalculatePer = 'Item', entryNo?: number): InventoryValueLine[] {
  const ledger = book.ledger;
  const item = ledger.items.get(itemNo)!;
  const inbounds = [...ledger.entries.values()].filter((e) => e.itemNo === itemNo && e.positive && (entryNo === undefined || e.entryNo === entryNo));
  const ids = new Set(inbounds.map((e) => e.entryNo));
  let quantity: Dec | undefined;
  let value: Dec | undefined;
  for (const v of ledger.valueEntries) {
    if (!v || v.itemNo !== itemNo || v.valuationDate > asOf) continue;
    quantity = quantity ? quantity.plus(v.itemLedgerEntryQuantity) : v.itemLedgerEntryQuantity;
    value = value ? value.plus(v.costAmountActual).plus(v.costAmountExpected) : v.costAmountActual.plus(v.costAmountExpected);
  }
  return calculateInventoryValue({
    item,
    asOf,
    calculatePer,
    byLocation: false,
    byVariant: false,
    inbounds,
    valueEntries: new Map(inbounds.map((e) => [e.entryNo, ledger.valuesOf(e.entryNo)])),
    applications: ledger.applications.filter((a) => ids.has(a.inboundItemEntryNo) && a.outboundItemEntryNo !== 0),
    averageTotals: quantity && value ? new Map([['\u0000', { quantity, value }]]) : new Map(),
    precisions: book.ctx.precisions,
  });
}

export function revalue(
  book: Book,
  itemNo: string,
  asOf: string,
  target: RevaluationTarget,
  calculatePer: CalculatePer = 'Item',
  entryNo?: number,
): InventoryValueLine[] {
  const lines = calculate(book, itemNo, asOf, calculatePer, entryNo);
  const ledger = book.ledger;
  const state = new LedgerState({
    items: [ledger.items.get(itemNo)!],
    entries: lines.flatMap((l) => l.entries.map((e) => e.entry)),
    valueEntries: [],
    costAppliedQuantity: new Map(),
    invoicedQuantityByItem: new Map(),
    counters: { ...ledger.counters },
  });
  for (const line of lines)
    postRevaluationLine(state, ledger.items.get(itemNo)!, line, target, {
      postingDate: asOf,
      documentNo: 'REVAL',
      precisions: book.ctx.precisions,
      calendar: book.ctx.calendar,
      userId: 'TEST',
    });
  ledger.apply(state);
  return lines;
}
