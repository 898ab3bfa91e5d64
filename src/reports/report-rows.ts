/**
 * Report data as rows (one object per report line), by report name: what the `report` scenario
 * op records and what the PDF and CSV renderings print. Amounts are decimal strings.
 */
import type { INestApplicationContext } from '@nestjs/common';
import type { IsoDate } from '../common/dates';
import { InventoryPeriodsService } from '../period-close/inventory-periods.service';
import { InventoryGLReconciliationService, Reconciliation } from '../reconciliation/inventory-gl-reconciliation.service';

export type ReportRow = Record<string, unknown>;

export interface ReportContext {
  app: INestApplicationContext;
  userId: string;
}

export type ReportOptions = Record<string, unknown>;

type ReportBuilder = (ctx: ReportContext, options: ReportOptions) => Promise<ReportRow[]>;

const date = (v: unknown): IsoDate | null => (typeof v === 'string' ? v : null);

export function reconciliationRows(r: Reconciliation): ReportRow[] {
  return [
    ...r.lines.map((l) => ({
      line: 'account',
      accountType: l.accountType,
      inventory: l.inventory.toFixed(),
      inventoryInterim: l.inventoryInterim.toFixed(),
      wip: l.wip.toFixed(),
      total: l.total.toFixed(),
      glTotal: l.glTotal.toFixed(),
      difference: l.difference.toFixed(),
    })),
    ...r.causes.map((c) => ({ line: 'cause', accountType: c.accountType, cause: c.cause, amount: c.amount.toFixed(), entryCount: c.entryCount })),
  ];
}

export const REPORTS: Record<string, ReportBuilder> = {
  async inventoryGLReconciliation(ctx, options) {
    const itemNos = typeof options.item === 'string' ? [options.item] : null;
    const r = await ctx.app.get(InventoryGLReconciliationService).reconcile(
      { startDate: date(options.startDate), endDate: date(options.endDate), itemNos, locationCode: typeof options.location === 'string' ? options.location : null },
      ctx.userId,
    );
    return reconciliationRows(r);
  },

  async closeInventoryPeriodTest(ctx, options) {
    const blockers = await ctx.app.get(InventoryPeriodsService).test(date(options.endingDate));
    return blockers.map((b) => ({ endingDate: b.endingDate, kind: b.kind, itemNo: b.itemNo, entryNo: b.entryNo, message: b.message }));
  },
};

export function availableReports(): string[] {
  return Object.keys(REPORTS);
}
