/**
 * The cost an inbound entry passes on to the decreases applied to it (R38, R45), split by value
 * entry type so that a decrease carries the same shares as its source (material, overhead,
 * variance, revaluation: what the Cost Shares Breakdown prints, R128). Rounding entries belong to
 * the inbound entry alone and never flow on (R71).
 */
import { Dec, roundTo, ZERO } from '../common/decimal';
import type { IsoDate } from '../common/dates';
import type { ValueEntry, ValueEntryType } from './types';

/** The fields of a value entry that decide what cost it carries (posting and adjustment alike). */
export type CostedValue = Pick<
  ValueEntry,
  'entryNo' | 'entryType' | 'adjustment' | 'valuedQuantity' | 'valuationDate' | 'costAmountActual' | 'costAmountExpected'
>;

export const FLOWING_COST_TYPES = ['DirectCost', 'IndirectCost', 'Variance', 'Revaluation'] as const;
export type FlowingCostType = (typeof FLOWING_COST_TYPES)[number];

/** Amounts per flowing cost type (actual and expected together). */
export class CostElements {
  DirectCost: Dec = ZERO;
  IndirectCost: Dec = ZERO;
  Variance: Dec = ZERO;
  Revaluation: Dec = ZERO;

  add(type: FlowingCostType, amount: Dec): void {
    // Decs never change, so a first amount is taken as it is (a new Dec of the same value was
    // allocated per share of a year's adjustment before; issue 12).
    if (!amount.isZero()) this[type] = this[type].isZero() ? amount : this[type].plus(amount);
  }

  addAll(other: CostElements): void {
    for (const t of FLOWING_COST_TYPES) this.add(t, other[t]);
  }

  total(): Dec {
    // Most entries carry one or two types: zeros are not added (the same value, fewer Decs).
    let total = this.DirectCost;
    if (!this.IndirectCost.isZero()) total = total.plus(this.IndirectCost);
    if (!this.Variance.isZero()) total = total.plus(this.Variance);
    if (!this.Revaluation.isZero()) total = total.plus(this.Revaluation);
    return total;
  }

  negated(): CostElements {
    const result = new CostElements();
    // A zero stays the shared ZERO (negating it made a new -0 for every type an entry lacks).
    for (const t of FLOWING_COST_TYPES) if (!this[t].isZero()) result[t] = this[t].negated();
    return result;
  }

  equals(other: CostElements): boolean {
    return FLOWING_COST_TYPES.every((t) => this[t].eq(other[t]));
  }

  /**
   * Exact shares rounded so that the *total* is the exact total rounded once (R45, R71): each type
   * is rounded on its own and the cent the types' rounding adds or loses goes to the largest type.
   * Rounding type by type alone would value a Standard decrease whose inbound holds exactly
   * quantity × standard cost (direct + variance) a cent off standard, and then invent a Rounding
   * entry on the inbound to make up for it (R18, R74).
   */
  rounded(precision: Dec): CostElements {
    const result = new CostElements();
    let largest: FlowingCostType | null = null;
    let types = 0;
    let sum = ZERO;
    for (const t of FLOWING_COST_TYPES) {
      if (this[t].isZero()) continue;
      result[t] = roundTo(this[t], precision);
      sum = sum.plus(result[t]);
      types++;
      if (largest === null || this[t].abs().greaterThan(this[largest].abs())) largest = t;
    }
    // One type alone (most shares) is its own rounded total: nothing to move.
    if (largest !== null && types > 1) result[largest] = result[largest].plus(roundTo(this.total(), precision).minus(sum));
    return result;
  }

  static single(type: FlowingCostType, amount: Dec): CostElements {
    const result = new CostElements();
    result[type] = amount;
    return result;
  }
}

export function isFlowingType(type: ValueEntryType): type is FlowingCostType {
  return type !== 'Rounding';
}

/** The decrease a share is computed for: its first value entry and its valuation date (R85). */
export interface ShareRecipient {
  firstValueEntryNo: number;
  valuationDate: IsoDate;
}

/**
 * R85 (and AL's IncludedInCostCalculation): a revaluation of the inbound entry reaches a decrease
 * posted after it (D, E, F) or valued after the revaluation date (C), not one posted before it and
 * valued on or before that date (A, B).
 */
export function revaluationReaches(revaluation: CostedValue, recipient: ShareRecipient | null): boolean {
  if (!recipient) return true;
  return recipient.firstValueEntryNo > revaluation.entryNo || recipient.valuationDate > revaluation.valuationDate;
}

/**
 * What of an inbound entry's value entries flows to its decreases, summed once (R38, R45, R71):
 * the amounts per flowing type, revaluations apart (each is spread over the quantity it revalued
 * and reaches only the decreases R85 lets it reach, so it cannot be summed ahead).
 */
export interface InboundCost {
  readonly perEntry: CostElements;
  readonly revaluations: readonly { value: CostedValue; amount: Dec }[];
}

export function inboundCost(values: readonly CostedValue[]): InboundCost {
  const perEntry = new CostElements();
  const revaluations: { value: CostedValue; amount: Dec }[] = [];
  for (const v of values) {
    if (!isFlowingType(v.entryType)) continue;
    const amount = costOf(v);
    if (amount.isZero()) continue;
    if (v.entryType === 'Revaluation' && !v.adjustment && !v.valuedQuantity.isZero()) revaluations.push({ value: v, amount });
    else perEntry.add(v.entryType, amount);
  }
  return { perEntry, revaluations };
}

/**
 * Cost that `appliedQuantity` units of an inbound entry carry to one decrease, rounded to the
 * amount precision as a whole (see CostElements.rounded). A revaluation (not an adjustment of one) is spread over the quantity it
 * revalued (its valued quantity), and only reaches the decreases R85 lets it reach.
 */
export function inboundShare(
  values: readonly CostedValue[],
  inboundQuantity: Dec,
  appliedQuantity: Dec,
  recipient: ShareRecipient | null,
  amountPrecision: Dec,
): CostElements {
  return shareOfInboundCost(inboundCost(values), inboundQuantity, appliedQuantity, recipient, amountPrecision);
}

/** `inboundShare` from an inbound entry's cost summed ahead (the adjustment keeps it per entry). */
export function shareOfInboundCost(
  cost: InboundCost,
  inboundQuantity: Dec,
  appliedQuantity: Dec,
  recipient: ShareRecipient | null,
  amountPrecision: Dec,
): CostElements {
  const { perEntry } = cost;
  let revaluation = ZERO;
  for (const { value, amount } of cost.revaluations) {
    if (revaluationReaches(value, recipient)) revaluation = revaluation.plus(amount.times(appliedQuantity).div(value.valuedQuantity));
  }
  const exact = new CostElements();
  const whole = appliedQuantity.eq(inboundQuantity);
  for (const t of FLOWING_COST_TYPES) {
    const spread = t === 'Revaluation' ? revaluation : ZERO;
    // All of the increase applied: its whole cost (x × q / q is x, every digit of it, at 40 digits).
    const part = perEntry[t].isZero() ? ZERO : whole ? perEntry[t] : perEntry[t].times(appliedQuantity).div(inboundQuantity);
    exact[t] = spread.isZero() ? part : part.plus(spread);
  }
  return exact.rounded(amountPrecision);
}

/** Sum of the value entries' cost (actual + expected), all types including rounding. */
export function entryCost(values: readonly CostedValue[]): Dec {
  let total = ZERO;
  for (const v of values) {
    const cost = costOf(v);
    if (!cost.isZero()) total = total.isZero() ? cost : total.plus(cost);
  }
  return total;
}

/** A value entry's cost, actual and expected (most have one of the two: no sum then). */
function costOf(v: CostedValue): Dec {
  if (v.costAmountExpected.isZero()) return v.costAmountActual;
  if (v.costAmountActual.isZero()) return v.costAmountExpected;
  return v.costAmountActual.plus(v.costAmountExpected);
}

/** Cost of an entry per flowing type (rounding left out). */
export function entryCostElements(values: readonly CostedValue[]): CostElements {
  const result = new CostElements();
  for (const v of values) {
    if (isFlowingType(v.entryType)) result.add(v.entryType, costOf(v));
  }
  return result;
}
