/**
 * What a costing method decides at posting (costing-rules §3, R17–R19), one policy per method in
 * this folder, so that "how does Standard value a decrease" has one answer in one file, with its
 * R-numbers. The posting engine asks the item's policy instead of branching on the method.
 */
import type { Dec } from '../../common/decimal';
import type { CostingItem, CostingMethod } from '../types';
import type { TakingOrder } from './order';

/** An increase's cost at posting, before it is written (R18, R24, R77, R78). */
export interface IncreaseCost {
  direct: Dec;
  indirect: Dec;
  variance: Dec;
  /** Standard: quantity × standard cost, the value the entry must end at; else null. */
  standardTotal: Dec | null;
  /** The line's Direct Unit Cost, kept on the entry for an invoice without one (R24). */
  directUnitCost: Dec | null;
}

export interface CostingMethodPolicy {
  readonly method: CostingMethod;

  /** R19: the order in which a decrease takes open increases (order.ts). */
  readonly takingOrder: TakingOrder;

  /** R19 (Specific): whether every line must carry a serial or lot number. */
  readonly requiresTracking: boolean;

  /**
   * R18, R24, R77: the cost of an increase from its line: `direct` and `indirect` are the line's
   * acquisition cost (indirect only on purchases, R78), `quantity` signed positive.
   */
  increaseCost(
    item: CostingItem,
    line: { quantity: Dec; direct: Dec; indirect: Dec; directUnitCost: Dec; isPurchase: boolean },
    amountPrecision: Dec,
  ): IncreaseCost;

  /** R24: the Direct Unit Cost of an increase whose line names none. */
  defaultDirectUnitCost(item: CostingItem, isPurchase: boolean): Dec;

  /**
   * R19, R53: is a decrease valued by the period average (set by adjustment; at posting it
   * carries the item's Unit Cost)? A fixed-applied decrease never is (R32).
   */
  valuedByAverage(fixedApplication: boolean): boolean;

  /** R28: the unit cost the part of a decrease that found nothing to apply to is posted at. */
  unappliedUnitCost(item: CostingItem): Dec;

  /**
   * R24 read backwards: the direct unit cost behind a purchase receipt's expected unit cost, for an
   * invoice that names none when the receipt's own Direct Unit Cost is not on record.
   */
  directUnitCostOfExpected(item: CostingItem, expectedPerUnit: Dec): Dec;

  /** R77, R86: the Purchase Variance an invoice of an increase writes. */
  invoiceVariance(reversedExpected: Dec, direct: Dec, indirect: Dec): Dec;

  /** R75: the variance an item charge of `amount` writes beside its direct cost, or null. */
  chargeVariance(amount: Dec): Dec | null;

  /** R23: whether purchases and positive adjustments move Unit Cost and Last Direct Cost. */
  readonly unitCostFollowsPurchases: boolean;

  /** R40.2, R51: whether posted values mark Avg. Cost Adjmt. Entry Points. */
  readonly adjustedByEntryPoints: boolean;
}
