import { Dec } from '../../src/common/decimal';
import { copyField, type SqlValue } from '../../src/database/sql-session';
import { APP_COLUMNS, appCopyLine, ILE_COLUMNS, ileCopyLine, VE_COLUMNS, veCopyLine } from '../../src/ledgers/ledger-rows';
import type { ItemApplicationEntry, ItemLedgerEntry, ValueEntry } from '../../src/costing/types';

/** The record's field for a column: `item_ledger_entry_no` is `itemLedgerEntryNo`. */
const fieldOf = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** What COPY must receive: every column's field, in the column list's order, each as `copyField` writes it. */
function expectedLine(columns: readonly string[], record: object): string {
  return columns.map((c) => copyField((record as Record<string, SqlValue>)[fieldOf(c)])).join('\t');
}

/** A small deterministic source of values of every kind a ledger field holds, awkward ones included. */
function values(seed: number) {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const texts = ['', 'W00001', 'EAST', 'tab\there', 'back\\slash', 'new\nline', 'cr\rhere', 'Ærø – ✓', 'PURCHASE'];
  return {
    text: () => texts[Math.floor(next() * texts.length)],
    textOrNull: () => (next() < 0.3 ? null : texts[Math.floor(next() * texts.length)]),
    dec: () => new Dec(((next() - 0.5) * 10_000).toFixed(Math.floor(next() * 6))),
    decOrNull: () => (next() < 0.3 ? null : new Dec((next() * 100).toFixed(2))),
    int: () => Math.floor(next() * 2_000_000),
    intOrNull: () => (next() < 0.4 ? null : Math.floor(next() * 2_000_000)),
    bool: () => next() < 0.5,
  };
}

describe('ledger rows as COPY text lines', () => {
  it('write every column of an item ledger entry in ILE_COLUMNS order, as copyField would', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const v = values(seed);
      const entry: ItemLedgerEntry = {
        entryNo: v.int(),
        itemNo: v.text(),
        variantCode: v.text(),
        locationCode: v.text(),
        postingDate: '2025-03-01',
        entryType: 'Purchase',
        documentNo: v.text(),
        quantity: v.dec(),
        remainingQuantity: v.dec(),
        invoicedQuantity: v.dec(),
        open: v.bool(),
        positive: v.bool(),
        correction: v.bool(),
        appliesToEntry: v.intOrNull(),
        serialNo: v.textOrNull(),
        lotNo: v.textOrNull(),
        appliedEntryToAdjust: v.bool(),
        genBusPostingGroup: v.text(),
        directUnitCost: v.decOrNull(),
        orderNo: v.textOrNull(),
      };
      expect(ileCopyLine(entry)).toBe(expectedLine(ILE_COLUMNS, entry));
    }
  });

  it('write every column of a value entry in VE_COLUMNS order, as copyField would', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const v = values(seed);
      const value: ValueEntry = {
        entryNo: v.int(),
        itemLedgerEntryNo: v.int(),
        itemNo: v.text(),
        variantCode: v.text(),
        locationCode: v.text(),
        postingDate: '2025-03-01',
        valuationDate: '2025-02-28',
        documentNo: v.text(),
        entryType: 'DirectCost',
        varianceType: seed % 3 === 0 ? 'Material' : null,
        itemLedgerEntryType: 'Sale',
        adjustment: v.bool(),
        appliesToEntry: v.intOrNull(),
        itemChargeNo: v.textOrNull(),
        valuedQuantity: v.dec(),
        itemLedgerEntryQuantity: v.dec(),
        invoicedQuantity: v.dec(),
        costAmountActual: v.dec(),
        costAmountExpected: v.dec(),
        expectedCost: v.bool(),
        valuedByAverageCost: v.bool(),
        sourceCode: v.text(),
        inventoryPostingGroup: v.text(),
        genBusPostingGroup: v.text(),
        genProdPostingGroup: v.text(),
        userId: v.text(),
        orderType: seed % 4 === 0 ? 'Production' : null,
        orderNo: v.textOrNull(),
        capacityLedgerEntryNo: v.intOrNull(),
      };
      expect(veCopyLine(value)).toBe(expectedLine(VE_COLUMNS, value));
    }
  });

  it('write every column of an application entry in APP_COLUMNS order, as copyField would', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const v = values(seed);
      const app: ItemApplicationEntry = {
        entryNo: v.int(),
        itemLedgerEntryNo: v.int(),
        inboundItemEntryNo: v.int(),
        outboundItemEntryNo: v.int(),
        quantity: v.dec(),
        postingDate: '2025-03-01',
        costApplication: v.bool(),
        transferredFromEntryNo: v.intOrNull(),
      };
      expect(appCopyLine(app)).toBe(expectedLine(APP_COLUMNS, app));
    }
  });

  it('write a field holding another type than declared as copyField writes it (never a float rounded by toFixed)', () => {
    const v = values(7);
    const app = {
      entryNo: 5,
      itemLedgerEntryNo: 5,
      inboundItemEntryNo: 3,
      outboundItemEntryNo: 0,
      quantity: 2.5 as unknown as Dec,
      postingDate: undefined as unknown as string,
      costApplication: null as unknown as boolean,
      transferredFromEntryNo: v.dec() as unknown as number,
    };
    expect(appCopyLine(app)).toBe(expectedLine(APP_COLUMNS, app));
    expect(appCopyLine(app).split('\t')[4]).toBe('2.5');
  });
});
