import { localDate, parsePeriod, periodBefore, periodContaining, periodForTick } from '../../src/pipeline/close-period';

describe('close periods', () => {
  it('names months, quarters and ISO weeks and knows their days', () => {
    expect(periodContaining('month', '2026-02-14')).toEqual({ kind: 'month', label: '2026-02', startingDate: '2026-02-01', endingDate: '2026-02-28' });
    expect(periodContaining('quarter', '2026-11-21')).toEqual({ kind: 'quarter', label: '2026-Q4', startingDate: '2026-10-01', endingDate: '2026-12-31' });
    expect(periodContaining('week', '2026-11-21')).toEqual({ kind: 'week', label: '2026-W47', startingDate: '2026-11-16', endingDate: '2026-11-22' });
    // ISO weeks across the year boundary: 2026-01-01 is a Thursday (week 1); 2027-01-01 a Friday (2026-W53).
    expect(periodContaining('week', '2025-12-29').label).toBe('2026-W01');
    expect(periodContaining('week', '2027-01-01').label).toBe('2026-W53');
    expect(periodContaining('week', '2027-01-04').label).toBe('2027-W01');
  });

  it('steps back and forth', () => {
    expect(periodBefore(periodContaining('month', '2026-01-15')).label).toBe('2025-12');
    expect(periodBefore(periodContaining('quarter', '2026-01-15'), 2).label).toBe('2025-Q3');
    expect(periodBefore(periodContaining('week', '2026-01-01'), -1).label).toBe('2026-W02');
  });

  it('parses what finance writes, and refuses the rest naming the option', () => {
    expect(parsePeriod('2026-10')).toMatchObject({ startingDate: '2026-10-01', endingDate: '2026-10-31' });
    expect(parsePeriod('2026-q4')).toMatchObject({ label: '2026-Q4' });
    expect(parsePeriod('2026-W43')).toMatchObject({ startingDate: '2026-10-19', endingDate: '2026-10-25' });
    for (const bad of ['2026-13', '2026-Q5', '2025-W53', 'October', '2026-10-31']) expect(() => parsePeriod(bad)).toThrow(/period/);
  });

  it('closes, on a tick, the period before the one the tick falls in, in the schedule time zone', () => {
    // 2026-11-01 00:30 in Oslo is still 2026-10-31 in UTC.
    const tick = new Date('2026-10-31T23:30:00Z');
    expect(localDate(tick, 'Europe/Oslo')).toBe('2026-11-01');
    expect(periodForTick('month', 1, tick, 'Europe/Oslo').label).toBe('2026-10');
    expect(periodForTick('month', 1, tick, 'UTC').label).toBe('2026-09');
    expect(periodForTick('month', 0, tick, 'Europe/Oslo').label).toBe('2026-11');
  });
});
