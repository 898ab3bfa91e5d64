/**
 * What every method but Standard shares: increases at their acquisition cost (R18), no variance,
 * Unit Cost moved by purchases (R23).
 */
import { ZERO } from '../../common/decimal';
import type { CostingItem } from '../types';
import type { CostingMethodPolicy } from './costing-method-policy';

export const ACTUAL_COST: Pick<
  CostingMethodPolicy,
  | 'increaseCost'
  | 'defaultDirectUnitCost'
  | 'directUnitCostOfExpected'
  | 'unappliedUnitCost'
  | 'invoiceVariance'
  | 'chargeVariance'
  | 'unitCostFollowsPurchases'
  | 'requiresTracking'
> = {
  // R18: FIFO, LIFO, Average and Specific value an increase at its acquisition cost (R24).
  increaseCost: (_item, line) => ({
    direct: line.direct,
    indirect: line.indirect,
    variance: ZERO,
    standardTotal: null,
    directUnitCost: line.isPurchase ? line.directUnitCost : null,
  }),
  // R24: Direct Unit Cost defaults from Last Direct Cost on purchases, the Unit Cost elsewhere.
  defaultDirectUnitCost: (item: CostingItem, isPurchase: boolean) => (isPurchase ? item.lastDirectCost : item.unitCost),
  // R24: expected unit cost = direct × (1 + Indirect Cost %) + Overhead Rate.
  directUnitCostOfExpected: (item: CostingItem, perUnit) => perUnit.minus(item.overheadRate).div(item.indirectCostPercent.div(100).plus(1)),
  // R28: an unapplied decrease is posted at the item's Unit Cost until an increase arrives.
  unappliedUnitCost: (item: CostingItem) => item.unitCost,
  invoiceVariance: () => ZERO,
  chargeVariance: () => null,
  unitCostFollowsPurchases: true,
  requiresTracking: false,
};
