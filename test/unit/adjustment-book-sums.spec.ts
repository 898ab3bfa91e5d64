import { dec } from '../../src/common/decimal';
import { AdjustmentBook } from '../../src/costing/adjustment/adjustment-book';
import { CostElements, inboundShare } from '../../src/costing/cost-elements';
import { Book, item, line } from './support/core-fixture';
import { adjustSettings } from './support/adjust-fixture';

/**
 * The adjustment keeps an entry's cost and its increases' shares between calls (issue 12); a kept
 * sum must be computed again as soon as the entry gets a new value entry.
 */
describe('AdjustmentBook: sums kept per entry', () => {
  function purchaseAndTwoSales() {
    const book = new Book([item('A', 'FIFO')]);
    const purchase = book.post(line('Purchase', 'A', '2020-01-01', { quantity: '3', unitCost: '10' }));
    const first = book.post(line('Sale', 'A', '2020-01-10', { quantity: '1', unitCost: '10' }));
    const second = book.post(line('Sale', 'A', '2020-01-11', { quantity: '2', unitCost: '10' }));
    const entries = [...book.ledger.entries.values()].map((e) => ({ ...e }));
    const adjustment = new AdjustmentBook(
      {
        entries,
        valueEntries: entries.flatMap((e) => book.ledger.valuesOf(e.entryNo).map((v) => ({ ...v }))),
        applications: book.ledger.applications.map((a) => ({ ...a })),
      },
      adjustSettings(),
    );
    const appOf = (saleNo: number) => adjustment.sourceAppsOf(saleNo)[0];
    return { adjustment, purchase, first, second, appOf };
  }

  it('gives each decrease its share of the increase, as inboundShare does', () => {
    const { adjustment, purchase, first, second, appOf } = purchaseAndTwoSales();
    for (const sale of [first, second]) {
      const app = appOf(sale.entryNo);
      const expected = inboundShare(adjustment.valuesOf(purchase.entryNo), dec('3'), app.quantity.abs(), null, dec('0.01'));
      expect(adjustment.shareOf(app).DirectCost.toFixed()).toBe(expected.DirectCost.toFixed());
    }
    expect(adjustment.shareOf(appOf(second.entryNo)).DirectCost.toFixed()).toBe('20');
  });

  it('computes a share and a cost again once the entry has a new value entry', () => {
    const { adjustment, purchase, second, appOf } = purchaseAndTwoSales();
    const app = appOf(second.entryNo);
    expect(adjustment.shareOf(app).DirectCost.toFixed()).toBe('20');
    expect(adjustment.currentCost(purchase.entryNo).actual.DirectCost.toFixed()).toBe('30');

    // The purchase now costs 31 (an adjustment entry): 2 of 3 units carry 20.67.
    expect(adjustment.adjustTo(adjustment.entry(purchase.entryNo), CostElements.single('DirectCost', dec('31')), false)).toBe(true);
    expect(adjustment.currentCost(purchase.entryNo).actual.DirectCost.toFixed()).toBe('31');
    expect(adjustment.shareOf(app).DirectCost.toFixed()).toBe('20.67');

    // The sale's own cost follows its own new entries, not the purchase's.
    expect(adjustment.currentCost(second.entryNo).actual.DirectCost.toFixed()).toBe('-20');
    adjustment.adjustTo(adjustment.entry(second.entryNo), CostElements.single('DirectCost', dec('-20.67')), false);
    expect(adjustment.currentCost(second.entryNo).actual.DirectCost.toFixed()).toBe('-20.67');
    expect(adjustment.newValueEntries.map((v) => v.costAmountActual.toFixed())).toEqual(['1', '-0.67']);
  });
});
