/**
 * Average (R19, R50–R60): quantities are applied FIFO (R19), but a decrease that is not fixed-applied
 * is valued at the average of the period that holds its valuation date (R53); at posting it
 * carries the item's Unit Cost, and Adjust Cost sets the average (adjustment/average-cost.ts).
 * Every posted value marks its Avg. Cost Adjmt. Entry Point (R40.2, R51). A fixed-applied
 * decrease keeps the cost of what it applies to and stays out of the average (R32).
 */
import { ACTUAL_COST } from './actual-cost';
import type { CostingMethodPolicy } from './costing-method-policy';

export const AVERAGE: CostingMethodPolicy = {
  ...ACTUAL_COST,
  method: 'Average',
  takingOrder: 'earliestFirst',
  valuedByAverage: (fixedApplication) => !fixedApplication,
  adjustedByEntryPoints: true,
};
