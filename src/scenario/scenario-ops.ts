/**
 * What each scenario op does, in terms of the service's own modules. An op that is not in this
 * table is refused before the run starts ("op X is not available yet").
 */
import type { INestApplicationContext } from '@nestjs/common';
import type { IsoDate } from '../common/dates';
import { InventoryPeriodsService } from '../period-close/inventory-periods.service';
import { InventoryCostPostingService, PostingMethod } from '../posting/inventory-cost-posting.service';
import type { AdjustOptions, AdjustSummary } from '../adjustment/adjustment.service';
import type { PostingReceipt } from '../item-journal/item-journal.service';
import type { PostingInput } from '../item-journal/journal-input';
import { Dec, parseDecimal } from '../common/decimal';
import type { CalculatePer } from '../costing/revaluation/calculate-inventory-value';
import { lineToRow, RevaluationService } from '../valuation/revaluation.service';
import { ReportService } from '../reports/report.service';
import type { Row } from './result-document';
import type { WorksheetLine } from '../costing/standard-cost/standard-cost-worksheet';
import { StandardCostService } from '../valuation/standard-cost/standard-cost.service';
import { AssemblyService } from '../assembly/assembly.service';
import { ProductionService } from '../production/production.service';
import type { Step } from './scenario-format';

export interface ScenarioOpContext {
  readonly app: INestApplicationContext;
  readonly userId: string;
  workDate: IsoDate | null;
  entryNo(ref: string): number;
  name(ref: string, entryNo: number): void;
  nameCapacityEntry(ref: string, entryNo: number): void;
  nameOrder(ref: string, orderNo: string): void;
  /** The order number behind an order ref. */
  orderNo(ref: string): string;
  post(inputs: PostingInput[], postingDate: IsoDate): Promise<PostingReceipt>;
  applySetup(setup: Record<string, unknown>, initial: boolean): Promise<void>;
  adjustCost(options: AdjustOptions): Promise<AdjustSummary>;
  revaluation(): RevaluationService;
  refOf(entryNo: number): string | null;
  record(as: string, rows: Row[]): void;
  snapshot(name: string): Promise<void>;
}

type Op = (step: Step, ctx: ScenarioOpContext) => Promise<void>;

const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
const decimal = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
const dec = (v: unknown): Dec => parseDecimal(v) as Dec;

export const SCENARIO_OPS: Record<string, Op> = {
  async post(step, ctx) {
    const receipt = await ctx.post(
      [
        {
          entryType: String(step.entryType),
          itemNo: String(step.item),
          postingDate: String(step.postingDate),
          quantity: decimal(step.quantity) as string,
          unitCost: decimal(step.unitCost),
          amount: decimal(step.amount),
          locationCode: str(step.location) ?? '',
          newLocationCode: str(step.newLocation),
          variantCode: str(step.variant) ?? '',
          invoice: step.invoice as boolean | undefined,
          appliesToEntry: step.appliesTo !== undefined ? ctx.entryNo(String(step.appliesTo)) : undefined,
          appliesFromEntry: step.appliesFrom !== undefined ? ctx.entryNo(String(step.appliesFrom)) : undefined,
          serialNo: str(step.serialNo),
          lotNo: str(step.lotNo),
          genBusPostingGroup: str(step.genBusPostingGroup) ?? '',
          documentNo: str(step.documentNo),
        },
      ],
      String(step.postingDate),
    );
    const [created] = receipt.lines;
    ctx.name(String(step.ref), created.itemLedgerEntryNos[0]);
    if (step.entryType === 'Transfer') ctx.name(str(step.refIn) ?? `${String(step.ref)}/in`, created.itemLedgerEntryNos[1]);
  },

  async invoice(step, ctx) {
    await ctx.post(
      [
        {
          kind: 'invoice',
          itemLedgerEntryNo: ctx.entryNo(String(step.ref)),
          postingDate: String(step.postingDate),
          quantity: decimal(step.quantity),
          unitCost: decimal(step.unitCost),
        },
      ],
      String(step.postingDate),
    );
  },

  async itemCharge(step, ctx) {
    const assignments = Array.isArray(step.appliesTo)
      ? (step.appliesTo as { ref: string; amount?: unknown }[]).map((a) => ({ itemLedgerEntryNo: ctx.entryNo(a.ref), amount: decimal(a.amount) }))
      : [{ itemLedgerEntryNo: ctx.entryNo(String(step.appliesTo)) }];
    await ctx.post(
      [{ kind: 'itemCharge', itemChargeNo: String(step.itemCharge), postingDate: String(step.postingDate), amount: decimal(step.amount), assignments }],
      String(step.postingDate),
    );
  },

  async undo(step, ctx) {
    const receipt = await ctx.post(
      [{ kind: 'undo', itemLedgerEntryNo: ctx.entryNo(String(step.ref)), postingDate: String(step.postingDate) }],
      String(step.postingDate),
    );
    ctx.name(str(step.undoRef) ?? `${String(step.ref)}/undo`, receipt.lines[0].itemLedgerEntryNos[0]);
  },

  async adjustCost(step, ctx) {
    await ctx.adjustCost({ items: (step.items as string[] | undefined) ?? null, upTo: (step.upTo as IsoDate | undefined) ?? null });
  },

  async revalue(step, ctx) {
    await ctx.revaluation().revalue(
      {
        asOf: String(step.postingDate),
        itemNos: [String(step.item)],
        calculatePer: (step.calculatePer as CalculatePer | undefined) ?? 'Item',
        locationCode: str(step.location) ?? null,
        variantCode: str(step.variant) ?? null,
        appliesToEntry: step.appliesTo !== undefined ? ctx.entryNo(String(step.appliesTo)) : null,
        unitCostRevalued: step.unitCostRevalued !== undefined ? dec(step.unitCostRevalued) : null,
        inventoryValueRevalued: step.inventoryValueRevalued !== undefined ? dec(step.inventoryValueRevalued) : null,
      },
      ctx.userId,
    );
  },

  async calculateInventoryValue(step, ctx) {
    const lines = await ctx.revaluation().calculate(
      {
        asOf: String(step.postingDate),
        itemNos: step.item !== undefined ? [String(step.item)] : null,
        calculatePer: (step.calculatePer as CalculatePer | undefined) ?? 'Item',
        locationCode: str(step.location) ?? null,
        variantCode: str(step.variant) ?? null,
      },
      ctx.userId,
    );
    ctx.record(
      String(step.as),
      lines.map((l) => lineToRow(l, (no) => ctx.refOf(no))),
    );
  },

  async setStandardCost(step, ctx) {
    await ctx.revaluation().setStandardCost(String(step.item), dec(step.standardCost), String(step.postingDate), step.revalue !== false, ctx.userId);
  },

  async postInventoryCostToGL(step, ctx) {
    await ctx.app
      .get(InventoryCostPostingService)
      .post(ctx.userId, { method: (step.method as PostingMethod | undefined) ?? 'PerEntry', documentNo: str(step.documentNo) ?? null });
  },

  async closeInventoryPeriod(step, ctx) {
    await ctx.app.get(InventoryPeriodsService).close(String(step.endingDate), ctx.userId);
  },

  async reopenInventoryPeriod(step, ctx) {
    await ctx.app.get(InventoryPeriodsService).reopen(String(step.endingDate), ctx.userId);
  },

  async report(step, ctx) {
    const { op: _op, expectError: _e, name, as, ...options } = step;
    ctx.record(String(as), await ctx.app.get(ReportService).rows(String(name), options, ctx.userId));
  },

  async productionOrder(step, ctx) {
    const { orderNo } = await ctx.app.get(ProductionService).createOrder({
      itemNo: String(step.item),
      quantity: decimal(step.quantity) as string,
      dueDate: String(step.postingDate),
      locationCode: str(step.location),
    });
    ctx.nameOrder(String(step.ref), orderNo);
  },

  async consume(step, ctx) {
    const receipt = await ctx.app.get(ProductionService).consume(
      {
        orderNo: ctx.orderNo(String(step.order)),
        itemNo: String(step.item),
        quantity: decimal(step.quantity) as string,
        postingDate: String(step.postingDate),
        locationCode: str(step.location),
        appliesToEntry: step.appliesTo !== undefined ? ctx.entryNo(String(step.appliesTo)) : undefined,
        appliesFromEntry: step.appliesFrom !== undefined ? ctx.entryNo(String(step.appliesFrom)) : undefined,
      },
      ctx.userId,
      { workDate: ctx.workDate ?? String(step.postingDate) },
    );
    ctx.name(String(step.ref), receipt.itemLedgerEntryNo as number);
  },

  async capacity(step, ctx) {
    const receipt = await ctx.app.get(ProductionService).capacity(
      {
        orderNo: ctx.orderNo(String(step.order)),
        workCenterNo: String(step.workCenter),
        quantity: decimal(step.quantity) as string,
        postingDate: String(step.postingDate),
        unitCost: decimal(step.unitCost),
      },
      ctx.userId,
      { workDate: ctx.workDate ?? String(step.postingDate) },
    );
    ctx.nameCapacityEntry(String(step.ref), receipt.capacityLedgerEntryNo as number);
  },

  async output(step, ctx) {
    const receipt = await ctx.app.get(ProductionService).output(
      {
        orderNo: ctx.orderNo(String(step.order)),
        quantity: decimal(step.quantity) as string,
        postingDate: String(step.postingDate),
        locationCode: str(step.location),
        appliesToEntry: step.appliesTo !== undefined ? ctx.entryNo(String(step.appliesTo)) : undefined,
      },
      ctx.userId,
      { workDate: ctx.workDate ?? String(step.postingDate) },
    );
    ctx.name(String(step.ref), receipt.itemLedgerEntryNo as number);
  },

  async finishProductionOrder(step, ctx) {
    await ctx.app.get(ProductionService).finish(ctx.orderNo(String(step.order)), String(step.postingDate), ctx.userId);
  },

  async assemble(step, ctx) {
    const ref = String(step.ref);
    const components = (step.components as Record<string, unknown>[]).map((c) => ({
      itemNo: String(c.item),
      quantity: decimal(c.quantity) as string,
      locationCode: str(c.location),
      appliesToEntry: c.appliesTo !== undefined ? ctx.entryNo(String(c.appliesTo)) : undefined,
    }));
    const resources = ((step.resources as Record<string, unknown>[] | undefined) ?? []).map((r) => ({
      no: String(r.no),
      quantity: decimal(r.quantity) as string,
      unitCost: decimal(r.unitCost),
    }));
    const receipt = await ctx.app.get(AssemblyService).post(
      {
        itemNo: String(step.item),
        quantity: decimal(step.quantity) as string,
        postingDate: String(step.postingDate),
        locationCode: str(step.location),
        components,
        resources,
      },
      ctx.userId,
      { workDate: ctx.workDate ?? String(step.postingDate) },
    );
    ctx.name(ref, receipt.outputEntryNo);
    ctx.nameOrder(ref, receipt.orderNo);
    (step.components as Record<string, unknown>[]).forEach((c, i) => ctx.name(str(c.ref) ?? `${ref}/${String(c.item)}`, receipt.componentEntryNos[i]));
    ((step.resources as Record<string, unknown>[] | undefined) ?? []).forEach((r, i) =>
      ctx.nameCapacityEntry(str(r.ref) ?? `${ref}/${String(r.no)}`, receipt.capacityEntryNos[i]),
    );
  },

  async calculateStandardCost(step, ctx) {
    await ctx.app.get(StandardCostService).calculate(String(step.item), (step.level as 'SingleLevel' | 'AllLevels' | undefined) ?? 'SingleLevel', ctx.userId);
  },

  async implementStandardCostChange(step, ctx) {
    await ctx.app.get(StandardCostService).implement(
      {
        postingDate: String(step.postingDate),
        lines: (step.lines as Record<string, unknown>[]).map(worksheetLine),
        rollUp: step.rollUp !== false,
        revalue: step.revalue !== false,
        documentNo: str(step.documentNo) ?? null,
      },
      ctx.userId,
    );
  },

  async setup(step, ctx) {
    const { op: _op, expectError: _e, ...setup } = step;
    await ctx.applySetup(setup, false);
  },

  async snapshot(step, ctx) {
    await ctx.snapshot(String(step.name));
  },
};

function worksheetLine(line: Record<string, unknown>): WorksheetLine {
  if (line.item !== undefined) return { item: String(line.item), newStandardCost: dec(line.newStandardCost) };
  const costs = {
    newDirectUnitCost: line.newDirectUnitCost !== undefined ? dec(line.newDirectUnitCost) : undefined,
    newIndirectCostPercent: line.newIndirectCostPercent !== undefined ? dec(line.newIndirectCostPercent) : undefined,
    newOverheadRate: line.newOverheadRate !== undefined ? dec(line.newOverheadRate) : undefined,
  };
  return line.workCenter !== undefined ? { workCenter: String(line.workCenter), ...costs } : { resource: String(line.resource), ...costs };
}

export function availableOps(): Set<string> {
  return new Set(Object.keys(SCENARIO_OPS));
}
