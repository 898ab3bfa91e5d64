import { CronTime } from 'cron';
import { isTimeZone } from '../pipeline/close-period';

/** The next `count` ticks of a cron expression read in an IANA time zone, after `from`; [] if either is not valid. */
export function nextTicks(cron: string, timeZone: string, from: Date, count = 5): Date[] {
  if (!isTimeZone(timeZone)) return [];
  try {
    const time = new CronTime(cron, timeZone);
    const out: Date[] = [];
    let at = from;
    for (let i = 0; i < count; i++) {
      at = time.getNextDateFrom(at, timeZone).toJSDate();
      out.push(at);
    }
    return out;
  } catch {
    return [];
  }
}

/** A tick as a person in that zone reads it: "2026-12-01 06:00 (Europe/Oslo)". */
export function tickInZone(at: Date, timeZone: string, locale: string): string {
  const text = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(at);
  return `${text} (${timeZone})`;
}
