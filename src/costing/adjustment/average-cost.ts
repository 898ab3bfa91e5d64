/**
 * Average cost (costing-rules §6): a periodic weighted average per item, or per item, location
 * and variant (R50), recomputed period by period from the first period with an unadjusted entry
 * point to the last (R46, R60), every decrease valued in its period getting that period's average
 * with the rounding residual carried into the next decrease (R53, R70).
 */
import { Dec, roundTo, ZERO } from '../../common/decimal';
import type { IsoDate } from '../../common/dates';
import { periodOf, PeriodBounds, PeriodCalendar } from '../average-cost-period';
import { CostElements } from '../cost-elements';
import type { AverageCostCalcType, ItemApplicationEntry, AdjustmentItemEntry, AdjustmentValueEntry } from '../types';
import type { AdjustmentBook } from './adjustment-book';
import { outboundTarget, recipientTarget } from './application-flow';

export interface AverageBalance {
  quantity: Dec;
  value: Dec;
}

export interface AverageItemInput {
  itemNo: string;
  /** First day of the first period to recompute; everything valued before is in `opening`. */
  from: IsoDate;
  /** Quantity and value per average group (see groupKey) valued before `from`. */
  opening: Map<string, AverageBalance>;
}

export interface AverageSettings {
  calendar: PeriodCalendar;
  calcType: AverageCostCalcType;
  upTo: IsoDate | null;
}

/** The average group of an entry: the item, or item + location + variant (R50). */
export function groupKey(calcType: AverageCostCalcType, itemNo: string, locationCode: string, variantCode: string): string {
  return calcType === 'Item' ? itemNo : `${itemNo}\u0000${locationCode}\u0000${variantCode}`;
}

interface PeriodWork {
  bounds: PeriodBounds;
  inboundValue: Dec;
  inboundQuantity: Dec;
  revaluation: Dec;
  /** The period's revaluations (not their adjustments), to tell which decreases they reach. */
  revaluations: { entryNo: number; amount: Dec }[];
  fixedDecreases: AdjustmentItemEntry[];
  decreases: AdjustmentItemEntry[];
  /** Transfers within one average group (calc type Item): valued at the average, outside it. */
  transfersOut: AdjustmentItemEntry[];
  /** Increases cost-applied to a decrease of the same period: they carry its average (R54). */
  returnsAtAverage: AdjustmentItemEntry[];
}

/**
 * Is a decrease valued by the average? Not when it is fixed-applied (R32): it then keeps the cost
 * of the increase it was applied to, like any FIFO decrease.
 */
export function valuedByAverage(entry: AdjustmentItemEntry, averageItems: ReadonlySet<string>): boolean {
  return !entry.positive && averageItems.has(entry.itemNo) && entry.appliesToEntry === null;
}

/**
 * The period of a date, worked out once per date for the settings of one adjustment (the
 * calendar is the run's setup and does not change under it): every value entry of every Average
 * item asks, and a year has only 365 dates (issue 12).
 */
function periodsOf(settings: AverageSettings): (date: IsoDate) => PeriodBounds {
  let known = periodsBySettings.get(settings);
  if (!known) periodsBySettings.set(settings, (known = new Map()));
  const periods = known;
  return (date) => {
    let bounds = periods.get(date);
    if (!bounds) periods.set(date, (bounds = periodOf(settings.calendar, date)));
    return bounds;
  };
}
const periodsBySettings = new WeakMap<AverageSettings, Map<IsoDate, PeriodBounds>>();

/** Recomputes one Average item; returns the entries that received an adjustment. */
export function adjustAverageItem(
  book: AdjustmentBook,
  itemEntries: readonly AdjustmentItemEntry[],
  input: AverageItemInput,
  settings: AverageSettings,
): Set<number> {
  const changed = new Set<number>();
  const groups = new Map<string, Map<string, PeriodWork>>();
  const periodOfDate = periodsOf(settings);
  const work = (entry: AdjustmentItemEntry, date: IsoDate): PeriodWork => {
    const g = groupKey(settings.calcType, entry.itemNo, entry.locationCode, entry.variantCode);
    let periods = groups.get(g);
    if (!periods) {
      periods = new Map();
      groups.set(g, periods);
    }
    const bounds = periodOfDate(date);
    let w = periods.get(bounds.end);
    if (!w) {
      w = {
        bounds,
        inboundValue: ZERO,
        inboundQuantity: ZERO,
        revaluation: ZERO,
        revaluations: [],
        fixedDecreases: [],
        decreases: [],
        transfersOut: [],
        returnsAtAverage: [],
      };
      periods.set(bounds.end, w);
    }
    return w;
  };
  for (const g of input.opening.keys()) if (!groups.has(g)) groups.set(g, new Map());

  const withinItem = settings.calcType === 'Item';
  for (const entry of itemEntries) {
    const values = book.valuesOf(entry.entryNo);
    if (values.length === 0) continue;
    if (!entry.positive) {
      const date = values[0].valuationDate;
      if (date < input.from) continue;
      const w = work(entry, date);
      if (entry.appliesToEntry !== null) w.fixedDecreases.push(entry);
      else if (withinItem && entry.entryType === 'Transfer') w.transfersOut.push(entry);
      else w.decreases.push(entry);
      continue;
    }
    if (withinItem && entry.entryType === 'Transfer') continue; // R35: the receiving leg mirrors the sending leg
    if (isReturnAtAverage(book, entry, values[0].valuationDate, settings)) {
      if (values[0].valuationDate >= input.from) work(entry, values[0].valuationDate).returnsAtAverage.push(entry);
      continue;
    }
    for (const v of values) {
      if (v.valuationDate < input.from) continue;
      const w = work(entry, v.valuationDate);
      addInbound(w, v);
    }
  }

  const prec = book.settings.precisions.amount;
  for (const [g, periods] of groups) {
    let value = input.opening.get(g)?.value ?? ZERO;
    let quantity = input.opening.get(g)?.quantity ?? ZERO;
    let lastAverage: Dec | null = quantity.greaterThan(0) ? value.div(quantity) : null;
    for (const w of [...periods.values()].sort((a, b) => (a.bounds.end < b.bounds.end ? -1 : 1))) {
      if (settings.upTo && w.bounds.end > settings.upTo) break;
      // R52.3 / R32: fixed-applied decreases keep their source's cost and leave the average.
      let fixedValue = ZERO;
      let fixedQuantity = ZERO;
      for (const d of w.fixedDecreases.sort(byValuation(book))) {
        const target = outboundTarget(book, d);
        if (book.adjustTo(d, target, false)) changed.add(d.entryNo);
        fixedValue = fixedValue.plus(target.total());
        fixedQuantity = fixedQuantity.plus(d.quantity);
      }
      const baseValue = value.plus(w.inboundValue).plus(fixedValue);
      const baseQuantity = quantity.plus(w.inboundQuantity).plus(fixedQuantity);
      // R52.4: divide by the quantity available in the period before its decreases. Without
      // stock the last known average is used; with none, the decreases keep what they carry.
      const average = baseQuantity.greaterThan(0) ? baseValue.div(baseQuantity) : lastAverage;
      // The value of `quantity` units at the period's average, V × q ÷ Q (multiplied before it is
      // divided, so that a value on a half cent is not lost in a repeating average's last digit).
      const atAverage = (q: Dec): Dec => (baseQuantity.greaterThan(0) ? baseValue.times(q).div(baseQuantity) : (average as Dec).times(q));
      let taken = ZERO;
      let takenQuantity = ZERO;
      // R70: entry by entry in entry-number order (not valuation-date order: a decrease whose
      // valuation date moved later under R58 keeps its place), with cumulative rounding: the k-th
      // decrease gets round(V × Q1..k ÷ Q) − round(V × Q1..k-1 ÷ Q), so the period's decreases add
      // up to its exact value and the residual lands where that reading puts it.
      //
      // R87 / R57 rule 3: a revaluation dated in the period does not reach the decreases posted
      // before it (they were out of its revaluable quantity), but it does reach those posted after
      // it — a decrease whose valuation date moved to the revaluation's date exists to be reached
      // (AVG's example: quantity 0 must leave value 0). From such a revaluation on, the decreases
      // form a new run: V and Q are what is left after the earlier ones, plus the revaluation.
      const revaluations = [...w.revaluations].sort((a, b) => a.entryNo - b.entryNo);
      let nextRevaluation = 0;
      let runValue = baseValue;
      let runQuantity = baseQuantity;
      let cumulative = ZERO;
      let previousRounded = ZERO;
      const runAt = (q: Dec): Dec =>
        runValue === baseValue && runQuantity === baseQuantity
          ? atAverage(q)
          : runQuantity.greaterThan(0)
            ? runValue.times(q).div(runQuantity)
            : (average as Dec).times(q);
      for (const d of w.decreases.sort(byEntryNo)) {
        const qty = d.quantity.abs();
        takenQuantity = takenQuantity.plus(qty);
        if (!average) {
          const { actual, expected } = book.currentCost(d.entryNo);
          taken = taken.plus(actual.total().plus(expected.total()).negated());
          continue;
        }
        const postedAs = book.firstValue(d.entryNo)?.entryNo ?? d.entryNo;
        while (nextRevaluation < revaluations.length && revaluations[nextRevaluation].entryNo < postedAs) {
          runValue = runValue.minus(previousRounded).plus(revaluations[nextRevaluation].amount);
          runQuantity = runQuantity.minus(cumulative);
          cumulative = ZERO;
          previousRounded = ZERO;
          nextRevaluation++;
        }
        cumulative = cumulative.plus(qty);
        const rounded = roundTo(runAt(cumulative), prec);
        const decreaseValue = rounded.minus(previousRounded);
        previousRounded = rounded;
        taken = taken.plus(decreaseValue);
        if (book.adjustTo(d, CostElements.single('DirectCost', decreaseValue.negated()), true)) changed.add(d.entryNo);
      }
      let returned = ZERO;
      let returnedQuantity = ZERO;
      for (const r of w.returnsAtAverage.sort(byValuation(book))) {
        // Exact cost reversal (R30, R34) of a decrease just valued at the average.
        const target = recipientTarget(book, r, book.sourceLinkOf(r.entryNo) as ItemApplicationEntry);
        if (book.adjustTo(r, target, false)) changed.add(r.entryNo);
        returned = returned.plus(target.total());
        returnedQuantity = returnedQuantity.plus(r.quantity);
      }
      for (const t of w.transfersOut.sort(byEntryNo)) {
        if (!average) continue;
        const transferValue = roundTo(atAverage(t.quantity.abs()), prec);
        if (book.adjustTo(t, CostElements.single('DirectCost', transferValue.negated()), true)) changed.add(t.entryNo);
        const link = book.recipientAppsOf(t.entryNo).find((a) => a.transferredFromEntryNo === t.entryNo);
        const receiving = link && book.findEntry(link.inboundItemEntryNo);
        if (receiving && book.adjustTo(receiving, CostElements.single('DirectCost', transferValue), true)) changed.add(receiving.entryNo);
      }
      // R55: the next period starts from what is left; R87: a revaluation dated in this period
      // changes what is left, not the decreases valued in it.
      value = baseValue.minus(taken).plus(returned).plus(w.revaluation);
      quantity = baseQuantity.minus(takenQuantity).plus(returnedQuantity);
      if (average) lastAverage = average;
    }
  }
  return changed;
}

function addInbound(w: PeriodWork, v: AdjustmentValueEntry): void {
  // Most value entries carry one of the two amounts: no sum (and no new Dec) then.
  const amount = v.costAmountExpected.isZero()
    ? v.costAmountActual
    : v.costAmountActual.isZero()
      ? v.costAmountExpected
      : v.costAmountActual.plus(v.costAmountExpected);
  if (v.entryType === 'Revaluation' && !v.adjustment) {
    w.revaluation = w.revaluation.plus(amount);
    w.revaluations.push({ entryNo: v.entryNo, amount });
    return;
  }
  w.inboundValue = w.inboundValue.plus(amount);
  w.inboundQuantity = w.inboundQuantity.plus(v.itemLedgerEntryQuantity);
}

/**
 * R54: an increase cost-applied to a decrease of the same group and period (a return with
 * Appl.-from) carries that decrease's average cost; it stays out of the average it reverses.
 */
function isReturnAtAverage(book: AdjustmentBook, entry: AdjustmentItemEntry, valuationDate: IsoDate, settings: AverageSettings): boolean {
  const link = book.sourceLinkOf(entry.entryNo);
  if (!link || !link.costApplication) return false;
  const source = book.findEntry(link.outboundItemEntryNo);
  if (!source || source.appliesToEntry !== null) return false;
  const sameGroup =
    groupKey(settings.calcType, source.itemNo, source.locationCode, source.variantCode) ===
    groupKey(settings.calcType, entry.itemNo, entry.locationCode, entry.variantCode);
  const period = (date: IsoDate) => periodOf(settings.calendar, date).end;
  return sameGroup && period(book.valuationDateOf(source.entryNo)) === period(valuationDate);
}

function byEntryNo(a: AdjustmentItemEntry, b: AdjustmentItemEntry): number {
  return a.entryNo - b.entryNo;
}

function byValuation(book: AdjustmentBook) {
  return (a: AdjustmentItemEntry, b: AdjustmentItemEntry): number => {
    const da = book.valuationDateOf(a.entryNo);
    const db = book.valuationDateOf(b.entryNo);
    if (da !== db) return da < db ? -1 : 1;
    return a.entryNo - b.entryNo;
  };
}
