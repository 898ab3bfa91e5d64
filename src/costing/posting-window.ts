/**
 * Which dates a posting may carry (costing-rules §15, §16). Pure functions over a PostingWindow.
 */
import { addDays, IsoDate, maxDate } from '../common/dates';
import type { PostingWindow } from './types';

export const NOT_IN_ALLOWED_RANGE = 'is not within your range of allowed posting dates';
export const IN_CLOSED_PERIOD = 'is in a closed inventory period';
export const BEFORE_EARLIEST_VALUATION = 'is before the Earliest Allowed Valuation Date';

/**
 * The refusal for an ordinary posting (journal line, invoice, item charge, revaluation) dated
 * `date`, or null when it may post. R110: G/L Setup and User Setup both validate; R114: a closed
 * inventory period blocks every value change dated on or before its ending date.
 */
export function postingDateRefusal(window: PostingWindow, date: IsoDate): string | null {
  const range = rangeRefusal(window, date);
  if (range) return range;
  if (window.lastClosedPeriodEnd && date <= window.lastClosedPeriodEnd) {
    return `Posting date ${date} ${IN_CLOSED_PERIOD} (closed through ${window.lastClosedPeriodEnd}); reopen the period first`;
  }
  return null;
}

/** R118: no value entry may be valued before the Earliest Allowed Valuation Date (adjustments excepted). */
export function valuationDateRefusal(window: PostingWindow, valuationDate: IsoDate): string | null {
  if (window.earliestAllowedValuationDate && valuationDate < window.earliestAllowedValuationDate) {
    return `Valuation date ${valuationDate} ${BEFORE_EARLIEST_VALUATION} (${window.earliestAllowedValuationDate})`;
  }
  return null;
}

function rangeRefusal(window: PostingWindow, date: IsoDate): string | null {
  if ((window.glAllowFrom && date < window.glAllowFrom) || (window.glAllowTo && date > window.glAllowTo)) {
    return `Posting date ${date} ${NOT_IN_ALLOWED_RANGE} (General Ledger Setup: ${window.glAllowFrom ?? '…'}..${window.glAllowTo ?? '…'})`;
  }
  if ((window.userAllowFrom && date < window.userAllowFrom) || (window.userAllowTo && date > window.userAllowTo)) {
    return `Posting date ${date} ${NOT_IN_ALLOWED_RANGE} (User Setup: ${window.userAllowFrom ?? '…'}..${window.userAllowTo ?? '…'})`;
  }
  return null;
}

/**
 * R109: the earliest date an adjustment or rounding entry may carry: the later of the first day
 * of the first open inventory period and G/L Allow Posting From. Null when nothing restricts it.
 */
export function earliestAdjustmentDate(window: PostingWindow): IsoDate | null {
  const firstOpenDay = window.lastClosedPeriodEnd ? addDays(window.lastClosedPeriodEnd, 1) : null;
  return maxDate(firstOpenDay, window.glAllowFrom);
}

export type AdjustmentDate = { date: IsoDate; refusal: null } | { date: IsoDate; refusal: string };

/**
 * R108–R110: an adjustment starts from the posting date of the entry it corrects, moves forward
 * to the earliest allowed date, and is then validated (G/L Allow Posting To, User Setup).
 */
export function adjustmentPostingDate(window: PostingWindow, candidate: IsoDate): AdjustmentDate {
  const earliest = earliestAdjustmentDate(window);
  const date = earliest && candidate < earliest ? earliest : candidate;
  return { date, refusal: rangeRefusal(window, date) };
}
