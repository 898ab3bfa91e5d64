/**
 * The posting engine's new entries share one hidden class per kind (NEW_KEYS_FIRST in
 * eslint.config.mjs). Built as `{ ...fields, entryNo }`, every entry got a class of its own on
 * Node 20: four times slower to build, every later read megamorphic, and 86 MB of classes alive
 * in a million-entry W1 year. V8's own check (`%HaveSameMap`) is compiled with natives syntax
 * switched on for this file's process only.
 */
import * as v8 from 'v8';
import { ZERO } from '../../src/common/decimal';
import { postOperations } from '../../src/costing/posting/posting-engine';
import type { PostingOperation } from '../../src/costing/posting/operations';
import { context, item, line } from './support/core-fixture';

v8.setFlagsFromString('--allow-natives-syntax');
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

/** How many of the objects have a hidden class other than the first one's. */
function othersThanFirst(objects: readonly object[]): number {
  return objects.filter((o) => !haveSameMap(o, objects[0])).length;
}

describe('posting engine: hidden classes of new entries', () => {
  it('gives every new item ledger entry, value entry, application and entry point the class of the first', () => {
    const items = Array.from({ length: 40 }, (_, i) => item(`I${i}`, (['FIFO', 'Average', 'Standard', 'LIFO'] as const)[i % 4], { standardCost: '12' }));
    const ops: PostingOperation[] = [];
    for (const it of items) {
      for (const [k, location] of ['EAST', 'WEST'].entries()) {
        ops.push(line('Purchase', it.no, '2025-01-02', { quantity: String(5 + k), unitCost: '10.5', locationCode: location, invoice: k === 0 }));
        ops.push(line('Sale', it.no, '2025-01-03', { quantity: '2', locationCode: location }));
        ops.push(line('Sale', it.no, '2025-01-04', { quantity: '1', locationCode: location, appliesToEntry: null }));
      }
    }
    ops.forEach((op, i) => (op.lineNo = i + 1));
    const { state } = postOperations(
      {
        items,
        entries: [],
        valueEntries: [],
        costAppliedQuantity: new Map(),
        invoicedQuantityByItem: new Map(items.map((i) => [i.no, ZERO])),
        counters: { itemLedgerEntry: 0, valueEntry: 0, itemApplicationEntry: 0 },
      },
      ops,
      context('Month'),
    );

    expect(state.newEntries).toHaveLength(240);
    expect(state.newValueEntries.length).toBeGreaterThanOrEqual(240);
    expect(state.newApplications.length).toBeGreaterThanOrEqual(240);
    expect(state.entryPoints.size).toBeGreaterThanOrEqual(20);
    expect(othersThanFirst(state.newEntries)).toBe(0);
    expect(othersThanFirst(state.newValueEntries)).toBe(0);
    expect(othersThanFirst(state.newApplications)).toBe(0);
    expect(othersThanFirst([...state.entryPoints.values()])).toBe(0);
  });
});
