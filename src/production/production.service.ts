import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Dec, parseDecimal, roundTo } from '../common/decimal';
import { isIsoDate, type IsoDate } from '../common/dates';
import { ConflictError, ErrorDetail, NotFoundError, ValidationError } from '../common/errors';
import { inTransaction, SqlSession, withSession } from '../database/sql-session';
import type { JournalLineOp } from '../costing/posting/operations';
import { postCapacityLine } from '../costing/posting/posting-engine';
import { itemsOfEntries, loadItems } from '../ledgers/ledger-reader';
import { insertCapacityLedgerEntries, lockCounters, saveCounters } from '../ledgers/ledger-writer';
import { ItemJournalService, PostingReceipt, writePosting } from '../item-journal/item-journal.service';
import { PostingFollowUps } from '../item-journal/posting-follow-ups';
import { withCurrentClosedPeriod } from '../period-close/closed-period-guard';
import { CostingSetup, loadCostingSetup } from '../setup/costing-setup';
import { ProductionOrderRow, ProductionRepository } from './production.repository';

export interface CreateProductionOrderInput {
  itemNo: string;
  quantity: string;
  dueDate: string;
  locationCode?: string;
}

export interface ConsumptionInput {
  orderNo: string;
  itemNo: string;
  /** Positive consumes; negative returns material (inbound). */
  quantity: string;
  postingDate: string;
  locationCode?: string;
  appliesToEntry?: number;
  appliesFromEntry?: number;
}

export interface CapacityInput {
  orderNo: string;
  workCenterNo: string;
  quantity: string;
  postingDate: string;
  /** The invoiced direct unit cost (subcontracting), else the work center's. */
  unitCost?: string;
}

export interface OutputInput {
  orderNo: string;
  /** Positive posts output; negative reverses it and needs appliesToEntry. */
  quantity: string;
  postingDate: string;
  locationCode?: string;
  appliesToEntry?: number;
}

export interface OrderPostingReceipt {
  orderNo: string;
  itemLedgerEntryNo: number | null;
  capacityLedgerEntryNo: number | null;
  followUps: string[];
}

/**
 * Production orders (R92–R94; design-details-production-order-posting.md): released from an item
 * and a quantity, then consumption (Inventory → WIP), capacity (WIP against Direct Cost Applied and
 * Overhead Applied) and output at expected cost (Inventory (Interim) against WIP) posted to it, and
 * finished. The next cost adjustment invoices a finished order (order-level, R79, R94).
 */
@Injectable()
export class ProductionService {
  constructor(
    private readonly orm: MikroORM,
    private readonly repository: ProductionRepository,
    private readonly itemJournal: ItemJournalService,
    private readonly followUps: PostingFollowUps,
  ) {}

  async createOrder(input: CreateProductionOrderInput): Promise<{ orderNo: string }> {
    return inTransaction(this.orm, async (sql) => {
      const problems: ErrorDetail[] = [];
      const quantity = parseDecimal(input.quantity);
      if (!quantity || !quantity.greaterThan(0))
        problems.push({ field: 'quantity', message: `${JSON.stringify(input.quantity)} is not a quantity greater than 0` });
      if (!isIsoDate(input.dueDate)) problems.push({ field: 'dueDate', message: `'${String(input.dueDate)}' is not a date (YYYY-MM-DD)` });
      if (!(await this.repository.itemExists(sql, input.itemNo))) problems.push({ field: 'itemNo', message: `Item ${input.itemNo} does not exist` });
      if (!(await this.repository.locationExists(sql, input.locationCode ?? '')))
        problems.push({ field: 'locationCode', message: `Location ${input.locationCode} does not exist` });
      if (problems.length) throw ValidationError.of(problems);
      const status = await this.repository.uncertifiedBom(sql, input.itemNo);
      if (status) throw new ConflictError(`Item ${input.itemNo}: its production BOM is ${status}, not Certified; it cannot be released`);
      const orderNo = await this.repository.nextOrderNo(sql);
      await this.repository.create(sql, orderNo, input.itemNo, quantity as Dec, input.locationCode ?? '', input.dueDate);
      return { orderNo };
    });
  }

  /** The order, its planned components and routing (copied at release), and the cost posted to it so far. */
  async get(orderNo: string): Promise<Record<string, unknown>> {
    const order = await withSession(this.orm, (sql) => this.repository.detail(sql, orderNo));
    if (!order) throw new NotFoundError(`Production order ${orderNo} does not exist`);
    return order;
  }

  /** Consumption: a decrease of the component valued like any decrease of its costing method (R101). */
  async consume(input: ConsumptionInput, userId: string, options: { workDate?: IsoDate | null } = {}): Promise<OrderPostingReceipt> {
    return inTransaction(this.orm, async (sql) => {
      const { order, setup } = await this.releasedOrder(sql, input.orderNo, userId);
      const quantity = this.quantity(input.quantity);
      if (!(await this.repository.itemExists(sql, input.itemNo))) throw ValidationError.at(undefined, 'itemNo', `Item ${input.itemNo} does not exist`);
      const line = this.line(order, input.postingDate, 'Consumption', input.itemNo, quantity, input.locationCode, {
        appliesToEntry: input.appliesToEntry ?? null,
        appliesFromEntry: input.appliesFromEntry ?? null,
        amount: null,
        invoice: true,
      });
      const receipt = await this.postLine(sql, line, setup, userId, options);
      return { orderNo: order.no, itemLedgerEntryNo: receipt.lines[0].itemLedgerEntryNos[0], capacityLedgerEntryNo: null, followUps: receipt.followUps };
    });
  }

  /** Output at expected cost = quantity × the order's unit cost, for every costing method (R64, R94). */
  async output(input: OutputInput, userId: string, options: { workDate?: IsoDate | null } = {}): Promise<OrderPostingReceipt> {
    return inTransaction(this.orm, async (sql) => {
      const { order, setup } = await this.releasedOrder(sql, input.orderNo, userId);
      const quantity = this.quantity(input.quantity);
      if (quantity.lessThan(0) && input.appliesToEntry === undefined)
        throw ValidationError.at(undefined, 'appliesTo', 'a negative output reverses an output entry: name it in appliesTo');
      const line = this.line(order, input.postingDate, 'Output', order.itemNo, quantity, input.locationCode, {
        appliesToEntry: input.appliesToEntry ?? null,
        appliesFromEntry: null,
        amount: quantity.greaterThan(0) ? roundTo(quantity.times(order.unitCost), setup.precisions.amount) : null,
        invoice: false,
      });
      const receipt = await this.postLine(sql, line, setup, userId, options);
      return { orderNo: order.no, itemLedgerEntryNo: receipt.lines[0].itemLedgerEntryNos[0], capacityLedgerEntryNo: null, followUps: receipt.followUps };
    });
  }

  /** Setup and run time (or units) of a work center for the order: a capacity ledger entry and its value entries (R93, R102). */
  async capacity(input: CapacityInput, userId: string, options: { workDate?: IsoDate | null } = {}): Promise<OrderPostingReceipt> {
    return inTransaction(this.orm, async (sql) => {
      const { order, setup: before } = await this.releasedOrder(sql, input.orderNo, userId);
      const quantity = this.quantity(input.quantity);
      const center = await this.repository.workCenter(sql, input.workCenterNo);
      if (!center) throw ValidationError.at(undefined, 'workCenter', `Work center ${input.workCenterNo} does not exist`);
      const unitCost = input.unitCost !== undefined ? parseDecimal(input.unitCost) : null;
      if (input.unitCost !== undefined && (!unitCost || unitCost.lessThan(0)))
        throw ValidationError.at(undefined, 'unitCost', `${JSON.stringify(input.unitCost)} is not a unit cost`);
      const direct = unitCost ?? center.directUnitCost;
      // A subcontractor's indirect % and overhead rate are added to its price (subcontract-prices.md).
      const overheadPerUnit = (center.subcontracting ? direct : center.directUnitCost).times(center.indirectCostPercent).div(100).plus(center.overheadRate);
      const counters = await lockCounters(sql);
      const setup = await withCurrentClosedPeriod(sql, before);
      const registerNo = counters.item_register + 1;
      const { state, capacity } = postCapacityLine(
        {
          items: await loadItems(sql, [order.itemNo]),
          entries: [],
          valueEntries: [],
          costAppliedQuantity: new Map(),
          invoicedQuantityByItem: new Map(),
          counters: { itemLedgerEntry: counters.item_ledger_entry, valueEntry: counters.value_entry, itemApplicationEntry: counters.item_application_entry },
        },
        {
          kind: 'capacity',
          lineNo: 1,
          orderNo: order.no,
          documentNo: order.no,
          postingDate: input.postingDate,
          type: 'WorkCenter',
          no: center.no,
          quantity,
          directUnitCost: direct,
          overheadPerUnit,
          subcontracting: center.subcontracting,
          genProdPostingGroup: center.genProdPostingGroup,
          itemNo: order.itemNo,
          locationCode: order.locationCode,
        },
        { precisions: setup.precisions, window: setup.window, calendar: setup.calendar, userId },
        counters.capacity_ledger_entry + 1,
      );
      await writePosting(sql, state, counters, registerNo, userId, 'CAPJNL');
      await insertCapacityLedgerEntries(sql, [capacity]);
      await saveCounters(sql, { capacity_ledger_entry: capacity.entryNo });
      const followUps = await this.followUps.afterPosting(sql, setup, state, [], options.workDate ?? null);
      return { orderNo: order.no, itemLedgerEntryNo: null, capacityLedgerEntryNo: capacity.entryNo, followUps };
    });
  }

  /** Finish (R94): posts nothing; the next adjustment invoices the order. */
  async finish(orderNo: string, finishedDate: string, userId: string): Promise<void> {
    await inTransaction(this.orm, async (sql) => {
      const { order } = await this.releasedOrder(sql, orderNo, userId);
      if (!isIsoDate(finishedDate)) throw ValidationError.at(undefined, 'postingDate', `'${finishedDate}' is not a date (YYYY-MM-DD)`);
      await this.repository.finish(sql, order, finishedDate);
    });
  }

  private async releasedOrder(sql: SqlSession, orderNo: string, userId: string): Promise<{ order: ProductionOrderRow; setup: CostingSetup }> {
    const setup = await loadCostingSetup(sql, userId);
    const order = await this.repository.order(sql, orderNo);
    if (!order) throw new NotFoundError(`Production order ${orderNo} does not exist`);
    if (order.status !== 'Released') throw new ConflictError(`Production order ${orderNo} is finished: nothing more can be posted to it`);
    return { order, setup };
  }

  private quantity(raw: string): Dec {
    const quantity = parseDecimal(raw);
    if (!quantity || quantity.isZero()) throw ValidationError.at(undefined, 'quantity', `${JSON.stringify(raw)} is not a quantity other than 0`);
    return quantity;
  }

  private line(
    order: ProductionOrderRow,
    postingDate: string,
    entryType: 'Consumption' | 'Output',
    itemNo: string,
    quantity: Dec,
    locationCode: string | undefined,
    rest: Pick<JournalLineOp, 'appliesToEntry' | 'appliesFromEntry' | 'amount' | 'invoice'>,
  ): JournalLineOp {
    if (!isIsoDate(postingDate)) throw ValidationError.at(undefined, 'postingDate', `'${postingDate}' is not a date (YYYY-MM-DD)`);
    return {
      kind: 'line',
      lineNo: 1,
      postingDate,
      documentNo: order.no,
      entryType,
      itemNo,
      quantity,
      unitCost: null,
      locationCode: locationCode ?? order.locationCode,
      variantCode: '',
      newLocationCode: null,
      serialNo: null,
      lotNo: null,
      genBusPostingGroup: '',
      orderNo: order.no,
      ...rest,
    };
  }

  private async postLine(
    sql: SqlSession,
    line: JournalLineOp,
    setup: CostingSetup,
    userId: string,
    options: { workDate?: IsoDate | null },
  ): Promise<PostingReceipt> {
    if (!(await this.repository.locationExists(sql, line.locationCode)))
      throw ValidationError.at(undefined, 'location', `Location ${line.locationCode} does not exist`);
    const refs = [line.appliesToEntry, line.appliesFromEntry].filter((n): n is number => n !== null);
    const refEntries = await itemsOfEntries(sql, refs);
    for (const no of refs) {
      const entry = refEntries.get(no);
      if (!entry || entry.itemNo !== line.itemNo)
        throw ValidationError.at(undefined, 'appliesTo', `Item ledger entry ${no} is not an entry of item ${line.itemNo}`);
    }
    return this.itemJournal.postOperationsIn(
      sql,
      [line],
      refs,
      [...refEntries.values()].map((e) => e.itemNo),
      setup,
      userId,
      options,
    );
  }
}
