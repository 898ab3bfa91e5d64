/**
 * Invoicing a finished production order (R39, R79, R94; design-details-production-order-posting.md
 * § Production Order Costing), pure: from the order's consumption and capacity costs, what its
 * output entries get — a Direct Cost entry at actual cost that reverses their expected cost, an
 * Indirect Cost entry for the manufacturing overhead, and for a Standard item one Variance entry
 * per cost share where standard and actual differ. The adjustment writes them; this decides the
 * amounts (scenario-format.md "Production costing").
 *
 * Issue 11 builds manufacturing on this; the posting engine and adjustment wire it in there.
 */
import { Dec, roundTo, ZERO } from '../../common/decimal';
import { COST_SHARES, CostShare, CostShares, zeroShares } from '../standard-cost/calculate-standard-cost';

export interface OrderCapacityCost {
  direct: Dec;
  overhead: Dec;
  /** A subcontractor's work: its direct cost is the Subcontracted share. */
  subcontracting: boolean;
}

export interface OrderOutput {
  entryNo: number;
  quantity: Dec;
  /** Its expected cost as posted (quantity × the order's unit cost). */
  expectedCost: Dec;
}

export interface FinishedOrder {
  /** The cost of the order's consumption entries as they stand, rounding left out (negative: decreases). */
  consumptionCost: Dec;
  capacity: readonly OrderCapacityCost[];
  outputs: readonly OrderOutput[];
  /** The order's manufacturing overhead, kept from the item when the order was created. */
  indirectCostPercent: Dec;
  overheadRate: Dec;
  /** A Standard item's single-level shares per unit at this adjustment; null for other methods. */
  standardSharesPerUnit: CostShares | null;
  amountPrecision: Dec;
}

export type ProductionVarianceType = 'Material' | 'Capacity' | 'Subcontracted' | 'CapacityOverhead' | 'ManufacturingOverhead';

export const VARIANCE_OF: Record<CostShare, ProductionVarianceType> = {
  material: 'Material',
  capacity: 'Capacity',
  subcontracted: 'Subcontracted',
  capOverhead: 'CapacityOverhead',
  mfgOverhead: 'ManufacturingOverhead',
};

export interface OutputInvoice {
  entryNo: number;
  /** Direct Cost entry: actual cost, and minus the expected cost it replaces. */
  directActual: Dec;
  directExpected: Dec;
  /** Indirect Cost entry (manufacturing overhead); zero means none. */
  indirect: Dec;
  /** Standard items: standard share − actual share per share that differs. */
  variances: { type: ProductionVarianceType; amount: Dec }[];
}

/** The order's actual cost by share (R79): material, capacity, subcontracted, capacity overhead, manufacturing overhead. */
export function actualShares(order: FinishedOrder): CostShares {
  const shares = zeroShares();
  shares.material = order.consumptionCost.negated();
  for (const c of order.capacity) {
    if (c.subcontracting) shares.subcontracted = shares.subcontracted.plus(c.direct);
    else shares.capacity = shares.capacity.plus(c.direct);
    shares.capOverhead = shares.capOverhead.plus(c.overhead);
  }
  const outputQuantity = order.outputs.reduce((q, o) => q.plus(o.quantity), ZERO);
  const base = shares.material.plus(shares.capacity).plus(shares.subcontracted).plus(shares.capOverhead);
  shares.mfgOverhead = roundTo(base.times(order.indirectCostPercent).div(100).plus(order.overheadRate.times(outputQuantity)), order.amountPrecision);
  return shares;
}

/**
 * What each output entry gets. Several outputs share the amounts in proportion to quantity, each
 * rounded with the residual carried to the next, so the shares add up to the order's totals.
 */
export function invoiceFinishedOrder(order: FinishedOrder): OutputInvoice[] {
  const actual = actualShares(order);
  const outputQuantity = order.outputs.reduce((q, o) => q.plus(o.quantity), ZERO);
  const direct = actual.material.plus(actual.capacity).plus(actual.subcontracted).plus(actual.capOverhead);
  const variances = zeroShares();
  if (order.standardSharesPerUnit) {
    for (const share of COST_SHARES)
      variances[share] = roundTo(order.standardSharesPerUnit[share].times(outputQuantity), order.amountPrecision).minus(actual[share]);
  }
  const split = proportionalSplit(order.outputs, outputQuantity, order.amountPrecision);
  const directParts = split(direct);
  const indirectParts = split(actual.mfgOverhead);
  const varianceParts = COST_SHARES.map((share) => ({ share, parts: split(variances[share]) }));
  return order.outputs.map((o, i) => ({
    entryNo: o.entryNo,
    directActual: directParts[i],
    directExpected: o.expectedCost.negated(),
    indirect: indirectParts[i],
    variances: varianceParts.filter((v) => !v.parts[i].isZero()).map((v) => ({ type: VARIANCE_OF[v.share], amount: v.parts[i] })),
  }));
}

/** Splits an amount over the outputs by quantity; each part rounded, the residual carried to the next. */
function proportionalSplit(outputs: readonly OrderOutput[], total: Dec, precision: Dec): (amount: Dec) => Dec[] {
  return (amount) => {
    const parts: Dec[] = [];
    let given = ZERO;
    let quantitySoFar = ZERO;
    for (const [i, o] of outputs.entries()) {
      quantitySoFar = quantitySoFar.plus(o.quantity);
      // Outputs that net to nothing (an output and its reversal): the last one takes the amount.
      const upToHere = total.isZero() ? (i === outputs.length - 1 ? amount : ZERO) : roundTo(amount.times(quantitySoFar).div(total), precision);
      parts.push(upToHere.minus(given));
      given = upToHere;
    }
    return parts;
  };
}
