/**
 * The W1 generator keeps a posting in memory only while a planned follow-up (a late invoice, a
 * charge, a return) still refers to it (issue 12: five million entries with flat memory). The
 * planner says which: after it has handed out day d, exactly the postings that a follow-up of a
 * later day refers to.
 */
import { Planned, W1Planner, w1Items } from '../../src/bench/w1-workload';

const referenceOf = (op: Planned): number | null => (op.kind === 'invoice' || op.kind === 'charge' ? op.receipt : op.kind === 'return' ? op.sale : null);

describe('W1 planner: postings a later follow-up refers to', () => {
  it('names, after each day, exactly the postings planned so far that a later day’s follow-up refers to', () => {
    const days = 120;
    const planner = new W1Planner(w1Items(40, 3), 3);
    const plans: Planned[][] = [];
    const plannedKeys: number[][] = [];
    const referenced: Set<number>[] = [];
    const keys: number[] = [];
    for (let day = 0; day < days; day++) {
      plans.push(planner.plan(day, 60));
      for (const op of plans[day]) if ('key' in op) keys.push(op.key);
      plannedKeys.push([...keys]);
      referenced.push(new Set(keys.filter((k) => planner.isReferenced(k))));
    }
    // Follow-ups come at most 45 days after their posting: up to then, every one is in the plans.
    for (let day = 0; day < days - 46; day++) {
      const soFar = new Set(plannedKeys[day]);
      const expected = new Set<number>();
      for (let later = day + 1; later < days; later++)
        for (const op of plans[later]) {
          const ref = referenceOf(op);
          if (ref !== null && soFar.has(ref)) expected.add(ref);
        }
      expect([...referenced[day]].sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
    }
    expect(plans.flat().filter((op) => referenceOf(op) !== null).length).toBeGreaterThan(100);
  });
});
