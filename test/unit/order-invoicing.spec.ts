/**
 * Invoicing a finished production order, on the figures of the worked examples
 * ../shared/scenarios/mfg/mfg-01 (Standard, variances, a subcontractor) and mfg-02 (FIFO, actual cost).
 */
import { Dec } from '../../src/common/decimal';
import { FinishedOrder, invoiceFinishedOrder } from '../../src/costing/production/order-invoicing';

const d = (v: string) => new Dec(v);
const cents = d('0.01');
const plain = (invoices: ReturnType<typeof invoiceFinishedOrder>) =>
  invoices.map((i) => ({
    entryNo: i.entryNo,
    direct: i.directActual.toFixed(),
    expected: i.directExpected.toFixed(),
    indirect: i.indirect.toFixed(),
    variances: i.variances.map((v) => `${v.type} ${v.amount.toFixed()}`),
  }));

describe('invoicing a finished production order (R79, R94)', () => {
  it('mfg-01: a Standard item gets actual cost, then one variance per share, and ends at standard', () => {
    const order: FinishedOrder = {
      consumptionCost: d('-78'),
      capacity: [
        { direct: d('100'), overhead: d('0'), subcontracting: true },
        { direct: d('97.5'), overhead: d('22.5'), subcontracting: false },
      ],
      outputs: [{ entryNo: 5, quantity: d('5'), expectedCost: d('253') }],
      indirectCostPercent: d('10'),
      overheadRate: d('0'),
      standardSharesPerUnit: { material: d('15'), capacity: d('13'), subcontracted: d('15'), capOverhead: d('3'), mfgOverhead: d('4.6') },
      amountPrecision: cents,
    };
    const [o1] = invoiceFinishedOrder(order);
    expect(plain([o1])).toEqual([
      {
        entryNo: 5,
        direct: '298',
        expected: '-253',
        indirect: '29.8',
        variances: ['Material -3', 'Capacity -32.5', 'Subcontracted -25', 'CapacityOverhead -7.5', 'ManufacturingOverhead -6.8'],
      },
    ]);
    const total = o1.variances.reduce((sum, v) => sum.plus(v.amount), o1.directActual.plus(o1.indirect));
    expect(total.toFixed()).toBe('253');
  });

  it('mfg-02: a FIFO item holds its actual cost and gets no variance', () => {
    const base = { indirectCostPercent: d('10'), overheadRate: d('0'), standardSharesPerUnit: null, amountPrecision: cents };
    const poA = invoiceFinishedOrder({
      ...base,
      consumptionCost: d('-10'),
      capacity: [{ direct: d('12'), overhead: d('1.2'), subcontracting: false }],
      outputs: [{ entryNo: 8, quantity: d('1'), expectedCost: d('20') }],
    });
    const poB = invoiceFinishedOrder({
      ...base,
      consumptionCost: d('-40'),
      capacity: [{ direct: d('48'), overhead: d('4.8'), subcontracting: false }],
      outputs: [{ entryNo: 9, quantity: d('4'), expectedCost: d('80') }],
    });
    expect(plain([...poA, ...poB])).toEqual([
      { entryNo: 8, direct: '23.2', expected: '-20', indirect: '2.32', variances: [] },
      { entryNo: 9, direct: '92.8', expected: '-80', indirect: '9.28', variances: [] },
    ]);
  });

  it('shares the amounts over several outputs by quantity, the residual carried so that the parts add up', () => {
    const invoices = invoiceFinishedOrder({
      consumptionCost: d('-10'),
      capacity: [],
      outputs: [
        { entryNo: 1, quantity: d('1'), expectedCost: d('3') },
        { entryNo: 2, quantity: d('1'), expectedCost: d('3') },
        { entryNo: 3, quantity: d('1'), expectedCost: d('3') },
      ],
      indirectCostPercent: d('0'),
      overheadRate: d('0.01'),
      standardSharesPerUnit: null,
      amountPrecision: cents,
    });
    expect(invoices.map((i) => i.directActual.toFixed())).toEqual(['3.33', '3.34', '3.33']);
    // Overhead rate × output quantity: 0.03, a cent each.
    expect(invoices.map((i) => i.indirect.toFixed())).toEqual(['0.01', '0.01', '0.01']);
  });
});
