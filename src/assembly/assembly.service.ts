import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Dec, parseDecimal } from '../common/decimal';
import { isIsoDate, type IsoDate } from '../common/dates';
import { ErrorDetail, ValidationError } from '../common/errors';
import { inTransaction } from '../database/sql-session';
import { AssemblyOrderOp, postAssemblyOrder } from '../costing/posting/posting-engine';
import { loadCostAppliedQuantities, loadEntries, loadInvoicedQuantities, loadItems, loadOpenEntries, loadValueEntriesOf } from '../ledgers/ledger-reader';
import { insertCapacityLedgerEntries, lockCounters, lockItems, saveCounters } from '../ledgers/ledger-writer';
import { writePosting } from '../item-journal/item-journal.service';
import { PostingFollowUps } from '../item-journal/posting-follow-ups';
import { refuseNegativeInventory } from '../item-journal/negative-inventory';
import { withCurrentClosedPeriod } from '../period-close/closed-period-guard';
import { loadCostingSetup } from '../setup/costing-setup';
import { AssemblyRepository } from './assembly.repository';

/** An assembly order as finance posts it: decimals as text, total quantities per line. */
export interface AssemblyInput {
  itemNo: string;
  quantity: string;
  postingDate: string;
  locationCode?: string;
  documentNo?: string;
  components: { itemNo: string; quantity: string; locationCode?: string; appliesToEntry?: number }[];
  resources?: { no: string; quantity: string; unitCost?: string }[];
}

export interface AssemblyReceipt {
  orderNo: string;
  itemRegisterNo: number;
  outputEntryNo: number;
  componentEntryNos: number[];
  capacityEntryNos: number[];
  followUps: string[];
}

/**
 * Posts an assembly order in one step (R95): validates it whole, locks the items, loads their
 * open entries in bulk, lets the pure posting engine value components, resources and output, and
 * writes everything in one transaction; automatic adjustment and G/L posting follow as after any
 * posting.
 */
@Injectable()
export class AssemblyService {
  constructor(
    private readonly orm: MikroORM,
    private readonly repository: AssemblyRepository,
    private readonly followUps: PostingFollowUps,
  ) {}

  async post(input: AssemblyInput, userId: string, options: { workDate?: IsoDate | null } = {}): Promise<AssemblyReceipt> {
    return inTransaction(this.orm, async (sql) => {
      const setupBeforeLock = await loadCostingSetup(sql, userId);
      const components = input.components ?? [];
      const resourceLines = input.resources ?? [];
      const itemNos = [input.itemNo, ...components.map((c) => c.itemNo)];
      const refs = components.flatMap((c) => (c.appliesToEntry !== undefined ? [c.appliesToEntry] : []));
      const [items, resources, locations, refItems] = [
        await this.repository.items(sql, itemNos),
        await this.repository.resources(
          sql,
          resourceLines.map((r) => r.no),
        ),
        await this.repository.locations(sql, [input.locationCode ?? '', ...components.map((c) => c.locationCode ?? '')]),
        await this.repository.entryItems(sql, refs),
      ];

      // The order is validated whole; every problem is named by its field.
      const problems: ErrorDetail[] = [];
      const fail = (field: string, message: string) => problems.push({ field, message });
      const quantity = (field: string, raw: unknown): Dec => {
        const d = parseDecimal(raw);
        if (!d || !d.greaterThan(0)) fail(field, `${JSON.stringify(raw)} is not a quantity greater than 0`);
        return d ?? new Dec(0);
      };
      if (!items.has(input.itemNo)) fail('itemNo', `Item ${input.itemNo} does not exist`);
      if (!isIsoDate(input.postingDate)) fail('postingDate', `'${String(input.postingDate)}' is not a date (YYYY-MM-DD)`);
      if (!locations.has(input.locationCode ?? '')) fail('locationCode', `Location ${input.locationCode} does not exist`);
      const outputQuantity = quantity('quantity', input.quantity);
      if (components.length === 0 && resourceLines.length === 0) fail('components', 'an assembly order needs at least one component or resource line');
      const componentLines = components.map((c, i) => {
        if (!items.has(c.itemNo)) fail(`components[${i}].itemNo`, `Item ${c.itemNo} does not exist`);
        if (c.itemNo === input.itemNo) fail(`components[${i}].itemNo`, `Item ${c.itemNo} cannot be a component of itself`);
        if (!locations.has(c.locationCode ?? input.locationCode ?? '')) fail(`components[${i}].locationCode`, `Location ${c.locationCode} does not exist`);
        if (c.appliesToEntry !== undefined && refItems.get(c.appliesToEntry) !== c.itemNo)
          fail(`components[${i}].appliesToEntry`, `Item ledger entry ${c.appliesToEntry} is not an entry of item ${c.itemNo}`);
        return {
          itemNo: c.itemNo,
          quantity: quantity(`components[${i}].quantity`, c.quantity),
          locationCode: c.locationCode ?? input.locationCode ?? '',
          appliesToEntry: c.appliesToEntry ?? null,
        };
      });
      const resourceCosts = resourceLines.map((r, i) => {
        const known = resources.get(r.no);
        const unitCost = r.unitCost !== undefined ? parseDecimal(r.unitCost) : null;
        if (r.unitCost !== undefined && (!unitCost || unitCost.lessThan(0)))
          fail(`resources[${i}].unitCost`, `${JSON.stringify(r.unitCost)} is not a unit cost`);
        if (!known && r.unitCost === undefined) fail(`resources[${i}].no`, `Resource ${r.no} does not exist; give its unitCost`);
        return {
          no: r.no,
          quantity: quantity(`resources[${i}].quantity`, r.quantity),
          directUnitCost: unitCost ?? known?.directUnitCost ?? new Dec(0),
          overheadPerUnit: known?.overheadPerUnit ?? new Dec(0),
          genProdPostingGroup: known?.genProdPostingGroup ?? 'RETAIL',
        };
      });
      if (problems.length) throw ValidationError.of(problems);

      await lockItems(sql, itemNos);
      // Under the item locks, as for journal lines: components may not take stock below zero where it is prevented.
      await refuseNegativeInventory(
        sql,
        componentLines.map((c, i) => ({
          kind: 'line',
          lineNo: i + 1,
          postingDate: input.postingDate,
          documentNo: '',
          entryType: 'AssemblyConsumption',
          itemNo: c.itemNo,
          quantity: c.quantity,
          unitCost: null,
          amount: null,
          locationCode: c.locationCode,
          variantCode: '',
          newLocationCode: null,
          invoice: true,
          appliesToEntry: c.appliesToEntry,
          appliesFromEntry: null,
          serialNo: null,
          lotNo: null,
          genBusPostingGroup: '',
        })),
      );
      const counters = await lockCounters(sql);
      const setup = await withCurrentClosedPeriod(sql, setupBeforeLock);
      const registerNo = counters.item_register + 1;
      const orderNo = input.documentNo || `ASM${String(registerNo).padStart(6, '0')}`;
      const op: AssemblyOrderOp = {
        kind: 'assembly',
        lineNo: 1,
        orderNo,
        documentNo: orderNo,
        postingDate: input.postingDate,
        itemNo: input.itemNo,
        quantity: outputQuantity,
        locationCode: input.locationCode ?? '',
        components: componentLines,
        resources: resourceCosts,
      };

      const uniqueItems = [...new Set(itemNos)];
      const open = await loadOpenEntries(sql, uniqueItems);
      const entries = new Map(open.map((e) => [e.entryNo, e]));
      for (const e of await loadEntries(sql, refs)) entries.set(e.entryNo, e);
      const entryNos = [...entries.keys()];
      const { state, posted } = postAssemblyOrder(
        {
          items: await loadItems(sql, uniqueItems),
          entries: [...entries.values()],
          valueEntries: await loadValueEntriesOf(sql, entryNos),
          costAppliedQuantity: await loadCostAppliedQuantities(sql, entryNos),
          invoicedQuantityByItem: await loadInvoicedQuantities(sql, uniqueItems),
          counters: { itemLedgerEntry: counters.item_ledger_entry, valueEntry: counters.value_entry, itemApplicationEntry: counters.item_application_entry },
        },
        op,
        { precisions: setup.precisions, window: setup.window, calendar: setup.calendar, userId },
        counters.capacity_ledger_entry + 1,
      );
      await writePosting(sql, state, counters, registerNo, userId, 'ASSEMBLY');
      await insertCapacityLedgerEntries(sql, posted.capacityEntries);
      if (posted.capacityEntries.length) await saveCounters(sql, { capacity_ledger_entry: posted.capacityEntries[posted.capacityEntries.length - 1].entryNo });
      const followUps = await this.followUps.afterPosting(sql, setup, state, [], options.workDate ?? null);
      return {
        orderNo,
        itemRegisterNo: registerNo,
        outputEntryNo: posted.output.entryNo,
        componentEntryNos: posted.components.map((e) => e.entryNo),
        capacityEntryNos: posted.capacityEntries.map((c) => c.entryNo),
        followUps,
      };
    });
  }
}
