/**
 * Average-cost periods (R11, R51): every date belongs to one period, named by its last day.
 * All six periods of the AL enum are supported. Weeks run Monday to Sunday.
 */
import { addDays, addMonths, endOfMonth, IsoDate, isoWeekday } from '../common/dates';
import { AverageCostPeriod, AvgCostEntryPoint, entryPointKey } from './types';

export interface PeriodCalendar {
  period: AverageCostPeriod;
  /** Starting dates of the accounting periods, ascending (only for AccountingPeriod). */
  accountingPeriodStarts: IsoDate[];
}

export interface PeriodBounds {
  start: IsoDate;
  end: IsoDate;
}

export function periodOf(calendar: PeriodCalendar, date: IsoDate): PeriodBounds {
  switch (calendar.period) {
    case 'Day':
      return { start: date, end: date };
    case 'Week': {
      const start = addDays(date, 1 - isoWeekday(date));
      return { start, end: addDays(start, 6) };
    }
    case 'Month': {
      const start = date.slice(0, 8) + '01';
      return { start, end: endOfMonth(date) };
    }
    case 'Quarter': {
      const month = +date.slice(5, 7);
      const firstMonth = month - ((month - 1) % 3);
      const start = `${date.slice(0, 4)}-${String(firstMonth).padStart(2, '0')}-01`;
      return { start, end: endOfMonth(addMonths(start, 2)) };
    }
    case 'Year':
      return { start: `${date.slice(0, 4)}-01-01`, end: `${date.slice(0, 4)}-12-31` };
    case 'AccountingPeriod':
      return accountingPeriodOf(calendar.accountingPeriodStarts, date);
  }
}

/** Last day of the period that holds `date`: the Valuation Date of an entry point (R6, R51). */
export function periodEnd(calendar: PeriodCalendar, date: IsoDate): IsoDate {
  return periodOf(calendar, date).end;
}

function accountingPeriodOf(starts: IsoDate[], date: IsoDate): PeriodBounds {
  // An accounting period runs from its starting date to the day before the next one. Dates
  // before the first or on/after the last starting date have no closed period around them; they
  // fall back to calendar months (clipped at the first/last starting date) so that an incomplete
  // setup still gives every entry exactly one period instead of failing the adjustment.
  let index = -1;
  for (let i = 0; i < starts.length; i++) {
    if (starts[i] <= date) index = i;
    else break;
  }
  if (index >= 0 && index < starts.length - 1) {
    return { start: starts[index], end: addDays(starts[index + 1], -1) };
  }
  let start = date.slice(0, 8) + '01';
  let end = endOfMonth(date);
  if (index === starts.length - 1 && index >= 0 && starts[index] > start) start = starts[index];
  if (index < 0 && starts.length > 0 && starts[0] <= end) end = addDays(starts[0], -1);
  return { start, end };
}

/**
 * R12, R20, R51: after the Average Cost Period or Calc. Type changes, every Average item is
 * re-averaged under the new periods: one entry point per item, variant, location and new period
 * that holds a value, dated the period's last day, not adjusted. (The calc type does not change
 * the entry points themselves, R51; it changes how the adjustment groups them.)
 */
export function entryPointsForPeriods(
  valuations: readonly { itemNo: string; variantCode: string; locationCode: string; valuationDate: IsoDate }[],
  calendar: PeriodCalendar,
): AvgCostEntryPoint[] {
  const points = new Map<string, AvgCostEntryPoint>();
  for (const v of valuations) {
    const point = {
      itemNo: v.itemNo,
      variantCode: v.variantCode,
      locationCode: v.locationCode,
      valuationDate: periodEnd(calendar, v.valuationDate),
      costIsAdjusted: false,
    };
    points.set(entryPointKey(point), point);
  }
  return [...points.values()];
}
