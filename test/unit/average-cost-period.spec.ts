import { periodOf } from '../../src/costing/average-cost-period';

describe('average-cost periods (R11, R51)', () => {
  const cal = (period: Parameters<typeof periodOf>[0]['period'], starts: string[] = []) => ({ period, accountingPeriodStarts: starts });

  it.each([
    ['Day', '2023-02-01', '2023-02-01', '2023-02-01'],
    ['Week', '2023-02-01', '2023-01-30', '2023-02-05'],
    ['Week', '2023-02-05', '2023-01-30', '2023-02-05'],
    ['Month', '2024-02-10', '2024-02-01', '2024-02-29'],
    ['Quarter', '2023-05-13', '2023-04-01', '2023-06-30'],
    ['Quarter', '2023-12-31', '2023-10-01', '2023-12-31'],
    ['Year', '2023-06-17', '2023-01-01', '2023-12-31'],
  ] as const)('%s period of %s runs %s..%s', (period, date, start, end) => {
    expect(periodOf(cal(period), date)).toEqual({ start, end });
  });

  it('uses accounting periods, falling back to months outside them', () => {
    const c = cal('AccountingPeriod', ['2023-01-01', '2023-04-01', '2023-07-01']);
    expect(periodOf(c, '2023-05-20')).toEqual({ start: '2023-04-01', end: '2023-06-30' });
    expect(periodOf(c, '2023-07-15')).toEqual({ start: '2023-07-01', end: '2023-07-31' });
    expect(periodOf(c, '2023-08-15')).toEqual({ start: '2023-08-01', end: '2023-08-31' });
    expect(periodOf(c, '2022-12-15')).toEqual({ start: '2022-12-01', end: '2022-12-31' });
  });
});
