/**
 * The periods a close run closes: a month, an ISO week or a quarter, named the way finance says
 * them ('2026-10', '2026-W43', '2026-Q4'), and the period a schedule's tick closes (the one
 * `offset` periods before the tick's own, in the schedule's time zone). Pure date arithmetic.
 */
import { addDays, endOfMonth, IsoDate } from '../common/dates';
import { ValidationError } from '../common/errors';

export const PERIOD_KINDS = ['month', 'week', 'quarter'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface ClosePeriod {
  kind: PeriodKind;
  /** '2026-10', '2026-W43', '2026-Q4' */
  label: string;
  startingDate: IsoDate;
  endingDate: IsoDate;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function utc(date: IsoDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

function iso(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

/** ISO week-year and week of a date (weeks start on Monday; week 1 holds the first Thursday). */
function isoWeek(date: IsoDate): { year: number; week: number } {
  const d = utc(date);
  // The week's Thursday decides its year; its day of that year decides the week number.
  const thursday = new Date(d.getTime() + (3 - ((d.getUTCDay() + 6) % 7)) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const dayOfYear = Math.round((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000);
  return { year, week: Math.floor(dayOfYear / 7) + 1 };
}

function mondayOfIsoWeek(year: number, week: number): IsoDate {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000);
  return iso(new Date(monday.getTime() + (week - 1) * 7 * 86_400_000));
}

/** The period of the given kind that contains the date. */
export function periodContaining(kind: PeriodKind, date: IsoDate): ClosePeriod {
  const [y, m] = date.split('-').map(Number);
  switch (kind) {
    case 'month':
      return { kind, label: `${y}-${pad(m)}`, startingDate: `${y}-${pad(m)}-01`, endingDate: endOfMonth(date) };
    case 'quarter': {
      const q = Math.floor((m - 1) / 3) + 1;
      const start = `${y}-${pad((q - 1) * 3 + 1)}-01`;
      return { kind, label: `${y}-Q${q}`, startingDate: start, endingDate: endOfMonth(`${y}-${pad(q * 3)}-01`) };
    }
    case 'week': {
      const { year, week } = isoWeek(date);
      const start = mondayOfIsoWeek(year, week);
      return { kind, label: `${year}-W${pad(week)}`, startingDate: start, endingDate: addDays(start, 6) };
    }
  }
}

/** The period `count` periods before (negative: after) the given one. */
export function periodBefore(period: ClosePeriod, count = 1): ClosePeriod {
  let p = period;
  for (let i = 0; i < Math.abs(count); i++) p = periodContaining(p.kind, count > 0 ? addDays(p.startingDate, -1) : addDays(p.endingDate, 1));
  return p;
}

/** '2026-10', '2026-W43' or '2026-Q4', refused with an error naming the option otherwise. */
export function parsePeriod(text: string, field = 'period'): ClosePeriod {
  const month = /^(\d{4})-(\d{2})$/.exec(text);
  if (month && +month[2] >= 1 && +month[2] <= 12) return periodContaining('month', `${month[1]}-${month[2]}-01`);
  const quarter = /^(\d{4})-Q([1-4])$/i.exec(text);
  if (quarter) return periodContaining('quarter', `${quarter[1]}-${pad((+quarter[2] - 1) * 3 + 1)}-01`);
  const week = /^(\d{4})-W(\d{2})$/i.exec(text);
  if (week && +week[2] >= 1 && +week[2] <= 53) {
    const p = periodContaining('week', mondayOfIsoWeek(+week[1], +week[2]));
    if (p.label === `${week[1]}-W${week[2]}`) return p;
  }
  throw ValidationError.at(undefined, field, `'${text}' is not a period: write a month (2026-10), an ISO week (2026-W43) or a quarter (2026-Q4)`);
}

/** The calendar date of an instant in an IANA time zone. */
export function localDate(at: Date, timeZone: string): IsoDate {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The period a schedule's tick at `at` closes: `offset` periods before the one it falls in. */
export function periodForTick(kind: PeriodKind, offset: number, at: Date, timeZone: string): ClosePeriod {
  return periodBefore(periodContaining(kind, localDate(at, timeZone)), offset);
}

/** True for a time zone Intl knows (IANA names such as Europe/Oslo, and UTC). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
