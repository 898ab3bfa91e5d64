import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { AuditLog } from '../access/audit-log.service';
import { Clock } from '../common/clock';
import type { IsoDate } from '../common/dates';
import { ConflictError, NotFoundError, PostingRefusedError } from '../common/errors';
import { inTransaction, SqlSession, withSession } from '../database/sql-session';
import { lockCounters, saveCounters } from '../ledgers/ledger-writer';
import { InventoryPeriodsRepository, type PeriodState } from './inventory-periods.repository';

export type BlockerKind = 'unadjustedItem' | 'unadjustedOrder' | 'openOutboundEntry' | 'noEndingDate';

/** One reason a period cannot be closed (R115, R117): a row of Close Inventory Period – Test. */
export interface CloseBlocker {
  endingDate: IsoDate;
  kind: BlockerKind;
  itemNo: string | null;
  entryNo: number | null;
  /** The production order, for an unadjusted order. */
  orderNo?: string;
  message: string;
}

export type { PeriodState };

/** R115(a), Business Central's own wording. */
export const NEGATIVE_INVENTORY = 'The inventory cannot be closed because there is negative inventory for one or more items.';
export const UNADJUSTED = 'The item has entries in this period that have not been adjusted.';

/**
 * Inventory periods (costing-rules §16): the close test as data (R117), closing only a clean
 * period (R115) with an inventory period entry (R9, R116), reopening with every later period.
 * Close and reopen are audited in their own transaction: the entry exists exactly if they happened.
 * A closed period then refuses postings dated in it and moves adjustments out of it (R109, R114)
 * through the posting window every posting reads.
 */
@Injectable()
export class InventoryPeriodsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly auditLog: AuditLog,
    private readonly clock: Clock,
    private readonly repository: InventoryPeriodsRepository,
  ) {}

  async list(): Promise<PeriodState[]> {
    return withSession(this.orm, (sql) => this.repository.list(sql));
  }

  /** Close Inventory Period – Test for every open period up to `endingDate` (all open ones by default). */
  async test(endingDate: IsoDate | null = null): Promise<CloseBlocker[]> {
    return withSession(this.orm, (sql) => closeTest(sql, endingDate, this.repository));
  }

  /**
   * The period ending `endingDate`, created (and audited) when there is none: a scheduled close
   * names the periods it closes. Whether it was created.
   */
  async ensure(endingDate: IsoDate, name: string, userId: string): Promise<boolean> {
    return inTransaction(this.orm, async (sql) => {
      const created = await this.repository.createIfMissing(sql, endingDate, name);
      if (created) await this.auditLog.record({ userId, action: 'period.create', target: endingDate, details: { name } }, sql);
      return created;
    });
  }

  /**
   * Closes a clean period. A period whose ending date has not passed yet (today included: its last
   * day is not over) is refused unless `beforePeriodEnd` says so on purpose; the audit entry then
   * records it (issue 15, item 10).
   */
  async close(
    endingDate: IsoDate,
    userId: string,
    options: { beforePeriodEnd?: boolean } = {},
  ): Promise<{ endingDate: IsoDate; inventoryPeriodEntryNo: number }> {
    const today = this.clock.now().toISOString().slice(0, 10);
    const early = endingDate >= today;
    if (early && !options.beforePeriodEnd) {
      throw new ConflictError(
        `The inventory period ending ${endingDate} has not ended yet (today is ${today}, UTC): close it after its ending date, or say beforePeriodEnd=true to close it early on purpose`,
        [{ field: 'endingDate', message: 'is not in the past' }],
      );
    }
    return inTransaction(this.orm, async (sql) => {
      // Taking the counters serialises the close with every posting (they take them too).
      const counters = await lockCounters(sql);
      const all = await this.repository.list(sql);
      const period = all.find((p) => p.endingDate === endingDate);
      if (!period) throw new NotFoundError(`There is no inventory period ending ${endingDate}`);
      if (period.closed) throw new ConflictError(`The inventory period ending ${endingDate} is already closed`);
      const earlierOpen = all.find((p) => p.endingDate < endingDate && !p.closed);
      if (earlierOpen) throw new ConflictError(`Close the inventory period ending ${earlierOpen.endingDate} first: periods close in order`);
      const blockers = await closeTest(sql, endingDate, this.repository);
      if (blockers.length) {
        const negative = blockers.filter((b) => b.kind === 'openOutboundEntry');
        const unadjusted = blockers.filter((b) => b.kind === 'unadjustedItem');
        const orders = blockers.filter((b) => b.kind === 'unadjustedOrder');
        const parts = [
          negative.length ? `${NEGATIVE_INVENTORY} Open outbound entries: ${list(negative.map((b) => b.entryNo))}.` : null,
          unadjusted.length ? `${UNADJUSTED} Run Adjust Cost – Item Entries for: ${list(unadjusted.map((b) => b.itemNo))}.` : null,
          orders.length ? `Finished production orders not adjusted: ${list(orders.map((b) => b.orderNo ?? ''))}.` : null,
        ].filter(Boolean);
        throw new PostingRefusedError(
          `The inventory period ending ${endingDate} cannot be closed. ${parts.join(' ')}`,
          blockers.slice(0, 100).map((b) => ({ field: b.kind, message: b.message })),
        );
      }
      await this.repository.setClosed(sql, [endingDate], true);
      const entryNo = counters.inventory_period_entry + 1;
      await this.repository.insertEntries(sql, [{ entryNo, endingDate, entryType: 'Close', closingItemRegisterNo: counters.item_register || null, userId }]);
      await saveCounters(sql, { inventory_period_entry: entryNo });
      await this.auditLog.record(
        {
          userId,
          action: 'period.close',
          target: endingDate,
          details: { inventoryPeriodEntryNo: entryNo, ...(early ? { beforePeriodEnd: true, closedOn: today } : {}) },
        },
        sql,
      );
      return { endingDate, inventoryPeriodEntryNo: entryNo };
    });
  }

  /** R116: reopening a period reopens every later period too, each with an inventory period entry. */
  async reopen(endingDate: IsoDate, userId: string): Promise<{ reopened: IsoDate[] }> {
    return inTransaction(this.orm, async (sql) => {
      const counters = await lockCounters(sql);
      const all = await this.repository.list(sql);
      const period = all.find((p) => p.endingDate === endingDate);
      if (!period) throw new NotFoundError(`There is no inventory period ending ${endingDate}`);
      if (!period.closed) throw new ConflictError(`The inventory period ending ${endingDate} is not closed`);
      const reopened = all.filter((p) => p.endingDate >= endingDate && p.closed).map((p) => p.endingDate);
      await this.repository.setClosed(sql, reopened, false);
      const first = counters.inventory_period_entry + 1;
      await this.repository.insertEntries(
        sql,
        reopened.map((date, i) => ({ entryNo: first + i, endingDate: date, entryType: 'ReOpen' as const, closingItemRegisterNo: null, userId })),
      );
      await saveCounters(sql, { inventory_period_entry: counters.inventory_period_entry + reopened.length });
      await this.auditLog.record({ userId, action: 'period.reopen', target: endingDate, details: { reopened } }, sql);
      return { reopened };
    });
  }
}

/**
 * R117: per open period up to `endingDate`: items with unadjusted entries dated up to the period
 * end (an entry point not adjusted, or an inbound entry on the Applied Entry to Adjust list) and
 * open outbound entries posted up to the period end (negative inventory, R115(a); open cost
 * applications show up here too, R133). Set-based: one query per kind.
 */
export async function closeTest(sql: SqlSession, endingDate: IsoDate | null, repository = new InventoryPeriodsRepository()): Promise<CloseBlocker[]> {
  const open = (await repository.list(sql)).filter((p) => !p.closed && (!endingDate || p.endingDate <= endingDate));
  if (endingDate && !open.some((p) => p.endingDate === endingDate)) {
    return [{ endingDate, kind: 'noEndingDate', itemNo: null, entryNo: null, message: `There is no open inventory period ending ${endingDate}.` }];
  }
  const dates = open.map((p) => p.endingDate);
  const unadjusted = await repository.unadjustedItems(sql, dates);
  const unadjustedOrders = await repository.unadjustedProductionOrders(sql, dates);
  const openOutbound = await repository.openOutboundEntries(sql, dates);
  return dates.flatMap((date) => [
    ...unadjusted
      .filter((r) => r.endingDate === date)
      .map((r): CloseBlocker => ({ endingDate: date, kind: 'unadjustedItem', itemNo: r.itemNo, entryNo: null, message: UNADJUSTED })),
    // R115(c), R117: a finished production order with output in the period, not yet invoiced by the adjustment.
    ...unadjustedOrders
      .filter((r) => r.endingDate === date)
      .map((r): CloseBlocker => ({
        endingDate: date,
        kind: 'unadjustedOrder',
        itemNo: r.itemNo,
        entryNo: null,
        orderNo: r.orderNo,
        message: `Production Order ${r.orderNo} has not been adjusted.`,
      })),
    ...openOutbound
      .filter((r) => r.endingDate === date)
      .map((r): CloseBlocker => ({
        endingDate: date,
        kind: 'openOutboundEntry',
        itemNo: r.itemNo,
        entryNo: r.entryNo,
        message: `Item Ledger Entry ${r.entryNo} is open. Close it by posting the related inbound transaction.`,
      })),
  ]);
}

function list(values: (string | number | null)[]): string {
  const shown = values.slice(0, 10).join(', ');
  return values.length > 10 ? `${shown} and ${values.length - 10} more` : shown;
}
