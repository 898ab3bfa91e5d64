/**
 * Changing the Average Cost Period or the Average Cost Calc. Type (R12, R20): "every affected entry
 * must then be readjusted". The old entry points name periods that no longer exist, so they are
 * replaced by entry points of the new periods, all unadjusted, and the Average items are marked
 * unadjusted: the next Adjust Cost re-averages every Average item under the new setting.
 *
 * Runs inside the setup change's transaction (the EntityManager's), so the setting and its entry
 * points change together or not at all.
 */
import type { EntityManager } from '@mikro-orm/core';
import { entryPointsForPeriods } from '../costing/average-cost-period';
import { SetupRepository } from './setup.repository';

/** Does this change of a setup record alter how averages are grouped into periods? */
export async function changesAveragePeriods(
  em: EntityManager,
  path: string,
  before: Record<string, unknown> | null,
  values: Record<string, unknown>,
  repository = new SetupRepository(),
): Promise<boolean> {
  if (path === 'inventory-setup') {
    return (
      (values.averageCostPeriod !== undefined && values.averageCostPeriod !== (before?.averageCostPeriod ?? 'Day')) ||
      (values.averageCostCalcType !== undefined && values.averageCostCalcType !== (before?.averageCostCalcType ?? 'Item'))
    );
  }
  if (path !== 'accounting-periods') return false;
  // Accounting periods are the periods themselves when the average is per accounting period.
  const calendar = await repository.averageCalendar(em);
  return calendar.period === 'AccountingPeriod';
}

/** Replaces the entry points of every Average item by those of the current periods; returns their count. */
export async function rebuildAverageEntryPoints(em: EntityManager, repository = new SetupRepository()): Promise<number> {
  const calendar = await repository.averageCalendar(em);
  const points = entryPointsForPeriods(await repository.averageValuations(em), calendar);
  await repository.replaceAverageEntryPoints(em, points);
  return points.length;
}
