import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Dec } from '../common/decimal';
import type { IsoDate } from '../common/dates';
import { PostingRefusedError, ValidationError } from '../common/errors';
import { inTransaction, SqlSession } from '../database/sql-session';
import { periodEnd } from '../costing/average-cost-period';
import { LedgerState } from '../costing/posting/ledger-state';
import { postingDateRefusal, valuationDateRefusal } from '../costing/posting-window';
import { averageKey, calculateInventoryValue, CalculatePer, InventoryValueLine } from '../costing/revaluation/calculate-inventory-value';
import { postRevaluationLine, RevaluationTarget } from '../costing/revaluation/revaluation-posting';
import { CostingItem, SOURCE_CODES } from '../costing/types';
import { PostingFollowUps } from '../item-journal/posting-follow-ups';
import { writePosting } from '../item-journal/item-journal.service';
import { loadItems } from '../ledgers/ledger-reader';
import { lockCounters, lockItems } from '../ledgers/ledger-writer';
import { withCurrentClosedPeriod } from '../period-close/closed-period-guard';
import { CostingSetup, loadCostingSetup } from '../setup/costing-setup';
import { ValuationRepository } from './valuation.repository';
import { amountBounds, boundsProblem, DecimalBounds, unitAmountBounds } from '../common/decimal-bounds';

/** Issue 15, item 2: a revaluation amount out of bounds is refused, never rounded. */
function refuseOutOfBounds(field: string, value: Dec | null | undefined, bounds: DecimalBounds): void {
  const problem = value ? boundsProblem(value, bounds) : null;
  if (problem) throw ValidationError.at(undefined, field, problem);
}

export interface CalculateOptions {
  asOf: IsoDate;
  /** Items to calculate; all items with entries when left out. */
  itemNos?: readonly string[] | null;
  calculatePer: CalculatePer;
  locationCode?: string | null;
  variantCode?: string | null;
  /** Per entry: only this item ledger entry (Applies-to Entry, R82). */
  appliesToEntry?: number | null;
}

export interface RevalueOptions extends CalculateOptions, RevaluationTarget {
  itemNos: readonly string[];
  documentNo?: string | null;
}

export interface RevaluationReceipt {
  itemRegisterNo: number;
  lines: InventoryValueLine[];
  valueEntryNos: number[];
  followUps: string[];
}

/**
 * Calculate Inventory Value and the revaluation journal (costing-rules §11), and Implement
 * Standard Cost Change (R90, R121 step 5): calculate as of a date, post the Revaluation value
 * entries in one transaction, and let automatic adjustment follow like any posting.
 */
@Injectable()
export class RevaluationService {
  constructor(
    private readonly orm: MikroORM,
    private readonly followUps: PostingFollowUps,
    private readonly repository: ValuationRepository,
  ) {}

  async calculate(options: CalculateOptions, userId: string): Promise<InventoryValueLine[]> {
    return inTransaction(this.orm, async (sql) => {
      const setup = await loadCostingSetup(sql, userId);
      const items = await loadItems(sql, options.itemNos ? [...options.itemNos] : await this.repository.itemsWithEntries(sql));
      return calculateLines(sql, setup, items, options, this.repository);
    });
  }

  async revalue(options: RevalueOptions, userId: string): Promise<RevaluationReceipt> {
    if ((options.unitCostRevalued == null) === (options.inventoryValueRevalued == null)) {
      throw ValidationError.at(undefined, 'unitCostRevalued', 'give exactly one of unitCostRevalued and inventoryValueRevalued');
    }
    return inTransaction(this.orm, async (sql) => {
      const setup = await loadCostingSetup(sql, userId);
      refuseOutOfBounds('unitCostRevalued', options.unitCostRevalued, unitAmountBounds(setup.precisions.unitAmount));
      refuseOutOfBounds('inventoryValueRevalued', options.inventoryValueRevalued, amountBounds(setup.precisions.amount));
      await lockItems(sql, options.itemNos);
      const items = await loadItems(sql, [...options.itemNos]);
      if (items.length !== options.itemNos.length) throw ValidationError.at(undefined, 'item', `Item ${options.itemNos.join(', ')} does not exist`);
      for (const item of items) this.checkRevaluation(setup, item, options);
      const lines = await calculateLines(sql, setup, items, options, this.repository);
      if (lines.length === 0) throw ValidationError.at(undefined, 'item', `Item ${options.itemNos.join(', ')} has no revaluable quantity on ${options.asOf}`);
      return this.post(sql, setup, items, lines, () => options, options.asOf, options.documentNo ?? null);
    });
  }

  /**
   * Implement Standard Cost Change: revalue the stock on hand (invoiced or not, R83) to the new
   * standard cost as of the posting date, then set Standard Cost and Unit Cost (R23, R90); the
   * cost shares become those of a typed-in standard cost.
   */
  async setStandardCost(itemNo: string, standardCost: Dec, postingDate: IsoDate, revalue: boolean, userId: string): Promise<RevaluationReceipt | null> {
    return inTransaction(this.orm, async (sql) => {
      const setup = await loadCostingSetup(sql, userId);
      refuseOutOfBounds('standardCost', standardCost, unitAmountBounds(setup.precisions.unitAmount));
      if (standardCost.lessThan(0)) throw ValidationError.at(undefined, 'standardCost', 'must not be negative');
      const receipt = revalue ? await this.revalueToStandardCosts(sql, setup, [{ itemNo, standardCost }], postingDate, null) : null;
      if (!revalue) await this.requireStandardItems(sql, [itemNo]);
      await this.repository.setStandardCost(sql, itemNo, standardCost);
      return receipt;
    });
  }

  /**
   * R90, R121 step 5: revalues each item's stock on hand as of the posting date to its new
   * standard cost, per item, in the caller's transaction; items without a revaluable quantity
   * are skipped. Null when nothing was posted. Sets no standard cost.
   */
  async revalueToStandardCosts(
    sql: SqlSession,
    setup: CostingSetup,
    targets: readonly { itemNo: string; standardCost: Dec }[],
    postingDate: IsoDate,
    documentNo: string | null,
  ): Promise<RevaluationReceipt | null> {
    const itemNos = targets.map((t) => t.itemNo);
    const items = await this.requireStandardItems(sql, itemNos);
    const options: RevalueOptions = { asOf: postingDate, itemNos, calculatePer: 'Item', unitCostRevalued: targets[0]?.standardCost };
    for (const item of items) this.checkRevaluation(setup, item, options);
    const lines = await calculateLines(sql, setup, items, options, this.repository);
    if (!lines.length) return null;
    const costOf = new Map(targets.map((t) => [t.itemNo, t.standardCost]));
    return this.post(sql, setup, items, lines, (line) => ({ unitCostRevalued: costOf.get(line.itemNo) }), postingDate, documentNo);
  }

  private async requireStandardItems(sql: SqlSession, itemNos: readonly string[]): Promise<CostingItem[]> {
    await lockItems(sql, itemNos);
    const items = await loadItems(sql, itemNos);
    const missing = itemNos.filter((no) => !items.some((i) => i.no === no));
    if (missing.length) throw ValidationError.at(undefined, 'item', `Item ${missing.join(', ')} does not exist`);
    const other = items.find((i) => i.costingMethod !== 'Standard');
    if (other)
      throw ValidationError.at(
        undefined,
        'item',
        `Item ${other.no} uses ${other.costingMethod} costing; only Standard items have a standard cost to implement`,
      );
    return items;
  }

  private checkRevaluation(setup: CostingSetup, item: CostingItem, options: RevalueOptions): void {
    const refusal = postingDateRefusal(setup.window, options.asOf) ?? valuationDateRefusal(setup.window, options.asOf);
    if (refusal) throw PostingRefusedError.at(undefined, 'postingDate', refusal);
    if (item.costingMethod === 'Average') {
      // R87 (A-14 decided): Average items are revalued per item, at the end of an average-cost period.
      if (options.calculatePer !== 'Item')
        throw ValidationError.at(undefined, 'calculatePer', `Item ${item.no} uses Average costing and can only be revalued per item (R87)`);
      const end = periodEnd(setup.calendar, options.asOf);
      if (end !== options.asOf)
        throw ValidationError.at(
          undefined,
          'postingDate',
          `Item ${item.no} uses Average costing: revalue at the end of an average-cost period (${end}), not on ${options.asOf} (R87)`,
        );
    }
  }

  private async post(
    sql: SqlSession,
    setup: CostingSetup,
    items: CostingItem[],
    lines: InventoryValueLine[],
    targetOf: (line: InventoryValueLine) => RevaluationTarget,
    postingDate: IsoDate,
    documentNo: string | null,
  ): Promise<RevaluationReceipt> {
    const counters = await lockCounters(sql);
    // A close may have committed while this waited for the counters (issue 15, item 1).
    const closedNow = postingDateRefusal((await withCurrentClosedPeriod(sql, setup)).window, postingDate);
    if (closedNow) throw PostingRefusedError.at(undefined, 'postingDate', closedNow);
    const registerNo = counters.item_register + 1;
    const entries = lines.flatMap((l) => l.entries.map((e) => e.entry));
    const state = new LedgerState({
      items,
      entries,
      valueEntries: [],
      costAppliedQuantity: new Map(),
      invoicedQuantityByItem: new Map(),
      counters: { itemLedgerEntry: counters.item_ledger_entry, valueEntry: counters.value_entry, itemApplicationEntry: counters.item_application_entry },
    });
    const ctx = {
      postingDate,
      documentNo: documentNo || `REVAL${String(registerNo).padStart(6, '0')}`,
      precisions: setup.precisions,
      calendar: setup.calendar,
      userId: setup.userId,
    };
    const itemByNo = new Map(items.map((i) => [i.no, i]));
    const written = lines.flatMap((line) => postRevaluationLine(state, itemByNo.get(line.itemNo) as CostingItem, line, targetOf(line), ctx));
    await writePosting(sql, state, counters, registerNo, setup.userId, SOURCE_CODES.revaluationJournal);
    const followUps = await this.followUps.afterPosting(sql, setup, state, [], postingDate);
    return { itemRegisterNo: registerNo, lines, valueEntryNos: written.map((v) => v.entryNo), followUps };
  }
}

/** Loads what Calculate Inventory Value needs for a set of items, in one query per table. */
async function calculateLines(
  sql: SqlSession,
  setup: CostingSetup,
  items: CostingItem[],
  options: CalculateOptions,
  repository: ValuationRepository,
): Promise<InventoryValueLine[]> {
  const itemNos = items.map((i) => i.no);
  const inbounds = await repository.inboundEntries(sql, itemNos, options);
  const entryNos = inbounds.map((e) => e.entryNo);
  const values = await repository.valueEntriesOf(sql, entryNos);
  const applications = await repository.applicationsOutOf(sql, entryNos, options.asOf);
  const byLocation = !!options.locationCode;
  const byVariant = !!options.variantCode;
  const averageTotals = new Map<string, Map<string, { quantity: Dec; value: Dec }>>();
  const averageNos = items.filter((i) => i.costingMethod === 'Average').map((i) => i.no);
  if (averageNos.length) {
    for (const t of await repository.averageTotals(sql, averageNos, options.asOf, byLocation, byVariant)) {
      const map = averageTotals.get(t.itemNo) ?? new Map<string, { quantity: Dec; value: Dec }>();
      map.set(averageKey({ byLocation, byVariant }, t), { quantity: t.quantity, value: t.value });
      averageTotals.set(t.itemNo, map);
    }
  }
  const valuesByEntry = new Map<number, typeof values>();
  for (const v of values) {
    const list = valuesByEntry.get(v.itemLedgerEntryNo) ?? [];
    list.push(v);
    valuesByEntry.set(v.itemLedgerEntryNo, list);
  }
  return items.flatMap((item) =>
    calculateInventoryValue({
      item,
      asOf: options.asOf,
      calculatePer: options.calculatePer,
      byLocation,
      byVariant,
      inbounds: inbounds.filter((e) => e.itemNo === item.no),
      valueEntries: valuesByEntry,
      applications,
      averageTotals: averageTotals.get(item.no),
      precisions: setup.precisions,
    }),
  );
}

export function lineToRow(line: InventoryValueLine, refOf?: (entryNo: number) => string | null): Record<string, unknown> {
  return {
    itemNo: line.itemNo,
    ...(line.entryNo !== null ? { entryNo: line.entryNo, ref: refOf?.(line.entryNo) ?? null } : {}),
    locationCode: line.locationCode,
    variantCode: line.variantCode,
    quantity: line.quantity.toFixed(),
    inventoryValueCalculated: line.inventoryValueCalculated.toFixed(),
    unitCostCalculated: line.unitCostCalculated.toFixed(),
  };
}
