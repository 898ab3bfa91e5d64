import type { SqlSession } from '../database/sql-session';
import type { CostingSetup } from '../setup/costing-setup';
import { InventoryPeriodsRepository } from './inventory-periods.repository';

/**
 * Issue 15, item 1. A posting reads its setup (and with it the last closed inventory period)
 * before it waits for the entry-number counters, which a close holds while it closes. A posting
 * that waited there for a close would still check its dates against the period state from
 * before the close. Call this after taking the counters: the period state is read again under
 * the lock that serialises postings with closes, so the check and the close cannot interleave.
 */
export async function withCurrentClosedPeriod(sql: SqlSession, setup: CostingSetup): Promise<CostingSetup> {
  const lastClosed = await new InventoryPeriodsRepository().lastClosedEnd(sql);
  if (lastClosed === setup.window.lastClosedPeriodEnd) return setup;
  return { ...setup, window: { ...setup.window, lastClosedPeriodEnd: lastClosed } };
}
