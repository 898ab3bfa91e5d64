import { checkExpectations } from '../../src/scenario/expectations';
import type { ResultDocument } from '../../src/scenario/result-document';

const result = {
  format: 'scenario-result/v1',
  itemLedgerEntries: [
    { entryNo: 1, ref: 'P1', postingDate: '2020-01-01', quantity: '10', costAmountActual: '10.00', documentNo: '0102' },
    { entryNo: 2, ref: 'S1', postingDate: '2020-02-01', quantity: '-4', costAmountActual: '-4.00', documentNo: '102' },
  ],
  valueEntries: [],
  itemApplicationEntries: [{ entryNo: 1, inboundRef: 'P1', outboundRef: null, quantity: '10' }],
  glEntries: [],
  glItemLedgerRelations: [],
  items: [],
  avgCostAdjmtEntryPoints: [],
  inventoryPeriods: [],
  errors: [],
  reports: { CIV: [{ itemNo: 'A', quantity: '2' }] },
  snapshots: {},
} as unknown as ResultDocument;

describe('scenario expectations', () => {
  it('compares decimals by value and everything else exactly', () => {
    const failures = checkExpectations(
      [
        { itemLedgerEntries: { ref: 'P1' }, field: 'costAmountActual', equals: '10' },
        { itemLedgerEntries: { ref: 'P1' }, field: 'quantity', equals: 10 },
        { itemLedgerEntries: { ref: 'S1' }, field: 'documentNo', equals: '102' },
        { itemLedgerEntries: { documentNo: '102' }, count: true, equals: 1 },
        { itemApplicationEntries: { outboundRef: null }, field: 'inboundRef', equals: 'P1' },
      ],
      result,
    );
    expect(failures).toEqual([]);
  });

  it('sums (zero rows sum to 0), counts, and applies gte/lte/gt/lt/ne', () => {
    expect(
      checkExpectations(
        [
          { itemLedgerEntries: {}, sum: 'costAmountActual', equals: '6' },
          { itemLedgerEntries: { ref: 'X' }, sum: 'quantity', equals: '0' },
          { itemLedgerEntries: { postingDate: { gte: '2020-01-15' } }, count: true, equals: 1 },
          { itemLedgerEntries: { quantity: { lt: '0' } }, field: 'ref', equals: 'S1' },
          { itemLedgerEntries: { ref: { ne: 'S1' } }, field: 'entryNo', equals: 1 },
          { report: 'CIV', where: { itemNo: 'A' }, field: 'quantity', equals: '2.0' },
        ],
        result,
      ),
    ).toEqual([]);
  });

  it('fails a field expectation unless exactly one row matches, and reports what it saw', () => {
    const [f] = checkExpectations([{ itemLedgerEntries: {}, field: 'ref', equals: 'P1' }], result);
    expect(f).toMatchObject({ index: 0, actual: '2 rows', reason: 'exactly one row must match' });
    const [g] = checkExpectations([{ at: 'nope', itemLedgerEntries: {}, count: true, equals: 0 }], result);
    expect(g.reason).toMatch(/no snapshot named nope/);
  });
});
