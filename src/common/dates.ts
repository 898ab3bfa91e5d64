/**
 * Calendar dates are ISO strings ('YYYY-MM-DD') everywhere in the product: they compare
 * correctly as strings, they are what PostgreSQL `date` columns print, and they carry no time
 * zone. Arithmetic goes through UTC so that no local offset can shift a day.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

function toUtc(date: IsoDate): Date {
  const m = ISO_DATE.exec(date);
  if (!m) throw new Error(`not an ISO date: ${date}`);
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
}

function fromUtc(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

export function addMonths(date: IsoDate, months: number): IsoDate {
  const d = toUtc(date);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return fromUtc(d);
}

export function maxDate(a: IsoDate | null | undefined, b: IsoDate | null | undefined): IsoDate | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a > b ? a : b;
}

export function minDate(a: IsoDate | null | undefined, b: IsoDate | null | undefined): IsoDate | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a < b ? a : b;
}

export function endOfMonth(date: IsoDate): IsoDate {
  const d = toUtc(date);
  return fromUtc(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)));
}

export function startOfMonth(date: IsoDate): IsoDate {
  return date.slice(0, 8) + '01';
}

/** ISO weekday, Monday = 1 … Sunday = 7 (Business Central weeks start on Monday). */
export function isoWeekday(date: IsoDate): number {
  const wd = toUtc(date).getUTCDay();
  return wd === 0 ? 7 : wd;
}

export function todayUtc(now: Date): IsoDate {
  return fromUtc(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())));
}

/** Postgres `date` columns may arrive as Date objects from some drivers; normalise to ISO. */
export function asIsoDate(value: unknown): IsoDate {
  if (value instanceof Date) return fromUtc(value);
  return String(value).slice(0, 10);
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An instant at the edge: an RFC 3339 date-time with its offset ('2024-01-31T17:00:00Z'), never
 * a local time that a server's zone could shift. Null when the text is not one.
 */
export function parseDateTime(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const m = DATE_TIME.exec(value);
  if (!m || !isIsoDate(m[1])) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}
