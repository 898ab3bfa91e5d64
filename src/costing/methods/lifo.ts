/** LIFO (R19): a decrease takes the latest increase; ties on posting date by entry number, latest first (ex02). */
import { ACTUAL_COST } from './actual-cost';
import type { CostingMethodPolicy } from './costing-method-policy';

export const LIFO: CostingMethodPolicy = {
  ...ACTUAL_COST,
  method: 'LIFO',
  takingOrder: 'latestFirst',
  valuedByAverage: () => false,
  adjustedByEntryPoints: false,
};
