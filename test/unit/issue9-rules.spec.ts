/**
 * The core pieces behind issue 9's fixes, each against the rule it implements: posting ranges
 * (R110), shares rounded as a whole (R18, R71), invoices without a unit cost (R77), the Average
 * rounding order (R70) and the entry points of new average-cost periods (R12, R51).
 */
import { dec } from '../../src/common/decimal';
import { entryPointsForPeriods } from '../../src/costing/average-cost-period';
import { CostElements } from '../../src/costing/cost-elements';
import { adjustmentPostingDate, postingDateRefusal } from '../../src/costing/posting-window';
import type { PostingWindow } from '../../src/costing/types';
import { adjustSettings } from './support/adjust-fixture';
import { Book, item, line, openWindow } from './support/core-fixture';

const window = (w: Partial<PostingWindow>): PostingWindow => ({ ...openWindow, ...w });

describe('R110: a user with a User Setup range is held to it instead of G/L Setup’s', () => {
  it('lets a user allowed from December post in December although G/L Setup starts in January', () => {
    expect(postingDateRefusal(window({ glAllowFrom: '2021-01-01', userAllowFrom: '2020-12-01' }), '2020-12-10')).toBeNull();
  });

  it('refuses a user outside their own range although G/L Setup allows the date', () => {
    expect(postingDateRefusal(window({ glAllowFrom: '2020-01-01', userAllowFrom: '2020-12-01', userAllowTo: '2020-12-31' }), '2021-01-05')).toMatch(
      /User Setup: 2020-12-01\.\.2020-12-31/,
    );
  });

  it('holds a user without a range to G/L Setup’s', () => {
    expect(postingDateRefusal(window({ glAllowFrom: '2021-01-01' }), '2020-12-10')).toMatch(/General Ledger Setup: 2021-01-01/);
  });

  it('takes an open end of the user’s range as open, not G/L Setup’s end', () => {
    expect(postingDateRefusal(window({ glAllowTo: '2020-12-31', userAllowFrom: '2020-12-01' }), '2021-03-01')).toBeNull();
  });

  it('dates an adjustment from G/L Setup and the periods, then validates it with the user’s range (R109)', () => {
    expect(adjustmentPostingDate(window({ glAllowFrom: '2021-01-01', userAllowFrom: '2020-12-01' }), '2020-12-15')).toEqual({
      date: '2021-01-01',
      refusal: null,
    });
    const refused = adjustmentPostingDate(window({ glAllowFrom: '2021-01-01', userAllowFrom: '2020-12-01', userAllowTo: '2020-12-31' }), '2020-12-15');
    expect(refused.date).toBe('2021-01-01');
    expect(refused.refusal).toMatch(/not within your range/);
  });
});

describe('CostElements.rounded: a share is rounded as a whole (R18, R71)', () => {
  it('keeps a Standard share whose types round the same way at the exact total', () => {
    const exact = new CostElements();
    exact.DirectCost = dec('9.995');
    exact.Variance = dec('0.005');
    const r = exact.rounded(dec('0.01'));
    expect(r.total().toFixed()).toBe('10');
    expect(r.DirectCost.toFixed()).toBe('9.99');
    expect(r.Variance.toFixed()).toBe('0.01');
  });

  it('rounds each type alone when that already adds up', () => {
    const exact = new CostElements();
    exact.DirectCost = dec('3.3333');
    exact.IndirectCost = dec('0.5');
    const r = exact.rounded(dec('0.01'));
    expect([r.DirectCost.toFixed(), r.IndirectCost.toFixed()]).toEqual(['3.33', '0.5']);
  });

  it('rounds negative shares half away from zero, as a whole', () => {
    const exact = new CostElements();
    exact.DirectCost = dec('-10.505');
    exact.Variance = dec('-0.005');
    expect(exact.rounded(dec('0.01')).total().toFixed()).toBe('-10.51');
  });
});

describe('invoice of a receipt without a unit cost (R24, R77)', () => {
  it('books a Standard receipt’s direct cost at the receipt line’s direct unit cost, the rest as purchase variance', () => {
    const book = new Book([item('S', 'Standard', { standardCost: '10' })]);
    const p = book.post(line('Purchase', 'S', '2024-01-02', { quantity: '4', unitCost: '8.5', invoice: false }));
    expect(p.directUnitCost?.toFixed()).toBe('8.5');
    book.ledger.post(
      [{ kind: 'invoice', lineNo: 1, postingDate: '2024-01-05', documentNo: 'INV', itemLedgerEntryNo: p.entryNo, quantity: null, unitCost: null }],
      book.ctx,
    );
    const invoice = book.ledger.valuesOf(p.entryNo).filter((v) => v.postingDate === '2024-01-05');
    expect(invoice.find((v) => v.entryType === 'DirectCost')?.costAmountActual.toFixed()).toBe('34');
    expect(invoice.find((v) => v.entryType === 'Variance')?.costAmountActual.toFixed()).toBe('6');
    expect(book.actual(p.entryNo).toFixed()).toBe('40');
  });

  it('takes the direct unit cost, not the expected cost less overhead, for a FIFO receipt with overhead', () => {
    const book = new Book([item('F', 'FIFO', { indirectCostPercent: '10', overheadRate: '0.33' })]);
    const p = book.post(line('Purchase', 'F', '2024-01-02', { quantity: '3', unitCost: '7.77', invoice: false }));
    book.ledger.post(
      [{ kind: 'invoice', lineNo: 1, postingDate: '2024-01-05', documentNo: 'INV', itemLedgerEntryNo: p.entryNo, quantity: null, unitCost: null }],
      book.ctx,
    );
    const direct = book.ledger.valuesOf(p.entryNo).find((v) => v.postingDate === '2024-01-05' && v.entryType === 'DirectCost');
    expect(direct?.costAmountActual.toFixed()).toBe('23.31');
    expect(book.expected(p.entryNo).toFixed()).toBe('0');
  });
});

describe('R70: Average decreases of a period in entry-number order', () => {
  it('gives the k-th decrease round(V × Q1..k ÷ Q) − round(V × Q1..k−1 ÷ Q), back-dated ones in their place', () => {
    const book = new Book([item('A', 'Average')]);
    book.post(line('Purchase', 'A', '2024-01-02', { quantity: '3', amount: '10' }));
    const s1 = book.post(line('Sale', 'A', '2024-01-20', { quantity: '1' }));
    const s2 = book.post(line('Sale', 'A', '2024-01-10', { quantity: '1' }));
    const s3 = book.post(line('Sale', 'A', '2024-01-15', { quantity: '1' }));
    book.ledger.adjust(adjustSettings('Month'));
    expect([s1, s2, s3].map((s) => book.actual(s.entryNo).toFixed())).toEqual(['-3.33', '-3.34', '-3.33']);
  });
});

describe('R12, R51: entry points of new average-cost periods', () => {
  it('gives one unadjusted entry point per item, variant, location and new period, dated its last day', () => {
    const points = entryPointsForPeriods(
      [
        { itemNo: 'A', variantCode: '', locationCode: 'BLUE', valuationDate: '2024-01-03' },
        { itemNo: 'A', variantCode: '', locationCode: 'BLUE', valuationDate: '2024-01-30' },
        { itemNo: 'A', variantCode: '', locationCode: 'RED', valuationDate: '2024-01-30' },
        { itemNo: 'A', variantCode: '', locationCode: 'BLUE', valuationDate: '2024-02-01' },
      ],
      { period: 'Month', accountingPeriodStarts: [] },
    );
    expect(points).toEqual([
      { itemNo: 'A', variantCode: '', locationCode: 'BLUE', valuationDate: '2024-01-31', costIsAdjusted: false },
      { itemNo: 'A', variantCode: '', locationCode: 'RED', valuationDate: '2024-01-31', costIsAdjusted: false },
      { itemNo: 'A', variantCode: '', locationCode: 'BLUE', valuationDate: '2024-02-29', costIsAdjusted: false },
    ]);
  });
});
