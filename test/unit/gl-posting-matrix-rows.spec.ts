/**
 * The posting matrix as SQL rows (accountPairRows), as the reconciliation reads it: its sums count
 * a value entry's part once per account type on the promise that at most one row matches a part
 * (a row without a variance or order type matches any).
 */
import { accountPairRows } from '../../src/costing/gl-posting-matrix';

describe('posting matrix rows', () => {
  const rows = accountPairRows();

  it('match any value entry part with at most one row', () => {
    const byKey = new Map<string, typeof rows>();
    for (const r of rows) {
      const key = `${r.ileType}|${r.veType}|${r.expected}`;
      byKey.set(key, [...(byKey.get(key) ?? []), r]);
    }
    expect(byKey.size).toBeGreaterThan(50);
    for (const [key, group] of byKey) {
      if (group.length === 1) continue;
      // Several rows for one entry type and column: each names its own variance type, or each its
      // own order type — never a catch-all beside them, never the same one twice.
      const byVariance = group.every((r) => r.varianceType !== null && r.orderType === null);
      const byOrder = group.every((r) => r.orderType !== null && r.varianceType === null);
      expect([key, byVariance || byOrder]).toEqual([key, true]);
      const names = group.map((r) => (byVariance ? r.varianceType : r.orderType));
      expect([key, new Set(names).size]).toEqual([key, group.length]);
    }
  });

  it('give every row an account type on both sides', () => {
    for (const r of rows) {
      expect(typeof r.account).toBe('string');
      expect(typeof r.balancing).toBe('string');
    }
  });
});
