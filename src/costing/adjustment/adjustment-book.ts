/**
 * The slice of the ledgers one adjustment batch works on, indexed for the walks the algorithm
 * makes, and the single place that writes adjustment value entries (R44, R68, R108–R110).
 */
import { Dec, roundTo, ZERO } from '../../common/decimal';
import type { IsoDate } from '../../common/dates';
import { PostingRefusedError } from '../../common/errors';
import { CostElements, FLOWING_COST_TYPES, FlowingCostType, InboundCost, inboundCost, isFlowingType, shareOfInboundCost } from '../cost-elements';
import { adjustmentPostingDate } from '../posting-window';
import type { AssemblyOrderInput } from './assembly-orders';
import type { ProductionOrderInput } from './production-orders';

/** An order whose output entries the adjustment settles at order level. */
export type OrderInput = AssemblyOrderInput | ProductionOrderInput;
import {
  ItemApplicationEntry,
  AdjustmentItemEntry,
  PostingWindow,
  Precisions,
  SOURCE_CODES,
  AdjustmentValueEntry,
  ValueEntry,
  ValueEntryType,
  VarianceType,
  orderTypeOf,
} from '../types';

export interface AdjustmentBookInput {
  entries: readonly AdjustmentItemEntry[];
  valueEntries: readonly AdjustmentValueEntry[];
  applications: readonly ItemApplicationEntry[];
  /** Assembly and production orders whose output is in the batch, with their consumption entries loaded (R94, R96). */
  orders?: readonly OrderInput[];
}

export interface AdjustmentSettings {
  precisions: Precisions;
  window: PostingWindow;
  userId: string;
}

export class AdjustmentBook {
  /**
   * Everything the walks ask about an entry, under its entry number: one lookup where there were
   * six maps (a year's adjustment asks hundreds of millions of times; issue 12).
   */
  private readonly records = new Map<number, EntryRecord>();
  private readonly ordersByOutput = new Map<number, OrderInput>();
  private readonly outputsByConsumption = new Map<number, number[]>();
  /** Output entries the batch invoiced (production): their invoiced quantity is now their quantity. */
  readonly invoicedOutputs: number[] = [];
  readonly newValueEntries: ValueEntry[] = [];
  private provisional = 0;
  /** A share per quantity application, kept until its increase gets a new value entry (see `Kept`). */
  private readonly shares = new Map<number, Kept<CostElements>>();

  constructor(
    input: AdjustmentBookInput,
    readonly settings: AdjustmentSettings,
  ) {
    for (const e of input.entries) this.record(e.entryNo).entry = e;
    for (const v of input.valueEntries) this.record(v.itemLedgerEntryNo).addValue(v);
    for (const a of input.applications) this.indexApplication(a);
    for (const order of input.orders ?? []) {
      const outputs = order.kind === 'Assembly' ? [order.outputEntryNo] : order.outputEntryNos;
      for (const no of outputs) this.ordersByOutput.set(no, order);
      for (const no of order.consumptionEntryNos) this.outputsByConsumption.set(no, [...outputs]);
    }
  }

  /** The assembly or production order an output entry belongs to (R94, R96). */
  orderOf(outputEntryNo: number): OrderInput | undefined {
    return this.ordersByOutput.get(outputEntryNo);
  }

  /** The output entries whose cost a consumption entry is part of, when its order is in the batch. */
  outputsOfConsumption(consumptionEntryNo: number): readonly number[] {
    return this.outputsByConsumption.get(consumptionEntryNo) ?? [];
  }

  /** R94, R96: an order-level adjustment on an output entry, one type (and variance type) at a time. */
  writeOrderAdjustment(
    entry: AdjustmentItemEntry,
    type: FlowingCostType,
    varianceType: VarianceType | null,
    amount: Dec,
    more: { expected?: Dec; invoicedQuantity?: Dec } = {},
  ): void {
    const corrected = this.correctedValue(entry.entryNo);
    this.append(entry, corrected, {
      entryType: type,
      postingDate: this.postingDateFor(entry, corrected.postingDate),
      costAmountActual: amount,
      costAmountExpected: more.expected ?? ZERO,
      valuedQuantity: entry.quantity,
      invoicedQuantity: more.invoicedQuantity,
      adjustment: true,
      appliesToEntry: corrected.entryNo > 0 ? corrected.entryNo : null,
      valuedByAverageCost: false,
      varianceType: varianceType ?? undefined,
    });
  }

  /** A finished order's output is invoiced by the adjustment (R94). */
  markInvoiced(entry: AdjustmentItemEntry): void {
    (entry as { invoicedQuantity: Dec }).invoicedQuantity = entry.quantity;
    this.invoicedOutputs.push(entry.entryNo);
  }

  private indexApplication(a: ItemApplicationEntry): void {
    if (a.outboundItemEntryNo === 0) return;
    if (a.costApplication || a.transferredFromEntryNo !== null) {
      const outbound = this.record(a.outboundItemEntryNo);
      outbound.recipientApps = appended(outbound.recipientApps, a);
      this.record(a.inboundItemEntryNo).sourceLink = a;
    } else {
      const inbound = this.record(a.inboundItemEntryNo);
      inbound.outboundApps = appended(inbound.outboundApps, a);
      const outbound = this.record(a.outboundItemEntryNo);
      outbound.sourceApps = appended(outbound.sourceApps, a);
    }
  }

  /** An entry's record, made on first mention (an application may name an entry the batch did not load). */
  private record(entryNo: number): EntryRecord {
    let r = this.records.get(entryNo);
    if (r === undefined) {
      r = new EntryRecord();
      this.records.set(entryNo, r);
    }
    return r;
  }

  valuesOf(entryNo: number): AdjustmentValueEntry[] {
    return this.records.get(entryNo)?.values ?? EMPTY;
  }

  entry(entryNo: number): AdjustmentItemEntry {
    return this.loadedRecord(entryNo).entry as AdjustmentItemEntry;
  }

  /** The entry if the batch loaded it, else undefined. */
  findEntry(entryNo: number): AdjustmentItemEntry | undefined {
    return this.records.get(entryNo)?.entry;
  }

  private loadedRecord(entryNo: number): EntryRecord {
    const r = this.records.get(entryNo);
    if (!r?.entry) throw new Error(`item ledger entry ${entryNo} is not in the adjustment batch`);
    return r;
  }

  outboundAppsOf(inboundNo: number): readonly ItemApplicationEntry[] {
    return this.records.get(inboundNo)?.outboundApps ?? EMPTY_APPS;
  }

  sourceAppsOf(outboundNo: number): readonly ItemApplicationEntry[] {
    return this.records.get(outboundNo)?.sourceApps ?? EMPTY_APPS;
  }

  recipientAppsOf(outboundNo: number): readonly ItemApplicationEntry[] {
    return this.records.get(outboundNo)?.recipientApps ?? EMPTY_APPS;
  }

  sourceLinkOf(inboundNo: number): ItemApplicationEntry | undefined {
    return this.records.get(inboundNo)?.sourceLink;
  }

  /** First value entry of an entry: the one that posted its quantity. */
  firstValue(entryNo: number): AdjustmentValueEntry | undefined {
    return this.valuesOf(entryNo)[0];
  }

  valuationDateOf(entryNo: number): IsoDate {
    return this.firstValue(entryNo)?.valuationDate ?? this.entry(entryNo).postingDate;
  }

  /** Cost of an entry per flowing type, actual and expected apart (shared: read it, never change it). */
  currentCost(entryNo: number): { readonly actual: CostElements; readonly expected: CostElements } {
    const r = this.record(entryNo);
    const values = r.values;
    // Checked here, not through a callback: a closure per call was garbage for every decrease.
    if (r.cost === null || r.cost.count !== values.length) {
      const actual = new CostElements();
      const expected = new CostElements();
      for (const v of values) {
        if (!isFlowingType(v.entryType)) continue;
        actual.add(v.entryType, v.costAmountActual);
        expected.add(v.entryType, v.costAmountExpected);
      }
      r.cost = { count: values.length, value: { actual, expected } };
    }
    return r.cost.value;
  }

  /**
   * The share of its increase's cost one quantity application carries to its decrease (R45, R85),
   * rounded (R71): computed again only when the increase got a new value entry. The decrease's
   * first value entry, which R85 compares with, never changes.
   */
  shareOf(app: ItemApplicationEntry): CostElements {
    const r = this.loadedRecord(app.inboundItemEntryNo);
    const count = r.values.length;
    const found = this.shares.get(app.entryNo);
    if (found !== undefined && found.count === count) return found.value;
    const first = this.firstValue(this.entry(app.outboundItemEntryNo).entryNo); // the decrease must be in the batch
    const recipient = first ? { firstValueEntryNo: first.entryNo, valuationDate: first.valuationDate } : null;
    if (r.inboundCost === null || r.inboundCost.count !== count) r.inboundCost = { count, value: inboundCost(r.values) };
    const inbound = r.entry as AdjustmentItemEntry;
    const value = shareOfInboundCost(r.inboundCost.value, inbound.quantity, app.quantity.abs(), recipient, this.settings.precisions.amount);
    this.shares.set(app.entryNo, { count, value });
    return value;
  }

  /** Cost the entry was posted at, adjustments left out: what an unapplied remainder keeps (R28). */
  originalCost(entryNo: number): Dec {
    let total = ZERO;
    for (const v of this.valuesOf(entryNo)) if (!v.adjustment && v.entryType !== 'Rounding') total = total.plus(v.costAmountActual).plus(v.costAmountExpected);
    return total;
  }

  /**
   * Brings an entry's cost to `target` (signed, per type) with adjustment entries, one per type
   * that moves (R44, R45). The target is split into actual and expected cost by the share of the
   * entry already invoiced. Returns whether anything was written.
   */
  adjustTo(entry: AdjustmentItemEntry, target: CostElements, valuedByAverageCost: boolean): boolean {
    const prec = this.settings.precisions.amount;
    const { actual, expected } = this.currentCost(entry.entryNo);
    // Fully invoiced (most entries of a closed year) needs no share: no division per entry.
    const invoiced = !entry.quantity.isZero() && entry.invoicedQuantity.eq(entry.quantity);
    const invoicedShare = invoiced || entry.quantity.isZero() ? ZERO : entry.invoicedQuantity.div(entry.quantity);
    let changed = false;
    for (const type of FLOWING_COST_TYPES) {
      const total = target[type];
      // A type the entry neither carries nor should carry moves nothing (most carry one or two of
      // the four); skipped before any arithmetic, which runs for every decrease of a year.
      if (total.isZero() && actual[type].isZero() && expected[type].isZero()) continue;
      const targetActual = invoiced ? total : roundTo(total.times(invoicedShare), prec);
      // An entry already at its target (most of them, wave after wave) costs comparisons, not
      // new Decs: each difference is worked out only where it is not zero.
      const targetExpected = invoiced ? ZERO : total.minus(targetActual);
      const deltaActual = targetActual.eq(actual[type]) ? ZERO : targetActual.minus(actual[type]);
      const deltaExpected = targetExpected.eq(expected[type]) ? ZERO : targetExpected.minus(expected[type]);
      if (deltaActual.isZero() && deltaExpected.isZero()) continue;
      this.writeAdjustment(entry, type, deltaActual, deltaExpected, valuedByAverageCost);
      changed = true;
    }
    return changed;
  }

  private writeAdjustment(entry: AdjustmentItemEntry, type: FlowingCostType, actual: Dec, expected: Dec, valuedByAverageCost: boolean): void {
    const corrected = this.correctedValue(entry.entryNo);
    this.append(entry, corrected, {
      entryType: type,
      postingDate: this.postingDateFor(entry, corrected.postingDate),
      costAmountActual: actual,
      costAmountExpected: expected,
      valuedQuantity: entry.quantity,
      adjustment: true,
      appliesToEntry: corrected.entryNo > 0 ? corrected.entryNo : null,
      valuedByAverageCost,
    });
  }

  /** R71: a Rounding entry on a fully applied inbound entry, valued quantity 0. */
  writeRounding(entry: AdjustmentItemEntry, amount: Dec, candidateDate: IsoDate): void {
    const corrected = this.correctedValue(entry.entryNo);
    this.append(entry, corrected, {
      entryType: 'Rounding',
      postingDate: this.postingDateFor(entry, candidateDate),
      costAmountActual: amount,
      costAmountExpected: ZERO,
      valuedQuantity: ZERO,
      adjustment: false,
      appliesToEntry: null,
      valuedByAverageCost: false,
    });
  }

  /**
   * R68: the value entry an adjustment corrects: the entry's last invoiced direct-cost entry (the
   * invoice, R108), or its first value entry while it is not invoiced.
   */
  private correctedValue(entryNo: number): AdjustmentValueEntry {
    const values = this.valuesOf(entryNo);
    for (let i = values.length - 1; i >= 0; i--) {
      const v = values[i];
      if (!v.adjustment && v.entryType === 'DirectCost' && !v.invoicedQuantity.isZero() && v.itemChargeNo === null) return v;
    }
    return values[0];
  }

  /** R108–R110: from the corrected entry's posting date to the first allowed date, then validated. */
  private postingDateFor(entry: AdjustmentItemEntry, candidate: IsoDate): IsoDate {
    const { date, refusal } = adjustmentPostingDate(this.settings.window, candidate);
    if (refusal) {
      throw new PostingRefusedError(
        `Cost adjustment of item ${entry.itemNo}, item ledger entry ${entry.entryNo}: posting date ${refusal.replace(/^Posting date /, '')}`,
      );
    }
    return date;
  }

  private append(entry: AdjustmentItemEntry, like: AdjustmentValueEntry, fields: AdjustmentFields): void {
    const value: ValueEntry = {
      entryNo: --this.provisional,
      itemLedgerEntryNo: entry.entryNo,
      itemNo: entry.itemNo,
      variantCode: entry.variantCode,
      locationCode: entry.locationCode,
      postingDate: fields.postingDate,
      valuationDate: like.valuationDate,
      documentNo: like.documentNo,
      entryType: fields.entryType,
      varianceType: fields.entryType === 'Variance' ? (fields.varianceType ?? 'Purchase') : null,
      itemLedgerEntryType: entry.entryType,
      adjustment: fields.adjustment,
      appliesToEntry: fields.appliesToEntry,
      itemChargeNo: null,
      valuedQuantity: fields.valuedQuantity,
      itemLedgerEntryQuantity: ZERO,
      invoicedQuantity: fields.invoicedQuantity ?? ZERO,
      costAmountActual: fields.costAmountActual,
      costAmountExpected: fields.costAmountExpected,
      expectedCost: false,
      valuedByAverageCost: fields.valuedByAverageCost,
      sourceCode: SOURCE_CODES.adjustment,
      inventoryPostingGroup: like.inventoryPostingGroup,
      genBusPostingGroup: like.genBusPostingGroup,
      genProdPostingGroup: like.genProdPostingGroup,
      userId: this.settings.userId,
      orderType: orderTypeOf(entry.entryType),
      orderNo: entry.orderNo,
      capacityLedgerEntryNo: null,
    };
    this.record(entry.entryNo).addValue(value);
    this.newValueEntries.push(value);
  }
}

interface AdjustmentFields {
  entryType: ValueEntryType;
  postingDate: IsoDate;
  costAmountActual: Dec;
  costAmountExpected: Dec;
  valuedQuantity: Dec;
  adjustment: boolean;
  appliesToEntry: number | null;
  valuedByAverageCost: boolean;
  /** Variance entries: their type (production and assembly variances); Purchase when left out. */
  varianceType?: VarianceType;
  invoicedQuantity?: Dec;
}

/**
 * A sum over an entry's value entries and how many there were when it was computed: they are only
 * ever appended to, so the count says whether the sum is still current.
 */
interface Kept<T> {
  count: number;
  value: T;
}

/**
 * What the book knows of one entry number. The sums over its value entries (its cost, what it
 * passes on) are kept until the entry gets a new value entry: a year's adjustment asks for the
 * same sums again and again — every decrease applied to an increase, and R71 once more for all of
 * them. The sums are shared: callers read them and never change them (freezing them made V8
 * slower).
 */
class EntryRecord {
  /** Undefined for an entry only an application names (not loaded: asking for it throws). */
  entry: AdjustmentItemEntry | undefined = undefined;
  /** Lists start as the shared empty ones (most entries have few kinds of links) and are only ever appended to (`appended`). */
  values: AdjustmentValueEntry[] = EMPTY;
  /** As an increase: the quantity applications of the decreases it is the cost source of. */
  outboundApps: ItemApplicationEntry[] = EMPTY_APPS;
  /** As a decrease: its quantity applications to its cost sources. */
  sourceApps: ItemApplicationEntry[] = EMPTY_APPS;
  /** As a decrease: cost applications and transfer links to the increases that take its cost. */
  recipientApps: ItemApplicationEntry[] = EMPTY_APPS;
  /** As an increase: the link that makes it a cost recipient (Appl.-from, or a transfer's receiving leg). */
  sourceLink: ItemApplicationEntry | undefined = undefined;
  cost: Kept<{ actual: CostElements; expected: CostElements }> | null = null;
  inboundCost: Kept<InboundCost> | null = null;

  addValue(value: AdjustmentValueEntry): void {
    this.values = appended(this.values, value);
  }
}

/** The shared empty lists: never appended to (see `appended`). */
const EMPTY: AdjustmentValueEntry[] = [];
const EMPTY_APPS: ItemApplicationEntry[] = [];

/**
 * `list` with `item` at its end. A list is made with its first item and only grows, so an empty
 * one is a shared empty list: it is replaced, never appended to.
 */
function appended<T>(list: T[], item: T): T[] {
  if (list.length === 0) return [item];
  list.push(item);
  return list;
}
