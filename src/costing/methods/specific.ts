/**
 * Specific (R19): every line carries a serial or lot number and a decrease takes the exact cost of
 * the increase with that number; among several (a lot), the earliest first.
 */
import { ACTUAL_COST } from './actual-cost';
import type { CostingMethodPolicy } from './costing-method-policy';

export const SPECIFIC: CostingMethodPolicy = {
  ...ACTUAL_COST,
  method: 'Specific',
  requiresTracking: true,
  takingOrder: 'earliestFirst',
  valuedByAverage: () => false,
  adjustedByEntryPoints: false,
};
