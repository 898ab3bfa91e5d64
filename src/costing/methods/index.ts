/** The costing-method policies (R17): the one place to look up what a method decides at posting. */
import type { CostingMethod } from '../types';
import { AVERAGE } from './average';
import type { CostingMethodPolicy } from './costing-method-policy';
import { FIFO } from './fifo';
import { LIFO } from './lifo';
import { SPECIFIC } from './specific';
import { STANDARD } from './standard';

export type { CostingMethodPolicy, IncreaseCost } from './costing-method-policy';

const POLICIES: Record<CostingMethod, CostingMethodPolicy> = { FIFO, LIFO, Average: AVERAGE, Standard: STANDARD, Specific: SPECIFIC };

export function policyFor(method: CostingMethod): CostingMethodPolicy {
  return POLICIES[method];
}
