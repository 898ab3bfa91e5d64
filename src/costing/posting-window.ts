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
 * `date`, or null when it may post. R110: the user's range, or G/L Setup's for a user without one; R114: a closed
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

/**
 * R110 (A-15 resolved), as Business Central's date check: a user who has a User Setup range is
 * held to that range *instead of* G/L Setup's (a blank end is open); G/L Setup's range applies to
 * users without one. The two ranges are not intersected.
 */
function rangeRefusal(window: PostingWindow, date: IsoDate): string | null {
  const userHasRange = window.userAllowFrom !== null || window.userAllowTo !== null;
  const [from, to, source] = userHasRange
    ? [window.userAllowFrom, window.userAllowTo, 'User Setup']
    : [window.glAllowFrom, window.glAllowTo, 'General Ledger Setup'];
  if ((from && date < from) || (to && date > to)) {
    return `Posting date ${date} ${NOT_IN_ALLOWED_RANGE} (${source}: ${from ?? '…'}..${to ?? '…'})`;
  }
  return null;
}

/**
 * R109: the earliest date an adjustment or rounding entry may carry: the later of the first day
 * of the first open inventory period and G/L Allow Posting From. Null when nothing restricts it.
 */
export function earliestAdjustmentDate(window: PostingWindow): IsoDate | null {
  const known = earliestByWindow.get(window);
  if (known !== undefined) return known;
  const firstOpenDay = window.lastClosedPeriodEnd ? addDays(window.lastClosedPeriodEnd, 1) : null;
  const earliest = maxDate(firstOpenDay, window.glAllowFrom);
  earliestByWindow.set(window, earliest);
  return earliest;
}

/**
 * Per window object: an adjustment run asks once per entry it writes (300,000 at a million), and
 * a window is not changed once read (a setup read gives a new one).
 */
const earliestByWindow = new WeakMap<PostingWindow, IsoDate | null>();

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
