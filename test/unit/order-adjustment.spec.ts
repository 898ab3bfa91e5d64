/**
 * Order-level adjustment in the pure core (R94, R96): a finished production order's outputs
 * invoiced at its actual cost and the sales of them adjusted in the same run (mfg-02's figures);
 * a released order left at expected cost; an assembly order's Standard output given its variances
 * by type and kept at standard (mfg-05's figures).
 */
import { dec } from '../../src/common/decimal';
import type { OrderInput } from '../../src/costing/adjustment/adjustment-book';
import { Book, item, line } from './support/core-fixture';
import { adjustSettings } from './support/adjust-fixture';

function productionBook(finished: boolean) {
  const book = new Book([item('BLANK', 'FIFO'), item('PANEL', 'FIFO', { unitCost: '20', indirectCostPercent: '10' })]);
  book.post(line('Purchase', 'BLANK', '2020-03-02', { quantity: '5', unitCost: '10' }));
  const ca = book.post(line('Consumption', 'BLANK', '2020-03-03', { quantity: '1', orderNo: 'PO-A' }));
  const cb = book.post(line('Consumption', 'BLANK', '2020-03-03', { quantity: '4', orderNo: 'PO-B' }));
  const oa = book.post(line('Output', 'PANEL', '2020-03-05', { quantity: '1', amount: '20', invoice: false, orderNo: 'PO-A' }));
  const ob = book.post(line('Output', 'PANEL', '2020-03-05', { quantity: '4', amount: '80', invoice: false, orderNo: 'PO-B' }));
  const s1 = book.post(line('Sale', 'PANEL', '2020-03-06', { quantity: '3', unitCost: '20' }));
  // Finishing puts the outputs on the Applied Entry to Adjust list.
  oa.appliedEntryToAdjust = true;
  ob.appliedEntryToAdjust = true;
  const order = (no: string, consumption: number, output: number, direct: string, overhead: string): OrderInput => ({
    kind: 'Production',
    orderNo: no,
    finished,
    outputEntryNos: [output],
    consumptionEntryNos: [consumption],
    capacity: [{ direct: dec(direct), overhead: dec(overhead), subcontracting: false }],
    indirectCostPercent: dec('10'),
    overheadRate: dec('0'),
    standardSharesPerUnit: null,
  });
  return { book, oa, ob, s1, orders: [order('PO-A', ca.entryNo, oa.entryNo, '12', '1.2'), order('PO-B', cb.entryNo, ob.entryNo, '48', '4.8')] };
}

describe('order-level adjustment (pure core)', () => {
  it('invoices a finished production order at actual cost and adjusts its sales in the same run (mfg-02, R79, R94)', () => {
    const { book, oa, ob, s1, orders } = productionBook(true);
    const result = book.ledger.adjust(adjustSettings(), undefined, orders);
    // PO-A: material 10 + capacity 12 + overhead 1.20 = 23.20 direct, (23.20) × 10 % = 2.32 mfg. overhead.
    expect([book.actual(oa.entryNo).toFixed(), book.expected(oa.entryNo).toFixed()]).toEqual(['25.52', '0']);
    expect([book.actual(ob.entryNo).toFixed(), book.expected(ob.entryNo).toFixed()]).toEqual(['102.08', '0']);
    expect(book.actual(s1.entryNo).toFixed()).toBe('-76.56');
    expect(result.invoicedOutputs.sort()).toEqual([oa.entryNo, ob.entryNo].sort());
    expect(book.entry(oa.entryNo).invoicedQuantity.toFixed()).toBe('1');
    const invoiced = book.ledger.valuesOf(oa.entryNo).filter((v) => v.adjustment);
    expect(
      invoiced.map((v) => [v.entryType, v.costAmountActual.toFixed(), v.costAmountExpected.toFixed(), v.invoicedQuantity.toFixed(), v.postingDate]),
    ).toEqual([
      ['DirectCost', '23.2', '-20', '1', '2020-03-05'],
      ['IndirectCost', '2.32', '0', '0', '2020-03-05'],
    ]);
    // The sale's adjustment is one Direct Cost entry, dated like the sale.
    expect(
      book.ledger
        .valuesOf(s1.entryNo)
        .filter((v) => v.adjustment)
        .map((v) => [v.entryType, v.costAmountActual.toFixed(), v.postingDate]),
    ).toEqual([['DirectCost', '-16.56', '2020-03-06']]);
    expect(book.ledger.adjust(adjustSettings(), undefined, orders).valueEntries).toHaveLength(0);
  });

  it('leaves a released order at expected cost, whatever the adjustment (A-21)', () => {
    const { book, oa, s1, orders } = productionBook(false);
    book.ledger.adjust(adjustSettings(), undefined, orders);
    expect([book.actual(oa.entryNo).toFixed(), book.expected(oa.entryNo).toFixed()]).toEqual(['0', '20']);
    expect(book.actual(s1.entryNo).toFixed()).toBe('-60');
  });

  it('gives a Standard assembly output its variances by type and keeps it at standard (mfg-05, R96)', () => {
    const book = new Book([
      item('WINE', 'Standard', { standardCost: '8' }),
      item('COFFEE', 'Standard', { standardCost: '6' }),
      item('GIFT', 'Standard', { standardCost: '30.25', indirectCostPercent: '10' }),
    ]);
    book.post(line('Purchase', 'WINE', '2020-07-01', { quantity: '10', unitCost: '8' }));
    book.post(line('Purchase', 'COFFEE', '2020-07-01', { quantity: '5', unitCost: '6' }));
    const w = book.post(line('AssemblyConsumption', 'WINE', '2020-07-02', { quantity: '9', orderNo: 'A1' }));
    const c = book.post(line('AssemblyConsumption', 'COFFEE', '2020-07-02', { quantity: '4', orderNo: 'A1' }));
    const out = book.post(line('AssemblyOutput', 'GIFT', '2020-07-02', { quantity: '4', amount: '121', orderNo: 'A1' }));
    out.appliedEntryToAdjust = true;
    const order: OrderInput = {
      kind: 'Assembly',
      orderNo: 'A1',
      outputEntryNo: out.entryNo,
      consumptionEntryNos: [w.entryNo, c.entryNo],
      resources: [{ direct: dec('30'), overhead: dec('3') }],
      indirectCostPercent: dec('10'),
      overheadRate: dec('0'),
      standard: {
        standardCost: dec('30.25'),
        sharesPerUnit: { material: dec('22'), capacity: dec('5'), subcontracted: dec('0'), capOverhead: dec('0.5'), mfgOverhead: dec('2.75') },
      },
    };
    book.ledger.adjust(adjustSettings(), undefined, [order]);
    const adjustments = book.ledger.valuesOf(out.entryNo).filter((v) => v.adjustment);
    expect(adjustments.map((v) => [v.entryType, v.varianceType, v.costAmountActual.toFixed()])).toEqual([
      ['DirectCost', null, '8'],
      ['IndirectCost', null, '12.9'],
      ['Variance', 'Material', '-8'],
      ['Variance', 'Capacity', '-10'],
      ['Variance', 'CapacityOverhead', '-1'],
      ['Variance', 'ManufacturingOverhead', '-1.9'],
    ]);
    expect(book.actual(out.entryNo).toFixed()).toBe('121');
    expect(book.ledger.adjust(adjustSettings(), undefined, [order]).valueEntries).toHaveLength(0);
  });
});
