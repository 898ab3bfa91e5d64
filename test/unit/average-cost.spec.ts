import { dec } from '../../src/common/decimal';
import { adjustSettings } from './support/adjust-fixture';
import { Book, context, item, line } from './support/core-fixture';

describe('average cost (R50–R60), hand-computed', () => {
  it('excludes a fixed-applied decrease from the average and gives it its source cost (R32, R52.3)', () => {
    const book = new Book([item('A', 'Average')]);
    book.post(line('Purchase', 'A', '2024-01-01', { quantity: '10', unitCost: '10' }));
    const p2 = book.post(line('Purchase', 'A', '2024-01-01', { quantity: '10', unitCost: '20' }));
    const ret = book.post(line('Purchase', 'A', '2024-01-02', { quantity: '-5', appliesToEntry: p2.entryNo }));
    const sale = book.post(line('Sale', 'A', '2024-01-02', { quantity: '5' }));
    book.ledger.adjust(adjustSettings('Month'));
    // avg = (100 + 200 − 100) / (20 − 5) = 13.333…; 5 units = 66.67
    expect(book.actual(ret.entryNo).toFixed()).toBe('-100');
    expect(book.actual(sale.entryNo).toFixed()).toBe('-66.67');
  });

  it('values a transfer per location with calc type Item & Location & Variant (R35, R50)', () => {
    const book = new Book([item('A', 'Average')]);
    book.post(line('Purchase', 'A', '2024-01-01', { quantity: '2', unitCost: '10', locationCode: 'EAST' }));
    book.post(line('Purchase', 'A', '2024-01-01', { quantity: '2', unitCost: '30', locationCode: 'WEST' }));
    const t = book.post(line('Transfer', 'A', '2024-01-02', { quantity: '1', locationCode: 'EAST', newLocationCode: 'WEST' }));
    const sale = book.post(line('Sale', 'A', '2024-01-03', { quantity: '3', locationCode: 'WEST' }));
    book.ledger.adjust(adjustSettings('Day', 'ItemLocationVariant'));
    expect(book.actual(t.entryNo).toFixed()).toBe('-10');
    expect(book.actual(t.entryNo + 1).toFixed()).toBe('10');
    // WEST on 01-03: (60 + 10) / 3 per unit: all three sold = 70
    expect(book.actual(sale.entryNo).toFixed()).toBe('-70');
  });

  it('keeps the average of a sale and its exact-cost return in the same period (R54)', () => {
    const book = new Book([item('A', 'Average', { unitCost: '12' })]);
    book.post(line('Purchase', 'A', '2024-03-01', { quantity: '10', unitCost: '10' }));
    const sale = book.post(line('Sale', 'A', '2024-03-05', { quantity: '4' }));
    const ret = book.post(line('Sale', 'A', '2024-03-20', { quantity: '-1', appliesFromEntry: sale.entryNo }));
    book.ledger.adjust(adjustSettings('Month'));
    expect(book.actual(sale.entryNo).toFixed()).toBe('-40');
    expect(book.actual(ret.entryNo).toFixed()).toBe('10');
  });

  it('values decreases without stock at the last average, and keeps their cost when there is none (R58)', () => {
    const book = new Book([item('A', 'Average', { unitCost: '5' })]);
    book.post(line('Purchase', 'A', '2024-01-01', { quantity: '1', unitCost: '8' }));
    book.post(line('Sale', 'A', '2024-01-02', { quantity: '1' }));
    const short = book.post(line('Sale', 'A', '2024-01-03', { quantity: '2' }));
    book.ledger.adjust(adjustSettings('Day'));
    expect(book.actual(short.entryNo).toFixed()).toBe('-16');
  });

  it('adjusts only up to a valuation date, leaving later periods unadjusted (R47)', () => {
    const book = new Book([item('A', 'Average')], context('Month'));
    book.post(line('Purchase', 'A', '2024-01-10', { quantity: '2', unitCost: '10' }));
    const jan = book.post(line('Sale', 'A', '2024-01-20', { quantity: '1', unitCost: '1' }));
    const feb = book.post(line('Sale', 'A', '2024-02-20', { quantity: '1', unitCost: '1' }));
    book.ledger.adjust(adjustSettings('Month', 'Item', {}, '2024-01-31'));
    expect([book.actual(jan.entryNo), book.actual(feb.entryNo)].map((x) => x.toFixed())).toEqual(['-10', '-1']);
    expect([...book.ledger.entryPoints.values()].map((p) => [p.valuationDate, p.costIsAdjusted])).toEqual([
      ['2024-01-31', true],
      ['2024-02-29', false],
    ]);
    book.ledger.adjust(adjustSettings('Month'));
    expect(book.actual(feb.entryNo).toFixed()).toBe('-10');
  });

  it('moves a decrease applied late to the period of the increase it applies to (R57 rule 3, R58)', () => {
    const book = new Book([item('A', 'Average', { unitCost: '5' })], context('Month'));
    const sale = book.post(line('Sale', 'A', '2024-01-15', { quantity: '1' }));
    book.post(line('Purchase', 'A', '2024-02-10', { quantity: '2', unitCost: '9' }));
    expect(book.ledger.valuesOf(sale.entryNo)[0].valuationDate).toBe('2024-02-10');
    book.ledger.adjust(adjustSettings('Month'));
    expect(book.actual(sale.entryNo).toFixed()).toBe('-9');
    expect(book.ledger.valuesOf(sale.entryNo).every((v) => v.valuedByAverageCost || !v.adjustment)).toBe(true);
    expect(dec(book.actual(sale.entryNo + 1).toFixed()).toFixed()).toBe('18');
  });
});
