/**
 * Standard (R18, R19, R22, R23, R74–R77).
 * - Increases are valued at the item's standard cost; on a purchase the difference to the
 *   acquisition cost (direct + indirect) is Purchase Variance, fixed when invoiced (R18, R76, R77).
 *   Other increases post at standard without variance.
 * - Decreases are applied FIFO and valued at what they apply to, which holds quantity × standard
 *   cost (R19); the share is rounded as a whole (cost-elements.ts), so a decrease is exactly
 *   quantity × standard cost. A decrease with nothing to apply to is posted at standard (R28).
 * - An invoice books its direct cost and the difference to what the receipt holds as variance
 *   (R77, R86); an item charge moves the variance, not the value (R75).
 * - Unit Cost is the standard cost and does not follow purchases (R23).
 */
import { roundTo, ZERO } from '../../common/decimal';
import type { CostingMethodPolicy } from './costing-method-policy';

export const STANDARD: CostingMethodPolicy = {
  method: 'Standard',
  takingOrder: 'earliestFirst',
  requiresTracking: false,
  increaseCost: (item, line, amountPrecision) => {
    const standardTotal = roundTo(line.quantity.times(item.standardCost), amountPrecision);
    if (!line.isPurchase) return { direct: standardTotal, indirect: ZERO, variance: ZERO, standardTotal, directUnitCost: null };
    return {
      direct: line.direct,
      indirect: line.indirect,
      variance: standardTotal.minus(line.direct).minus(line.indirect),
      standardTotal,
      directUnitCost: line.directUnitCost,
    };
  },
  defaultDirectUnitCost: (item, isPurchase) => (isPurchase ? item.lastDirectCost : item.standardCost),
  // The expected cost of a Standard receipt is its standard cost; no overhead to take out.
  directUnitCostOfExpected: (_item, perUnit) => perUnit,
  valuedByAverage: () => false,
  unappliedUnitCost: (item) => item.standardCost,
  invoiceVariance: (reversedExpected, direct, indirect) => reversedExpected.minus(direct).minus(indirect),
  chargeVariance: (amount) => amount.negated(),
  unitCostFollowsPurchases: false,
  adjustedByEntryPoints: false,
};
