/** FIFO (R19): a decrease takes the earliest open increase (posting date, then entry number). */
import { ACTUAL_COST } from './actual-cost';
import type { CostingMethodPolicy } from './costing-method-policy';

export const FIFO: CostingMethodPolicy = {
  ...ACTUAL_COST,
  method: 'FIFO',
  takingOrder: 'earliestFirst',
  valuedByAverage: () => false,
  adjustedByEntryPoints: false,
};
