/**
 * Assembly order costing (R95, R96; design-details-assembly-order-posting.md), pure: what an
 * assembly output is posted at, what it should hold once its components' and resources' costs
 * are known, and the adjustment between the two. An assembly is posted in one step at actual cost
 * (no WIP, no expected cost); a Standard item is posted at standard and gets its variances at its
 * first adjustment ("the point when standard cost is determined is when the cost is adjusted",
 * design-details-variance.md). There is no subcontracted share in assembly.
 *
 * Issue 11 builds manufacturing on this; the posting engine and adjustment wire it in there.
 */
import { Dec, roundTo, ZERO } from '../../common/decimal';
import { actualShares, ProductionVarianceType, VARIANCE_OF } from '../production/order-invoicing';
import { COST_SHARES, CostShares } from '../standard-cost/calculate-standard-cost';

export interface AssemblyOrder {
  /** The cost of its component consumption entries as they stand now (negative: decreases). */
  consumptionCost: Dec;
  /** Its resource lines' capacity costs. */
  resources: readonly { direct: Dec; overhead: Dec }[];
  quantity: Dec;
  /** The assembled item's manufacturing overhead. */
  indirectCostPercent: Dec;
  overheadRate: Dec;
  /** A Standard item's standard cost and single-level shares per unit; null for other methods. */
  standard: { standardCost: Dec; sharesPerUnit: CostShares } | null;
  amountPrecision: Dec;
}

/** What an output holds, by value entry type; variances by variance type (Standard items only). */
export interface AssemblyOutputCost {
  direct: Dec;
  indirect: Dec;
  variances: { type: ProductionVarianceType; amount: Dec }[];
}

/**
 * R95: the output as posted — at standard for a Standard item (its shares matter only at the
 * adjustment), else at the order's actual cost.
 */
export function assemblyOutputAtPosting(order: Omit<AssemblyOrder, 'standard'> & { standard: { standardCost: Dec } | null }): AssemblyOutputCost {
  if (order.standard) return { direct: roundTo(order.quantity.times(order.standard.standardCost), order.amountPrecision), indirect: ZERO, variances: [] };
  const { direct, indirect } = assemblyTarget({ ...order, standard: null });
  return { direct, indirect, variances: [] };
}

/**
 * R96: what the output should hold now: Direct Cost = components + resources' direct and
 * overhead, Indirect Cost = the item's manufacturing overhead; for a Standard item also one
 * variance per share (standard share − actual share), so that it holds quantity × standard cost.
 */
export function assemblyTarget(order: AssemblyOrder): AssemblyOutputCost {
  const actual = actualShares({
    consumptionCost: order.consumptionCost,
    capacity: order.resources.map((r) => ({ ...r, subcontracting: false })),
    outputs: [{ entryNo: 0, quantity: order.quantity, expectedCost: ZERO }],
    indirectCostPercent: order.indirectCostPercent,
    overheadRate: order.overheadRate,
    standardSharesPerUnit: null,
    amountPrecision: order.amountPrecision,
  });
  const direct = actual.material.plus(actual.capacity).plus(actual.subcontracted).plus(actual.capOverhead);
  const variances: AssemblyOutputCost['variances'] = [];
  if (order.standard) {
    for (const share of COST_SHARES) {
      const amount = roundTo(order.standard.sharesPerUnit[share].times(order.quantity), order.amountPrecision).minus(actual[share]);
      if (!amount.isZero()) variances.push({ type: VARIANCE_OF[share], amount });
    }
  }
  return { direct, indirect: actual.mfgOverhead, variances };
}

/** The adjustment entries that bring the output from what it holds to the target; zero amounts left out. */
export function assemblyAdjustment(order: AssemblyOrder, holds: AssemblyOutputCost): AssemblyOutputCost {
  const target = assemblyTarget(order);
  const held = new Map(holds.variances.map((v) => [v.type, v.amount]));
  const variances = target.variances
    .map((v) => ({ type: v.type, amount: v.amount.minus(held.get(v.type) ?? ZERO) }))
    .concat(holds.variances.filter((v) => !target.variances.some((t) => t.type === v.type)).map((v) => ({ type: v.type, amount: v.amount.negated() })))
    .filter((v) => !v.amount.isZero());
  return { direct: target.direct.minus(holds.direct), indirect: target.indirect.minus(holds.indirect), variances };
}
