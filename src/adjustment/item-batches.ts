/**
 * How Adjust Cost splits its items into jobs that may run at the same time (issue 13). Applications
 * never cross items, but orders do: an assembly or production order's output takes its cost from
 * the consumption of other items (R94, R96), and adjusting a component flags the output. Items
 * joined by an order, directly or through a chain of orders, therefore stay in one batch; apart
 * from that, batches are independent, and each runs Adjust Cost over its items as one process would.
 * Pure: arrays in, batches out.
 */

/** Items with work, grouped so that no order joins two groups, then packed in item order into batches of about `targetSize` items. */
export function itemBatches(itemsWithWork: readonly string[], orderItems: readonly (readonly string[])[], targetSize: number): string[][] {
  const parent = new Map<string, string>();
  const root = (item: string): string => {
    let r = item;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    let i = item;
    while (i !== r) {
      const next = parent.get(i)!;
      parent.set(i, r);
      i = next;
    }
    return r;
  };
  const join = (a: string, b: string) => {
    const ra = root(a);
    const rb = root(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  for (const items of orderItems) for (let i = 1; i < items.length; i++) join(items[0], items[i]);

  const groups = new Map<string, string[]>();
  for (const item of [...itemsWithWork].sort()) {
    const r = root(item);
    const group = groups.get(r);
    if (group) group.push(item);
    else groups.set(r, [item]);
  }
  // Groups in the order of their first item, so that batches follow item order as one process does.
  const ordered = [...groups.values()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const batches: string[][] = [];
  let current: string[] = [];
  for (const group of ordered) {
    if (current.length > 0 && current.length + group.length > targetSize) {
      batches.push(current);
      current = [];
    }
    current.push(...group);
  }
  if (current.length) batches.push(current);
  return batches;
}
