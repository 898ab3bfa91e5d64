import { dec } from '../../src/common/decimal';
import { Book, context, item, line } from './support/core-fixture';

describe('posting engine: application and cost at posting', () => {
  it('applies FIFO decreases to the earliest open increase (ex01, R19)', () => {
    const book = new Book([item('A', 'FIFO')]);
    const p1 = book.post(line('Purchase', 'A', '2020-01-01', { quantity: '1', unitCost: '10' }));
    const p2 = book.post(line('Purchase', 'A', '2020-01-01', { quantity: '1', unitCost: '20' }));
    book.post(line('Purchase', 'A', '2020-01-01', { quantity: '1', unitCost: '30' }));
    const s1 = book.post(line('Sale', 'A', '2020-02-01', { quantity: '1' }));
    const s2 = book.post(line('Sale', 'A', '2020-03-01', { quantity: '1' }));
    expect(s1.quantity.toFixed()).toBe('-1');
    expect(book.actual(s1.entryNo).toFixed()).toBe('-10');
    expect(book.actual(s2.entryNo).toFixed()).toBe('-20');
    expect(book.entry(p1.entryNo).open).toBe(false);
    expect(book.entry(p2.entryNo).remainingQuantity.toFixed()).toBe('0');
  });

  it('applies LIFO decreases to the latest increase, ties by entry number (ex02)', () => {
    const book = new Book([item('A', 'LIFO')]);
    for (const c of ['10', '20', '30']) book.post(line('Purchase', 'A', '2020-01-01', { quantity: '1', unitCost: c }));
    const costs = ['2020-02-01', '2020-03-01', '2020-04-01'].map((date) =>
      book.actual(book.post(line('Sale', 'A', date, { quantity: '1' })).entryNo).toFixed(),
    );
    expect(costs).toEqual(['-30', '-20', '-10']);
  });

  it('values Standard increases at standard cost with the difference as purchase variance (ex04, R77)', () => {
    const book = new Book([item('A', 'Standard', { standardCost: '15' })]);
    const p1 = book.post(line('Purchase', 'A', '2020-01-01', { quantity: '1', unitCost: '10' }));
    const variance = book.ledger.valuesOf(p1.entryNo).find((v) => v.entryType === 'Variance');
    expect(variance?.costAmountActual.toFixed()).toBe('5');
    expect(variance?.varianceType).toBe('Purchase');
    expect(book.actual(p1.entryNo).toFixed()).toBe('15');
    const s1 = book.post(line('Sale', 'A', '2020-02-01', { quantity: '1' }));
    expect(book.actual(s1.entryNo).toFixed()).toBe('-15');
  });

  it('applies Specific items by serial number (ex05)', () => {
    const book = new Book([item('A', 'Specific')]);
    const p1 = book.post(line('Purchase', 'A', '2020-01-01', { quantity: '1', unitCost: '10', serialNo: 'SN1' }));
    const p2 = book.post(line('Purchase', 'A', '2020-01-01', { quantity: '1', unitCost: '20', serialNo: 'SN2' }));
    const s1 = book.post(line('Sale', 'A', '2020-02-01', { quantity: '1', serialNo: 'SN2' }));
    expect(book.actual(s1.entryNo).toFixed()).toBe('-20');
    expect(book.entry(p2.entryNo).open).toBe(false);
    expect(book.entry(p1.entryNo).open).toBe(true);
    expect(() => book.post(line('Sale', 'A', '2020-02-01', { quantity: '1' }))).toThrow(/serial or lot number is required/);
  });

  it('writes application entries as in the basic example (ex06, R27, A-4)', () => {
    const book = new Book([item('A', 'FIFO')]);
    book.post(line('Purchase', 'A', '2020-01-01', { quantity: '10', unitCost: '1', invoice: false }));
    book.post(line('Sale', 'A', '2020-01-03', { quantity: '5', invoice: false }));
    const apps = book.ledger.applications.map((a) => [a.itemLedgerEntryNo, a.inboundItemEntryNo, a.outboundItemEntryNo, a.quantity.toFixed()]);
    expect(apps).toEqual([
      [1, 1, 0, '10'],
      [2, 1, 2, '-5'],
    ]);
    expect(book.expected(2).toFixed()).toBe('-5');
  });

  it('honours a fixed application over FIFO and refuses over-application (ex07, R30)', () => {
    const book = new Book([item('A', 'FIFO')]);
    book.post(line('Purchase', 'A', '2020-01-04', { quantity: '10', amount: '10' }));
    const p2 = book.post(line('Purchase', 'A', '2020-01-05', { quantity: '10', amount: '20' }));
    const r1 = book.post(line('Purchase', 'A', '2020-01-06', { quantity: '-10', appliesToEntry: p2.entryNo }));
    expect(book.actual(r1.entryNo).toFixed()).toBe('-20');
    expect(() => book.post(line('Purchase', 'A', '2020-01-06', { quantity: '-1', appliesToEntry: p2.entryNo }))).toThrow(/Over-application/);
  });

  it('reverses a sale exactly with Appl.-from and leaves both open for quantity (ex09, R25, R36)', () => {
    const book = new Book([item('A', 'FIFO')]);
    book.post(line('Purchase', 'A', '2020-01-01', { quantity: '1', unitCost: '1000' }));
    const s1 = book.post(line('Sale', 'A', '2020-02-01', { quantity: '1', unitCost: '1000' }));
    const r1 = book.post(line('Sale', 'A', '2020-03-01', { quantity: '-1', appliesFromEntry: s1.entryNo }));
    expect(book.actual(r1.entryNo).toFixed()).toBe('1000');
    expect(r1.open).toBe(true);
    const costApp = book.ledger.applications.filter((a) => a.costApplication);
    expect(costApp.map((a) => [a.itemLedgerEntryNo, a.inboundItemEntryNo, a.outboundItemEntryNo])).toEqual([[3, 3, 2]]);
    expect(() => book.post(line('Sale', 'A', '2020-03-02', { quantity: '-1', appliesFromEntry: s1.entryNo }))).toThrow(/Over-application/);
  });

  it('splits overhead into an indirect cost value entry (ex28, R24, R78)', () => {
    const book = new Book([item('A', 'FIFO', { overheadRate: '1' })]);
    const p1 = book.post(line('Purchase', 'A', '2020-01-01', { quantity: '10', unitCost: '7' }));
    const values = book.ledger.valuesOf(p1.entryNo).map((v) => [v.entryType, v.costAmountActual.toFixed()]);
    expect(values).toEqual([
      ['DirectCost', '70'],
      ['IndirectCost', '10'],
    ]);
  });

  it('moves expected cost to actual on invoice (ex20, R61, R62)', () => {
    const book = new Book([item('A', 'FIFO')]);
    const p1 = book.post(line('Purchase', 'A', '2020-01-01', { quantity: '1', unitCost: '95', invoice: false }));
    book.ledger.post(
      [{ kind: 'invoice', lineNo: 1, postingDate: '2020-01-15', documentNo: 'INV', itemLedgerEntryNo: p1.entryNo, quantity: null, unitCost: dec('100') }],
      book.ctx,
    );
    const values = book.ledger.valuesOf(p1.entryNo).map((v) => [v.postingDate, v.valuationDate, v.costAmountActual.toFixed(), v.costAmountExpected.toFixed()]);
    expect(values).toEqual([
      ['2020-01-01', '2020-01-01', '0', '95'],
      ['2020-01-15', '2020-01-01', '100', '-95'],
    ]);
    expect(book.entry(p1.entryNo).invoicedQuantity.toFixed()).toBe('1');
  });

  it('transfers at the cost of the sending leg, applying the legs to each other (R35)', () => {
    const book = new Book([item('A', 'FIFO')]);
    book.post(line('Purchase', 'A', '2020-01-01', { quantity: '2', unitCost: '10', locationCode: 'EAST' }));
    const out = book.post(line('Transfer', 'A', '2020-02-01', { quantity: '1', locationCode: 'EAST', newLocationCode: 'WEST' }));
    const into = book.entry(out.entryNo + 1);
    expect(book.actual(out.entryNo).toFixed()).toBe('-10');
    expect(book.actual(into.entryNo).toFixed()).toBe('10');
    expect(into.locationCode).toBe('WEST');
    const link = book.ledger.applications.find((a) => a.transferredFromEntryNo === out.entryNo);
    expect([link?.inboundItemEntryNo, link?.outboundItemEntryNo]).toEqual([into.entryNo, out.entryNo]);
  });

  it('leaves a decrease without stock open and applies it when an increase arrives (R28, R58)', () => {
    const book = new Book([item('A', 'FIFO', { unitCost: '7' })], context('Day'));
    const s1 = book.post(line('Sale', 'A', '2020-01-05', { quantity: '3' }));
    expect(book.entry(s1.entryNo).remainingQuantity.toFixed()).toBe('-3');
    expect(book.actual(s1.entryNo).toFixed()).toBe('-21');
    const p1 = book.post(line('Purchase', 'A', '2020-01-10', { quantity: '2', unitCost: '10' }));
    expect(book.entry(s1.entryNo).remainingQuantity.toFixed()).toBe('-1');
    expect(book.entry(p1.entryNo).open).toBe(false);
    expect(book.entry(p1.entryNo).appliedEntryToAdjust).toBe(true);
    expect(book.ledger.valuesOf(s1.entryNo)[0].valuationDate).toBe('2020-01-10');
  });

  it('refuses postings in a closed inventory period or outside the allowed range', () => {
    const book = new Book([item('A', 'FIFO')], context('Day', { lastClosedPeriodEnd: '2020-01-31', glAllowTo: '2020-12-31' }));
    expect(() => book.post(line('Purchase', 'A', '2020-01-15', { quantity: '1', unitCost: '1' }))).toThrow(/closed inventory period/);
    expect(() => book.post(line('Purchase', 'A', '2021-01-15', { quantity: '1', unitCost: '1' }))).toThrow(/not within your range of allowed posting dates/);
    expect(book.ledger.entries.size).toBe(0);
  });
});
