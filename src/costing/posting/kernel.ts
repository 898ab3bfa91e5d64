/**
 * The posting kernel: the ledger state a batch works on and the few things every operation does
 * with it — create an item ledger entry, write a value entry, flag an increase for adjustment
 * (R40), mark an item and its average-cost entry point unadjusted, check a valuation date (R118).
 * The operations (operations/*.ts) and the application rules (application.ts) are built on it; a
 * costing method's decisions come from its policy (../methods).
 */
import { Dec, roundTo, ZERO } from '../../common/decimal';
import type { IsoDate } from '../../common/dates';
import { PostingRefusedError, ValidationError } from '../../common/errors';
import { periodEnd, PeriodCalendar } from '../average-cost-period';
import { CostingMethodPolicy, IncreaseCost, policyFor } from '../methods';
import { valuationDateRefusal } from '../posting-window';
import {
  CostingItem,
  ItemLedgerEntry,
  ItemLedgerEntryType,
  PostingWindow,
  Precisions,
  SOURCE_CODES,
  ValueEntry,
  ValueEntryType,
  VarianceType,
  orderTypeOf,
} from '../types';
import type { LedgerState } from './ledger-state';
import type { JournalLineOp, OperationResult } from './operations';

export interface PostingContext {
  precisions: Precisions;
  window: PostingWindow;
  calendar: PeriodCalendar;
  userId: string;
}

export interface ValueFields {
  valuationDate: IsoDate;
  entryType: ValueEntryType;
  varianceType?: VarianceType | null;
  documentNo?: string;
  itemChargeNo?: string | null;
  valuedQuantity?: Dec;
  itemLedgerEntryQuantity?: Dec;
  invoicedQuantity?: Dec;
  costAmountActual?: Dec;
  costAmountExpected?: Dec;
  expectedCost?: boolean;
  valuedByAverageCost?: boolean;
  genProdPostingGroup?: string;
}

export class PostingKernel {
  /** What the operation being posted created. */
  current: OperationResult = { lineNo: 0, itemLedgerEntryNos: [], valueEntryNos: [] };

  constructor(
    readonly state: LedgerState,
    readonly ctx: PostingContext,
  ) {}

  begin(lineNo: number): void {
    this.current = { lineNo, itemLedgerEntryNos: [], valueEntryNos: [] };
  }

  policy(item: CostingItem): CostingMethodPolicy {
    return policyFor(item.costingMethod);
  }

  newEntry(op: JournalLineOp, item: CostingItem, locationCode: string, quantity: Dec, invoiced: boolean): ItemLedgerEntry {
    const entry = this.state.addEntry({
      itemNo: item.no,
      variantCode: op.variantCode,
      locationCode,
      postingDate: op.postingDate,
      entryType: op.entryType,
      documentNo: op.documentNo,
      quantity,
      remainingQuantity: quantity,
      invoicedQuantity: invoiced ? quantity : ZERO,
      open: true,
      positive: quantity.greaterThan(0),
      correction: op.correction ?? false,
      appliesToEntry: op.appliesToEntry,
      serialNo: op.serialNo,
      lotNo: op.lotNo,
      appliedEntryToAdjust: false,
      genBusPostingGroup: op.genBusPostingGroup,
      directUnitCost: null,
      orderNo: op.orderNo ?? null,
    });
    this.current.itemLedgerEntryNos.push(entry.entryNo);
    if (invoiced) this.addInvoicedQuantity(item, quantity);
    return entry;
  }

  /** R19 (Specific): a serial or lot number on every line; a serial number is one unit. */
  checkTracking(op: JournalLineOp, item: CostingItem, quantity: Dec): void {
    if (this.policy(item).requiresTracking && !op.serialNo && !op.lotNo) {
      throw ValidationError.at(op.lineNo, 'serialNo', `Item ${item.no} uses ${item.costingMethod} costing: a serial or lot number is required (R19)`);
    }
    if (op.serialNo && !quantity.abs().eq(1)) {
      throw ValidationError.at(op.lineNo, 'quantity', `A line with serial number ${op.serialNo} must have quantity 1 or -1`);
    }
  }

  /** Indirect cost (R78) and purchase variance (R77) of an invoiced increase. */
  addIndirectAndVariance(
    entry: ItemLedgerEntry,
    item: CostingItem,
    postingDate: IsoDate,
    valuationDate: IsoDate,
    qty: Dec,
    indirect: Dec,
    variance: Dec,
  ): void {
    if (!indirect.isZero()) {
      this.addValue(entry, item, postingDate, {
        valuationDate,
        entryType: 'IndirectCost',
        valuedQuantity: qty,
        invoicedQuantity: qty,
        costAmountActual: indirect,
      });
    }
    if (!variance.isZero()) {
      this.addValue(entry, item, postingDate, {
        valuationDate,
        entryType: 'Variance',
        varianceType: 'Purchase',
        valuedQuantity: qty,
        invoicedQuantity: qty,
        costAmountActual: variance,
      });
    }
  }

  /**
   * R23, case 2: an invoiced purchase sets Last Direct Cost; Unit Cost takes it when the item had
   * none or its net invoiced quantity turns positive. A Standard item's Unit Cost stays its
   * standard cost (its policy says so).
   */
  updateUnitCostOnIncrease(item: CostingItem, entryType: ItemLedgerEntryType, qty: Dec, cost: IncreaseCost): void {
    if (!this.policy(item).unitCostFollowsPurchases || (entryType !== 'Purchase' && entryType !== 'PositiveAdjmt')) return;
    const prec = this.ctx.precisions.unitAmount;
    if (entryType === 'Purchase' && cost.directUnitCost) {
      item.lastDirectCost = cost.directUnitCost;
      this.state.changeItem(item);
    }
    const before = this.state.invoicedQuantity(item.no).minus(qty);
    const after = this.state.invoicedQuantity(item.no);
    if (item.unitCost.isZero() || (!before.greaterThan(0) && after.greaterThan(0))) {
      const newUnitCost = entryType === 'Purchase' ? item.lastDirectCost : roundTo(cost.direct.plus(cost.indirect).div(qty), prec);
      if (!newUnitCost.isZero()) {
        item.unitCost = newUnitCost;
        this.state.changeItem(item);
      }
    }
  }

  existingEntry(lineNo: number, field: string, entryNo: number): ItemLedgerEntry {
    const entry = this.state.entries.get(entryNo);
    if (!entry) throw ValidationError.at(lineNo, field, `Item ledger entry ${entryNo} does not exist`);
    return entry;
  }

  checkSameSku(lineNo: number, field: string, entry: ItemLedgerEntry, other: ItemLedgerEntry): void {
    if (other.itemNo !== entry.itemNo) {
      throw ValidationError.at(lineNo, field, `Item ledger entry ${other.entryNo} is for item ${other.itemNo}, not ${entry.itemNo}`);
    }
    if (other.locationCode !== entry.locationCode || other.variantCode !== entry.variantCode) {
      throw ValidationError.at(
        lineNo,
        field,
        `Item ledger entry ${other.entryNo} is at location ${other.locationCode || '(blank)'}, variant ${other.variantCode || '(blank)'}; the line is at ${entry.locationCode || '(blank)'}, ${entry.variantCode || '(blank)'}`,
      );
    }
  }

  checkValuationDate(lineNo: number, valuationDate: IsoDate): void {
    const refusal = valuationDateRefusal(this.ctx.window, valuationDate);
    if (refusal) throw PostingRefusedError.at(lineNo, 'postingDate', refusal);
  }

  /**
   * Valuation date of an entry: that of its first value entry; with `latest`, the latest of all
   * its value entries (R57 rule 3 looks at every value entry of the increases applied to).
   */
  valuationDateOf(entry: ItemLedgerEntry, latest = false): IsoDate {
    const values = this.state.valueEntriesOf(entry.entryNo);
    if (values.length === 0) return entry.postingDate;
    if (!latest) return values[0].valuationDate;
    let date = values[0].valuationDate;
    for (const v of values) if (v.valuationDate > date) date = v.valuationDate;
    return date;
  }

  /**
   * R25, R35: `recipient` takes its cost from `source` — a cost application (Appl.-from, an undone
   * shipment) or a transfer's receiving leg from its sending leg. The recipient is flagged (R40.1)
   * whatever its cost: the source now passes its cost on, so it keeps its cost types
   * (outboundTarget), and only this flag brings the adjustment to it.
   */
  linkToSource(recipient: ItemLedgerEntry, source: ItemLedgerEntry, kind: 'costApplication' | 'transfer'): void {
    this.state.addApplication({
      itemLedgerEntryNo: recipient.entryNo,
      inboundItemEntryNo: recipient.entryNo,
      outboundItemEntryNo: source.entryNo,
      quantity: recipient.quantity,
      postingDate: recipient.postingDate,
      costApplication: kind === 'costApplication',
      transferredFromEntryNo: kind === 'transfer' ? source.entryNo : null,
    });
    this.flag(recipient);
  }

  /** R40.1: puts an increase on the Applied Entry to Adjust list. */
  flag(entry: ItemLedgerEntry): void {
    if (!entry.positive) return;
    if (!entry.appliedEntryToAdjust) {
      entry.appliedEntryToAdjust = true;
      this.state.touch(entry);
    }
  }

  /** R40: every posted value marks its item unadjusted, and its entry point for Average items. */
  markForAdjustment(entry: ItemLedgerEntry, item: CostingItem, valuationDate: IsoDate): void {
    if (item.costIsAdjusted) {
      item.costIsAdjusted = false;
      this.state.changeItem(item);
    }
    this.markEntryPoint(entry, item, valuationDate);
  }

  /** R40.2, R51: the entry point of the period that holds `valuationDate` (methods that use them). */
  markEntryPoint(entry: ItemLedgerEntry, item: CostingItem, valuationDate: IsoDate): void {
    if (!this.policy(item).adjustedByEntryPoints) return;
    this.state.markEntryPoint({
      itemNo: item.no,
      variantCode: entry.variantCode,
      locationCode: entry.locationCode,
      valuationDate: periodEnd(this.ctx.calendar, valuationDate),
    });
  }

  addInvoicedQuantity(item: CostingItem, qty: Dec): void {
    this.state.invoicedQuantityByItem.set(item.no, this.state.invoicedQuantity(item.no).plus(qty));
  }

  addValue(entry: ItemLedgerEntry, item: CostingItem, postingDate: IsoDate, fields: ValueFields): ValueEntry {
    const value = this.state.addValueEntry({
      itemLedgerEntryNo: entry.entryNo,
      itemNo: entry.itemNo,
      variantCode: entry.variantCode,
      locationCode: entry.locationCode,
      postingDate,
      valuationDate: fields.valuationDate,
      documentNo: fields.documentNo ?? entry.documentNo,
      entryType: fields.entryType,
      varianceType: fields.varianceType ?? null,
      itemLedgerEntryType: entry.entryType,
      adjustment: false,
      appliesToEntry: null,
      itemChargeNo: fields.itemChargeNo ?? null,
      valuedQuantity: fields.valuedQuantity ?? ZERO,
      itemLedgerEntryQuantity: fields.itemLedgerEntryQuantity ?? ZERO,
      invoicedQuantity: fields.invoicedQuantity ?? ZERO,
      costAmountActual: fields.costAmountActual ?? ZERO,
      costAmountExpected: fields.costAmountExpected ?? ZERO,
      expectedCost: fields.expectedCost ?? false,
      valuedByAverageCost: fields.valuedByAverageCost ?? false,
      sourceCode: SOURCE_CODES.itemJournal,
      inventoryPostingGroup: item.inventoryPostingGroup,
      genBusPostingGroup: entry.genBusPostingGroup,
      genProdPostingGroup: fields.genProdPostingGroup ?? item.genProdPostingGroup,
      userId: this.ctx.userId,
      orderType: orderTypeOf(entry.entryType),
      orderNo: entry.orderNo,
      capacityLedgerEntryNo: null,
    });
    this.current.valueEntryNos.push(value.entryNo);
    return value;
  }
}
