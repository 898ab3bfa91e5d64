import { itemBatches } from '../../src/adjustment/item-batches';

describe('itemBatches: Adjust Cost items split into jobs no order joins (issue 13)', () => {
  it('packs independent items in item order into batches of the target size', () => {
    expect(itemBatches(['E', 'A', 'C', 'B', 'D'], [], 2)).toEqual([['A', 'B'], ['C', 'D'], ['E']]);
  });

  it('keeps an order’s components and output in one batch, whatever the target size', () => {
    // Order P1 consumes C1 and C2 into OUT (R94, R96): adjusting C1 changes OUT's cost.
    expect(itemBatches(['A', 'C1', 'C2', 'OUT', 'Z'], [['C1', 'C2', 'OUT']], 1)).toEqual([['A'], ['C1', 'C2', 'OUT'], ['Z']]);
  });

  it('joins items through a chain of orders (BOM levels), transitively', () => {
    // RAW -> SUB (order 1), SUB -> TOP (order 2), TOP -> KIT (order 3): one group of four.
    const links = [
      ['RAW', 'SUB'],
      ['SUB', 'TOP'],
      ['KIT', 'TOP'],
    ];
    expect(itemBatches(['KIT', 'RAW', 'X', 'SUB', 'TOP'], links, 2)).toEqual([['KIT', 'RAW', 'SUB', 'TOP'], ['X']]);
  });

  it('groups only the items with work, but joins them through linked items that have none', () => {
    // MID has no work of its own: A and B still go together, since adjusting A reaches B through MID.
    expect(
      itemBatches(
        ['A', 'B', 'C'],
        [
          ['A', 'MID'],
          ['MID', 'B'],
        ],
        1,
      ),
    ).toEqual([['A', 'B'], ['C']]);
  });

  it('returns no batches when no item has work', () => {
    expect(itemBatches([], [['A', 'B']], 10)).toEqual([]);
  });
});
