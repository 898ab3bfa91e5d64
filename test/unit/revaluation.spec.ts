import { dec } from '../../src/common/decimal';
import { adjustSettings } from './support/adjust-fixture';
import { Book, item, line } from './support/core-fixture';
import { calculate, revalue } from './support/revalue-fixture';

describe('revaluation (R82–R91), hand-computed', () => {
  it('reaches the decreases of R85 scenarios C–F, not A–B (ex32)', () => {
    const book = new Book([item('A', 'FIFO')]);
    book.post(line('Purchase', 'A', '2020-01-01', { quantity: '6', unitCost: '10' }));
    const [a, b, c] = ['2020-02-01', '2020-03-01', '2020-04-01'].map((d) => book.post(line('Sale', 'A', d, { quantity: '1', unitCost: '10' })));
    const [lineA] = revalue(book, 'A', '2020-03-01', { unitCostRevalued: dec('8') });
    expect([lineA.quantity.toFixed(), lineA.inventoryValueCalculated.toFixed()]).toEqual(['4', '40']);
    const [d, e, f] = ['2020-02-01', '2020-03-01', '2020-04-01'].map((dt) => book.post(line('Sale', 'A', dt, { quantity: '1', unitCost: '10' })));
    book.ledger.adjust(adjustSettings());
    expect([a, b, c, d, e, f].map((s) => book.actual(s.entryNo).toFixed())).toEqual(['-10', '-10', '-8', '-8', '-8', '-8']);
    expect(book.ledger.valuesOf(d.entryNo)[0].valuationDate).toBe('2020-03-01');
  });

  it('counts only fully invoiced increases, except for Standard items whose expected cost is revalued (R83, R86)', () => {
    const book = new Book([item('F', 'FIFO'), item('S', 'Standard', { standardCost: '10' })]);
    book.post(line('Purchase', 'F', '2024-01-01', { quantity: '2', unitCost: '5' }));
    book.post(line('Purchase', 'F', '2024-01-02', { quantity: '3', unitCost: '5', invoice: false }));
    expect(calculate(book, 'F', '2024-01-31').map((l) => l.quantity.toFixed())).toEqual(['2']);

    const receipt = book.post(line('Purchase', 'S', '2024-01-05', { quantity: '4', unitCost: '9', invoice: false }));
    const [l] = revalue(book, 'S', '2024-01-31', { unitCostRevalued: dec('12') });
    expect([l.quantity.toFixed(), l.inventoryValueCalculated.toFixed()]).toEqual(['4', '40']);
    const reval = book.ledger.valuesOf(receipt.entryNo).find((v) => v.entryType === 'Revaluation');
    expect([reval?.costAmountExpected.toFixed(), reval?.costAmountActual.toFixed()]).toEqual(['8', '0']);
    // Invoicing at 9: direct 36 reverses the expected 40, the revaluation's expected 8 is reversed
    // and the variance makes the entry worth the revalued standard, 48 (R86).
    book.ledger.post(
      [{ kind: 'invoice', lineNo: 1, postingDate: '2024-02-05', documentNo: 'INV', itemLedgerEntryNo: receipt.entryNo, quantity: null, unitCost: dec('9') }],
      book.ctx,
    );
    const byType = (type: string) =>
      book.ledger
        .valuesOf(receipt.entryNo)
        .filter((v) => v.entryType === type)
        .reduce((s, v) => s.plus(v.costAmountActual), dec(0))
        .toFixed();
    expect([byType('DirectCost'), byType('Variance'), byType('Revaluation')]).toEqual(['36', '12', '0']);
    expect(book.actual(receipt.entryNo).toFixed()).toBe('48');
    expect(book.expected(receipt.entryNo).toFixed()).toBe('0');
  });

  it('revalues one entry with Applies-to Entry and spreads an item revaluation by quantity (R82)', () => {
    const book = new Book([item('A', 'FIFO')]);
    const p1 = book.post(line('Purchase', 'A', '2024-01-01', { quantity: '1', unitCost: '10' }));
    const p2 = book.post(line('Purchase', 'A', '2024-01-02', { quantity: '2', unitCost: '10' }));
    revalue(book, 'A', '2024-01-31', { inventoryValueRevalued: dec('24') }, 'ItemLedgerEntry', p2.entryNo);
    expect(book.actual(p2.entryNo).toFixed()).toBe('24');
    expect(book.actual(p1.entryNo).toFixed()).toBe('10');
    revalue(book, 'A', '2024-02-29', { inventoryValueRevalued: dec('30') });
    expect([book.actual(p1.entryNo), book.actual(p2.entryNo)].map((x) => x.toFixed())).toEqual(['10', '20']);
  });

  it('values the revaluable quantity of an Average item at the average on hand (R87, ex33)', () => {
    const book = new Book([item('A', 'Average')]);
    book.post(line('Purchase', 'A', '2023-04-25', { quantity: '5', unitCost: '1' }));
    book.post(line('Purchase', 'A', '2023-04-26', { quantity: '3', unitCost: '3' }));
    book.post(line('Sale', 'A', '2023-04-27', { quantity: '6', unitCost: '1' }));
    book.ledger.adjust(adjustSettings('Month'));
    // avg (5 + 9) / 8 = 1.75; 2 left on 04-30 worth 3.50
    const [l] = calculate(book, 'A', '2023-04-30');
    expect([l.quantity.toFixed(), l.inventoryValueCalculated.toFixed(), l.unitCostCalculated.toFixed()]).toEqual(['2', '3.5', '1.75']);
  });
});
