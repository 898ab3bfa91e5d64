import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import type { Dec } from '../common/decimal';
import type { IsoDate } from '../common/dates';
import { inTransaction, SqlSession } from '../database/sql-session';
import type { LedgerSnapshot, LedgerState } from '../costing/posting/ledger-state';
import type { OperationResult, PostingOperation } from '../costing/posting/operations';
import { postOperations } from '../costing/posting/posting-engine';
import { openEntriesNeeded } from '../costing/posting/open-entries-needed';
import { policyFor } from '../costing/methods';
import { ItemLedgerEntry, SOURCE_CODES } from '../costing/types';
import {
  itemsOfEntries,
  loadCostAppliedQuantities,
  loadEntries,
  loadInvoicedQuantities,
  loadItems,
  loadOpenEntriesAt,
  loadValueEntriesOf,
} from '../ledgers/ledger-reader';
import {
  Counters,
  insertApplicationEntries,
  insertItemLedgerEntries,
  insertItemRegister,
  insertValueEntries,
  invoicedMoves,
  lockCounters,
  lockItems,
  markEntryPoints,
  saveCounters,
  updateEntryBookkeeping,
  updateItems,
  updateValuationDates,
} from '../ledgers/ledger-writer';
import { CostingSetup, loadCostingSetup } from '../setup/costing-setup';
import { withCurrentClosedPeriod } from '../period-close/closed-period-guard';
import { ItemJournalRepository } from './item-journal.repository';
import { refuseNegativeInventory } from './negative-inventory';
import { PostingFollowUps } from './posting-follow-ups';
import { MasterData, PostingInput, referencedEntryNos, setupKey, validatePostingInputs } from './journal-input';
import { textProblem } from '../common/text-bounds';

export interface PostingOptions {
  /** The date automatic cost adjustment measures its window from (R43); default: today. */
  workDate?: IsoDate | null;
}

export interface PostingReceipt {
  itemRegisterNo: number;
  lines: OperationResult[];
  /** What the automatic follow-ups did in the same transaction (adjustment, G/L posting). */
  followUps: string[];
}

/**
 * Item Jnl.-Post Line for a batch (R1): validate the whole batch, lock the items it touches and
 * the entry-number counters, load their open entries in bulk, let the pure posting engine work,
 * and write everything in bulk, all in one transaction. A refused line rolls the batch back.
 */
@Injectable()
export class ItemJournalService {
  constructor(
    private readonly orm: MikroORM,
    private readonly followUps: PostingFollowUps,
    private readonly repository: ItemJournalRepository,
  ) {}

  async post(inputs: readonly PostingInput[], userId: string, options: PostingOptions = {}): Promise<PostingReceipt> {
    return inTransaction(this.orm, (sql) => this.postIn(sql, inputs, userId, options));
  }

  /** Posts inside an existing transaction. */
  async postIn(sql: SqlSession, inputs: readonly PostingInput[], userId: string, options: PostingOptions = {}): Promise<PostingReceipt> {
    const setupBeforeLock = await loadCostingSetup(sql, userId);
    const refs = referencedEntryNos(inputs);
    const refEntries = await itemsOfEntries(sql, refs);
    const master = await this.loadMasterData(sql, inputs, refEntries, setupBeforeLock);
    const operations = validatePostingInputs(inputs, master);
    return this.postOperationsIn(
      sql,
      operations,
      refs,
      [...refEntries.values()].map((e) => e.itemNo),
      setupBeforeLock,
      userId,
      options,
    );
  }

  /**
   * Posts operations that are valid already (production consumption and output build their own
   * from an order), inside the caller's transaction: locks, snapshot, engine, bulk write, follow-ups.
   */
  async postOperationsIn(
    sql: SqlSession,
    operations: PostingOperation[],
    refs: number[],
    refItemNos: readonly string[],
    setupBeforeLock: CostingSetup,
    userId: string,
    options: PostingOptions = {},
  ): Promise<PostingReceipt> {
    const itemNos = new Set<string>(refItemNos);
    for (const op of operations) if (op.kind === 'line') itemNos.add(op.itemNo);
    await lockItems(sql, itemNos);
    // Under the item locks: no other posting moves these items' stock until this one commits.
    await refuseNegativeInventory(sql, operations, this.repository);
    const counters = await lockCounters(sql);
    const setup = await withCurrentClosedPeriod(sql, setupBeforeLock);
    const registerNo = counters.item_register + 1;
    for (const op of operations) if (!op.documentNo) op.documentNo = `IJ${String(registerNo).padStart(6, '0')}`;

    const snapshot = await this.loadSnapshot(sql, [...itemNos], openEntriesNeeded(operations, refItemNos), refs, counters);
    const { state, results } = postOperations(snapshot, operations, {
      precisions: setup.precisions,
      window: setup.window,
      calendar: setup.calendar,
      userId,
    });
    await writePosting(sql, state, counters, registerNo, userId);
    const followUps = await this.followUps.afterPosting(sql, setup, state, operations, options.workDate ?? null);
    return { itemRegisterNo: registerNo, lines: results, followUps };
  }

  private async loadMasterData(
    sql: SqlSession,
    inputs: readonly PostingInput[],
    refEntries: Map<number, { itemNo: string; quantity: Dec }>,
    setup: CostingSetup,
  ): Promise<MasterData> {
    const itemNos = new Set<string>();
    const locations = new Set<string>();
    const charges = new Set<string>();
    // Only values that can be codes reach the queries: text with a NUL or beyond the column's
    // length is refused by the validation, naming its field, not by PostgreSQL.
    const code = (v: unknown): v is string => typeof v === 'string' && textProblem(v) === null;
    for (const input of inputs) {
      if (!input || typeof input !== 'object') continue;
      if ((input.kind ?? 'line') === 'line') {
        const l = input as { itemNo?: unknown; locationCode?: unknown; newLocationCode?: unknown };
        if (code(l.itemNo)) itemNos.add(l.itemNo);
        if (code(l.locationCode)) locations.add(l.locationCode);
        if (code(l.newLocationCode)) locations.add(l.newLocationCode);
      } else if (input.kind === 'itemCharge' && code(input.itemChargeNo)) {
        charges.add(input.itemChargeNo);
      }
    }
    for (const { itemNo } of refEntries.values()) itemNos.add(itemNo);
    const refs = await this.repository.references(sql, {
      itemNos: [...itemNos],
      locations: [...locations],
      itemCharges: [...charges],
      entryNos: [...refEntries.keys()],
    });
    return {
      items: new Set(refs.items.map((r) => r.no)),
      locations: new Set(refs.locations),
      itemCharges: new Map(refs.itemCharges.map((r) => [r.no, { genProdPostingGroup: r.genProdPostingGroup }])),
      entryQuantities: new Map([...refEntries].map(([no, e]) => [no, e.quantity])),
      amountPrecision: setup.precisions.amount,
      unitAmountPrecision: setup.precisions.unitAmount,
      itemGroups: new Map(refs.items.map((r) => [r.no, { inventoryPostingGroup: r.inventoryPostingGroup, genProdPostingGroup: r.genProdPostingGroup }])),
      inventoryPostingSetups: new Set(refs.inventoryPostingSetups.map((r) => setupKey(r.locationCode, r.inventoryPostingGroup))),
      generalPostingSetups: new Set(refs.generalPostingSetups.map((r) => setupKey(r.genBusPostingGroup, r.genProdPostingGroup))),
      referencedEntries: new Map(
        refs.entries.map((r) => [r.entryNo, { itemNo: r.itemNo, locationCode: r.locationCode, genBusPostingGroup: r.genBusPostingGroup }]),
      ),
    };
  }

  private async loadSnapshot(
    sql: SqlSession,
    itemNos: string[],
    needed: ReturnType<typeof openEntriesNeeded>,
    refs: number[],
    counters: Counters,
  ): Promise<LedgerSnapshot> {
    const items = await loadItems(sql, itemNos);
    const takingOrder = new Map(items.map((i) => [i.no, policyFor(i.costingMethod).takingOrder]));
    const limits = needed.demands.map((d) => ({ latestFirst: takingOrder.get(d.itemNo) === 'latestFirst', ...d }));
    const open = await loadOpenEntriesAt(sql, needed.wholeItems, needed.decreasesAt, limits);
    const referenced = await loadEntries(sql, refs);
    const invoiced = await loadInvoicedQuantities(sql, itemNos);
    const entries = new Map(open.map((e) => [e.entryNo, e]));
    for (const e of referenced) entries.set(e.entryNo, e);
    const entryNos = [...entries.keys()];
    const valueEntries = await loadValueEntriesOf(sql, entryNos);
    const costApplied = await loadCostAppliedQuantities(sql, entryNos);
    return {
      items,
      entries: [...entries.values()],
      valueEntries,
      costAppliedQuantity: costApplied,
      invoicedQuantityByItem: invoiced,
      counters: { itemLedgerEntry: counters.item_ledger_entry, valueEntry: counters.value_entry, itemApplicationEntry: counters.item_application_entry },
    };
  }
}

/** Writes what the engine changed, the item register, and the new counter values. */
export async function writePosting(
  sql: SqlSession,
  state: LedgerState,
  counters: Counters,
  registerNo: number,
  userId: string,
  sourceCode: string = SOURCE_CODES.itemJournal,
): Promise<void> {
  const changed = [...state.changedEntryNos].map((no) => state.entries.get(no) as ItemLedgerEntry);
  await insertItemLedgerEntries(sql, state.newEntries);
  await insertValueEntries(sql, state.newValueEntries, invoicedMoves(state.newEntries, changed, state.invoicedBefore));
  await insertApplicationEntries(sql, state.newApplications);
  await updateEntryBookkeeping(sql, changed);
  await updateValuationDates(sql, state.valuationDateChanges);
  await markEntryPoints(sql, [...state.entryPoints.values()]);
  await updateItems(
    sql,
    [...state.changedItems].map((no) => state.item(no)),
  );
  const first = (list: { entryNo: number }[]) => (list.length ? list[0].entryNo : 0);
  const last = (list: { entryNo: number }[]) => (list.length ? list[list.length - 1].entryNo : 0);
  await insertItemRegister(
    sql,
    registerNo,
    {
      fromEntryNo: first(state.newEntries),
      toEntryNo: last(state.newEntries),
      fromValueEntryNo: first(state.newValueEntries),
      toValueEntryNo: last(state.newValueEntries),
    },
    sourceCode,
    userId,
  );
  await saveCounters(sql, {
    item_ledger_entry: state.counters.itemLedgerEntry,
    value_entry: state.counters.valueEntry,
    item_application_entry: state.counters.itemApplicationEntry,
    item_register: registerNo,
  });
}
