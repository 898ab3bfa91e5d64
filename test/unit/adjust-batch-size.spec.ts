/**
 * Adjust Cost's batches hold about the same number of entries however long the items' history
 * (issue 12: memory flat from one to five million entries): 174 items at a million-entry year's
 * 200 entries an item, fewer with longer histories, never more than 250, never none.
 */
import { batchSizeFor, incrementalBatchSize } from '../../src/adjustment/adjustment.service';

describe('items per Adjust Cost batch', () => {
  it('keeps about 35,000 entries a batch, at most 250 items, at least one', () => {
    expect(batchSizeFor(20)).toBe(250); // W1 at 100,000 entries
    expect(batchSizeFor(200)).toBe(175); // W1 at 1,000,000
    expect(batchSizeFor(200.03)).toBe(174); // W1 at 1,000,000, as the service computes it
    expect(batchSizeFor(1000)).toBe(35); // W1 at 5,000,000
    expect(batchSizeFor(0)).toBe(250); // an empty ledger
    expect(batchSizeFor(10_000_000)).toBe(1);
  });

  it('sizes an incremental batch for about 20,000 slice rows, within 1 and 20,000 items', () => {
    expect(incrementalBatchSize(173, 3439)).toBe(1006); // W1 at 1,000,000, 1 % more: a first batch's closure
    expect(incrementalBatchSize(1006, 20_000)).toBe(1006); // a batch the size it was given keeps it
    expect(incrementalBatchSize(250, 0)).toBe(20_000); // nothing read: as many items as allowed
    expect(incrementalBatchSize(10, 1_000_000)).toBe(1); // an item with a huge closure: one at a time
  });
});
