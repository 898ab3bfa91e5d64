/** FIFO (R19): a decrease takes the earliest open increase (posting date, then entry number). */
import { ACTUAL_COST } from './actual-cost';
import type { CostingMethodPolicy } from './costing-method-policy';
import { earliestFirst } from './order';

export const FIFO: CostingMethodPolicy = {
  ...ACTUAL_COST,
  method: 'FIFO',
  orderCandidates: earliestFirst,
  valuedByAverage: () => false,
  adjustedByEntryPoints: false,
};
