import { dec } from '../../src/common/decimal';
import { Book, context, item, line } from './support/core-fixture';
import { adjustSettings } from './support/adjust-fixture';

const charge = (entryNo: number, date: string, amount: string) => ({
  kind: 'itemCharge' as const,
  lineNo: 1,
  postingDate: date,
  documentNo: 'CHG',
  itemChargeNo: 'FREIGHT',
  genProdPostingGroup: 'RETAIL',
  assignments: [{ itemLedgerEntryNo: entryNo, amount: dec(amount) }],
});

describe('Adjust Cost – Item Entries (pure core)', () => {
  it('forwards a late item charge to the sale as one adjustment entry (ex14, R38, R45, R68)', () => {
    const book = new Book([item('A', 'FIFO')]);
    const p1 = book.post(line('Purchase', 'A', '2020-01-01', { quantity: '1', unitCost: '10' }));
    const s1 = book.post(line('Sale', 'A', '2020-01-15', { quantity: '1', unitCost: '10' }));
    expect(book.ledger.adjust(adjustSettings()).valueEntries).toHaveLength(0);
    book.ledger.post([charge(p1.entryNo, '2020-02-10', '2')], book.ctx);
    const result = book.ledger.adjust(adjustSettings());
    expect(result.valueEntries).toHaveLength(1);
    const adj = book.ledger.valuesOf(s1.entryNo)[1];
    expect([adj.entryNo, adj.postingDate, adj.costAmountActual.toFixed(), adj.adjustment, adj.appliesToEntry, adj.sourceCode]).toEqual([
      4,
      '2020-01-15',
      '-2',
      true,
      2,
      'INVTADJMT',
    ]);
    expect(book.actual(s1.entryNo).toFixed()).toBe('-12');
    expect(book.ledger.adjust(adjustSettings()).valueEntries).toHaveLength(0);
  });

  it('moves the adjustment to the first allowed date (ex16, R108, R109)', () => {
    const book = new Book([item('A', 'FIFO')], context('Day', { lastClosedPeriodEnd: '2020-08-31' }));
    const p1 = book.post(line('Purchase', 'A', '2020-09-01', { quantity: '1', unitCost: '10' }));
    const s1 = book.post(line('Sale', 'A', '2020-09-05', { quantity: '1', unitCost: '10', invoice: false }));
    book.ledger.post(
      [{ kind: 'invoice', lineNo: 1, postingDate: '2020-09-06', documentNo: 'INV', itemLedgerEntryNo: s1.entryNo, quantity: null, unitCost: null }],
      book.ctx,
    );
    book.ctx = context('Day', { lastClosedPeriodEnd: '2020-08-31', glAllowFrom: '2020-09-10', glAllowTo: '2020-09-30' });
    book.ledger.post([charge(p1.entryNo, '2020-09-15', '1')], book.ctx);
    book.ledger.adjust(adjustSettings('Day', 'Item', { lastClosedPeriodEnd: '2020-08-31', glAllowFrom: '2020-09-10', glAllowTo: '2020-09-30' }));
    const adj = book.ledger.valuesOf(s1.entryNo).find((v) => v.adjustment);
    expect([adj?.postingDate, adj?.appliesToEntry, adj?.costAmountActual.toFixed(), adj?.costAmountExpected.toFixed()]).toEqual(['2020-09-10', 3, '-1', '0']);
  });

  it('refuses an adjustment date outside the user range (R110)', () => {
    const book = new Book([item('A', 'FIFO')]);
    const p1 = book.post(line('Purchase', 'A', '2020-09-01', { quantity: '1', unitCost: '10' }));
    book.post(line('Sale', 'A', '2020-09-05', { quantity: '1', unitCost: '10' }));
    book.ledger.post([charge(p1.entryNo, '2020-09-15', '1')], book.ctx);
    expect(() => book.ledger.adjust(adjustSettings('Day', 'Item', { glAllowFrom: '2020-09-10', userAllowFrom: '2020-09-11' }))).toThrow(
      /not within your range of allowed posting dates/,
    );
  });

  it('passes a charge from purchase to sale to the exact-reversal return (ex09, R34)', () => {
    const book = new Book([item('A', 'FIFO')]);
    const p1 = book.post(line('Purchase', 'A', '2020-01-01', { quantity: '1', unitCost: '1000' }));
    const s1 = book.post(line('Sale', 'A', '2020-02-01', { quantity: '1', unitCost: '1000' }));
    const r1 = book.post(line('Sale', 'A', '2020-03-01', { quantity: '-1', appliesFromEntry: s1.entryNo }));
    book.ledger.post([charge(p1.entryNo, '2020-04-01', '100')], book.ctx);
    book.ledger.adjust(adjustSettings());
    expect([book.actual(p1.entryNo), book.actual(s1.entryNo), book.actual(r1.entryNo)].map((x) => x.toFixed())).toEqual(['1100', '-1100', '1100']);
  });

  it('values a purchase return by FIFO without a fixed application (ex07 counterfactual)', () => {
    const book = new Book([item('B', 'FIFO')]);
    book.post(line('Purchase', 'B', '2020-01-04', { quantity: '10', amount: '10' }));
    book.post(line('Purchase', 'B', '2020-01-05', { quantity: '10', amount: '20' }));
    const r = book.post(line('Purchase', 'B', '2020-01-06', { quantity: '-10' }));
    book.ledger.adjust(adjustSettings());
    expect(book.actual(r.entryNo).toFixed()).toBe('-10');
  });

  it('values a transfer of an Average item at the period average (ex10, R35)', () => {
    const book = new Book([item('A', 'Average')]);
    book.post(line('Purchase', 'A', '2020-01-01', { quantity: '1', unitCost: '10', locationCode: 'EAST' }));
    book.post(line('Purchase', 'A', '2020-01-01', { quantity: '1', unitCost: '20', locationCode: 'EAST' }));
    const t = book.post(line('Transfer', 'A', '2020-02-01', { quantity: '1', locationCode: 'EAST', newLocationCode: 'WEST' }));
    book.ledger.adjust(adjustSettings('Day'));
    expect(book.actual(t.entryNo).toFixed()).toBe('-15');
    expect(book.actual(t.entryNo + 1).toFixed()).toBe('15');
  });

  it('gives each day its own average (ex21, R51–R53)', () => {
    const book = new Book([item('ITEM1', 'Average')]);
    const L = { locationCode: 'BLUE' };
    book.post(line('Purchase', 'ITEM1', '2023-01-01', { quantity: '1', unitCost: '20', ...L }));
    book.post(line('Purchase', 'ITEM1', '2023-01-01', { quantity: '1', unitCost: '40', ...L }));
    const s1 = book.post(line('Sale', 'ITEM1', '2023-01-01', { quantity: '1', unitCost: '20', ...L }));
    const s2 = book.post(line('Sale', 'ITEM1', '2023-02-01', { quantity: '1', unitCost: '40', ...L }));
    book.post(line('Purchase', 'ITEM1', '2023-02-02', { quantity: '1', unitCost: '100', ...L }));
    const s3 = book.post(line('Sale', 'ITEM1', '2023-02-03', { quantity: '1', unitCost: '100', ...L }));
    expect([...book.ledger.entryPoints.values()].map((p) => p.valuationDate)).toEqual(['2023-01-01', '2023-02-01', '2023-02-02', '2023-02-03']);
    book.ledger.adjust(adjustSettings('Day'));
    expect([s1, s2, s3].map((s) => book.actual(s.entryNo).toFixed())).toEqual(['-30', '-30', '-100']);
    expect([...book.ledger.entryPoints.values()].every((p) => p.costIsAdjusted)).toBe(true);
  });

  it('takes the month average, receipts later in the month included (R53, ex22)', () => {
    const book = new Book([item('A', 'Average')]);
    book.post(line('Purchase', 'A', '2020-01-10', { quantity: '1', unitCost: '30' }));
    const s = book.post(line('Sale', 'A', '2020-02-01', { quantity: '1' }));
    book.post(line('Purchase', 'A', '2020-02-02', { quantity: '1', unitCost: '100' }));
    book.ledger.adjust(adjustSettings('Month'));
    expect(book.actual(s.entryNo).toFixed()).toBe('-65');
  });

  it('recalculates later periods after a back-dated receipt (ex24, R60)', () => {
    const book = new Book([item('A', 'Average')]);
    book.post(line('Purchase', 'A', '2020-01-01', { quantity: '1', unitCost: '10' }));
    book.post(line('Purchase', 'A', '2020-01-02', { quantity: '1', unitCost: '20' }));
    const o1 = book.post(line('Sale', 'A', '2020-02-15', { quantity: '1' }));
    const o2 = book.post(line('Sale', 'A', '2020-02-16', { quantity: '1' }));
    book.ledger.adjust(adjustSettings('Day'));
    expect([o1, o2].map((o) => book.actual(o.entryNo).toFixed())).toEqual(['-15', '-15']);
    book.post(line('Purchase', 'A', '2020-01-03', { quantity: '1', unitCost: '21' }));
    book.ledger.adjust(adjustSettings('Day'));
    expect([o1, o2].map((o) => book.actual(o.entryNo).toFixed())).toEqual(['-17', '-17']);
    expect(book.ledger.valuesOf(o1.entryNo).every((v) => v.valuationDate === '2020-02-15')).toBe(true);
  });

  it('carries the rounding residual of an Average item into the next decrease (ex26, R70)', () => {
    const book = new Book([item('A', 'Average')]);
    const p = book.post(line('Purchase', 'A', '2020-01-01', { quantity: '3', amount: '10' }));
    const sales = ['2020-02-01', '2020-03-01', '2020-04-01'].map((date) => book.post(line('Sale', 'A', date, { quantity: '1' })));
    book.ledger.adjust(adjustSettings('Day'));
    expect(sales.map((s) => book.actual(s.entryNo).toFixed())).toEqual(['-3.33', '-3.34', '-3.33']);
    expect(book.actual(p.entryNo).toFixed()).toBe('10');
    expect(book.ledger.valueEntries.filter((v) => v.entryType === 'Rounding')).toHaveLength(0);
  });

  it('posts a Rounding entry on a fully applied FIFO increase (R71)', () => {
    const book = new Book([item('A', 'FIFO')]);
    const p = book.post(line('Purchase', 'A', '2020-01-01', { quantity: '3', amount: '10' }));
    for (const date of ['2020-02-01', '2020-03-01', '2020-04-01']) book.post(line('Sale', 'A', date, { quantity: '1' }));
    book.ledger.adjust(adjustSettings());
    const rounding = book.ledger.valuesOf(p.entryNo).filter((v) => v.entryType === 'Rounding');
    expect(rounding.map((v) => [v.costAmountActual.toFixed(), v.valuedQuantity.toFixed(), v.postingDate])).toEqual([['-0.01', '0', '2020-01-01']]);
    const total = [...book.ledger.entries.values()].reduce((s, e) => s.plus(book.actual(e.entryNo)), dec(0));
    expect(total.toFixed()).toBe('0');
  });

  it('keeps the own unit cost on the unapplied part of a negative decrease', () => {
    const book = new Book([item('A', 'FIFO', { unitCost: '7' })]);
    const s = book.post(line('Sale', 'A', '2020-01-05', { quantity: '3' }));
    book.post(line('Purchase', 'A', '2020-01-10', { quantity: '2', unitCost: '10' }));
    book.ledger.adjust(adjustSettings());
    expect(book.actual(s.entryNo).toFixed()).toBe('-27');
    book.post(line('Purchase', 'A', '2020-01-11', { quantity: '1', unitCost: '12' }));
    book.ledger.adjust(adjustSettings());
    expect(book.actual(s.entryNo).toFixed()).toBe('-32');
  });

  it('carries cost through a chain of transfers', () => {
    const book = new Book([item('A', 'FIFO')]);
    const p = book.post(line('Purchase', 'A', '2020-01-01', { quantity: '2', unitCost: '10', locationCode: 'A' }));
    book.post(line('Transfer', 'A', '2020-01-02', { quantity: '2', locationCode: 'A', newLocationCode: 'B' }));
    book.post(line('Transfer', 'A', '2020-01-03', { quantity: '1', locationCode: 'B', newLocationCode: 'C' }));
    const s = book.post(line('Sale', 'A', '2020-01-04', { quantity: '1', locationCode: 'C' }));
    book.ledger.post([charge(p.entryNo, '2020-01-20', '4')], book.ctx);
    book.ledger.adjust(adjustSettings());
    expect(book.actual(s.entryNo).toFixed()).toBe('-12');
    const total = [...book.ledger.entries.values()].reduce((sum, e) => sum.plus(book.actual(e.entryNo)), dec(0));
    expect(total.toFixed()).toBe('12');
  });

  it("re-splits a decrease by cost type once a return takes its cost, from the return's flag alone (R34, R45, R128)", () => {
    const book = new Book([item('S', 'Standard', { standardCost: '10' })]);
    book.post(line('Purchase', 'S', '2020-01-05', { quantity: '10', unitCost: '9' }));
    const s1 = book.post(line('Sale', 'S', '2020-01-10', { quantity: '4' }));
    // Passing its cost on to nothing, the sale carries one Direct Cost (mfg-02, ex28).
    expect(book.ledger.adjust(adjustSettings()).valueEntries).toHaveLength(0);
    const r1 = book.post(line('Sale', 'S', '2020-01-20', { quantity: '-1', appliesFromEntry: s1.entryNo }));
    expect(book.ledger.entries.get(r1.entryNo)?.appliedEntryToAdjust).toBe(true);
    book.ledger.adjust(adjustSettings());
    const byType = (entryNo: number) => {
      const sums: Record<string, string> = {};
      for (const v of book.ledger.valuesOf(entryNo))
        sums[v.entryType] = dec(sums[v.entryType] ?? '0')
          .plus(v.costAmountActual)
          .toFixed();
      return sums;
    };
    expect(byType(s1.entryNo)).toEqual({ DirectCost: '-36', Variance: '-4' });
    expect(byType(r1.entryNo)).toEqual({ DirectCost: '9', Variance: '1' });
    expect(book.ledger.adjust(adjustSettings()).valueEntries).toHaveLength(0);
  });
});
