/**
 * Posting to the item ledgers (costing-rules §1–§4, §7): one operation after another, against an
 * in-memory LedgerState. Each operation creates item ledger entries, value entries and item
 * application entries, moves remaining quantities, flags the entries cost adjustment must revisit
 * (R40) and values the new entries at their cost at posting time (R18, R19, R24, R57, R61, R62).
 *
 * Pure: no I/O. A refusal throws before the caller writes anything, so a batch is all or nothing.
 */
import { Dec, minDec, roundTo, ZERO } from '../../common/decimal';
import { IsoDate, maxDate } from '../../common/dates';
import { PostingRefusedError, ValidationError } from '../../common/errors';
import { periodEnd, PeriodCalendar } from '../average-cost-period';
import { CostElements, entryCost, FLOWING_COST_TYPES, inboundShare } from '../cost-elements';
import { postingDateRefusal, valuationDateRefusal } from '../posting-window';
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
} from '../types';
import { inboundCandidates, outboundCandidates, Tracking } from './application';
import { LedgerSnapshot, LedgerState } from './ledger-state';
import type { InvoiceOp, ItemChargeOp, JournalLineOp, OperationResult, PostingOperation, UndoOp } from './operations';

export interface PostingContext {
  precisions: Precisions;
  window: PostingWindow;
  calendar: PeriodCalendar;
  userId: string;
}

export interface PostingOutcome {
  state: LedgerState;
  results: OperationResult[];
}

export function postOperations(snapshot: LedgerSnapshot, operations: PostingOperation[], ctx: PostingContext): PostingOutcome {
  const engine = new PostingEngine(new LedgerState(snapshot), ctx);
  const results = operations.map((op) => engine.post(op));
  return { state: engine.state, results };
}

/** The journal convention (scenario format): a negative quantity reverses the entry type's direction. */
export function isInboundLine(entryType: ItemLedgerEntryType, quantity: Dec): boolean {
  const normallyInbound = entryType === 'Purchase' || entryType === 'PositiveAdjmt';
  return quantity.lessThan(0) ? !normallyInbound : normallyInbound;
}

interface Applied {
  entry: ItemLedgerEntry;
  quantity: Dec;
}

class PostingEngine {
  private current: OperationResult = { lineNo: 0, itemLedgerEntryNos: [], valueEntryNos: [] };

  constructor(
    readonly state: LedgerState,
    private readonly ctx: PostingContext,
  ) {}

  post(op: PostingOperation): OperationResult {
    this.current = { lineNo: op.lineNo, itemLedgerEntryNos: [], valueEntryNos: [] };
    const refusal = postingDateRefusal(this.ctx.window, op.postingDate);
    if (refusal) throw PostingRefusedError.at(op.lineNo, 'postingDate', refusal);
    switch (op.kind) {
      case 'line':
        if (op.entryType === 'Transfer') this.postTransfer(op);
        else this.postLine(op);
        break;
      case 'invoice':
        this.postInvoice(op);
        break;
      case 'itemCharge':
        this.postItemCharge(op);
        break;
      case 'undo':
        this.postUndo(op);
        break;
    }
    return this.current;
  }

  // ---------------------------------------------------------------- journal lines

  private postLine(op: JournalLineOp): void {
    const item = this.state.item(op.itemNo);
    const inbound = isInboundLine(op.entryType, op.quantity);
    const quantity = inbound ? op.quantity.abs() : op.quantity.abs().negated();
    this.checkTracking(op, item, quantity);
    const entry = this.newEntry(op, item, op.locationCode, quantity, op.invoice);
    if (inbound) {
      const cost = this.inboundLineCost(op, item, entry);
      entry.directUnitCost = cost.directUnitCost;
      this.valueInbound(entry, item, op, cost);
      this.applyInbound(entry, item, op);
    } else {
      const applied = this.applyOutbound(entry, item, op);
      this.valueOutbound(entry, item, op, applied, op.invoice);
      this.flagSources(item, op, applied);
    }
  }

  /**
   * R40.1: an increase is put on the Applied Entry to Adjust list when cost adjustment has
   * something to carry from it to the decrease just applied to it: when the decrease was posted
   * at a cost of its own (a unit cost or amount on the line) rather than at the cost of what it
   * applies to, and when the increase is now fully applied (its rounding residual, R71). A
   * decrease valued at posting from the very increases it applies to needs nothing more; if the
   * increase's cost changes later, that change flags it. Average items are revisited through
   * their entry points, except for fixed applications (R32).
   */
  private flagSources(item: CostingItem, op: JournalLineOp, applied: Applied[]): void {
    if (item.costingMethod === 'Average' && op.appliesToEntry === null) return;
    const ownCost = op.unitCost !== null || op.amount !== null;
    for (const a of applied) if (ownCost || a.entry.remainingQuantity.isZero()) this.flag(a.entry);
  }

  private postTransfer(op: JournalLineOp): void {
    const item = this.state.item(op.itemNo);
    if (op.newLocationCode === null) throw ValidationError.at(op.lineNo, 'newLocation', 'A transfer needs a new location');
    if (op.newLocationCode === op.locationCode) {
      throw ValidationError.at(op.lineNo, 'newLocation', `A transfer must move to another location than ${op.locationCode || '(blank)'}`);
    }
    const quantity = op.quantity.abs();
    if (op.quantity.lessThan(0)) throw ValidationError.at(op.lineNo, 'quantity', 'A transfer quantity must be positive');
    this.checkTracking(op, item, quantity);
    const out = this.newEntry(op, item, op.locationCode, quantity.negated(), true);
    const applied = this.applyOutbound(out, item, op);
    const outValue = this.valueOutbound(out, item, op, applied, true);
    this.flagSources(item, op, applied);
    // R35: the two legs are applied to each other; the receiving leg takes the sending leg's cost.
    const into = this.newEntry(op, item, op.newLocationCode, quantity, true);
    const cost = outValue.costAmountActual.negated();
    this.addValue(into, item, op.postingDate, {
      valuationDate: outValue.valuationDate,
      entryType: 'DirectCost',
      valuedQuantity: quantity,
      itemLedgerEntryQuantity: quantity,
      invoicedQuantity: quantity,
      costAmountActual: cost,
      valuedByAverageCost: outValue.valuedByAverageCost,
    });
    this.state.addApplication({
      itemLedgerEntryNo: into.entryNo,
      inboundItemEntryNo: into.entryNo,
      outboundItemEntryNo: out.entryNo,
      quantity,
      postingDate: op.postingDate,
      costApplication: false,
      transferredFromEntryNo: out.entryNo,
    });
    this.applyToOpenOutbounds(into, item, op);
  }

  private newEntry(op: JournalLineOp, item: CostingItem, locationCode: string, quantity: Dec, invoiced: boolean): ItemLedgerEntry {
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
    });
    this.current.itemLedgerEntryNos.push(entry.entryNo);
    if (invoiced) this.addInvoicedQuantity(item, quantity);
    return entry;
  }

  private checkTracking(op: JournalLineOp, item: CostingItem, quantity: Dec): void {
    if (item.costingMethod === 'Specific' && !op.serialNo && !op.lotNo) {
      throw ValidationError.at(op.lineNo, 'serialNo', `Item ${item.no} uses Specific costing: a serial or lot number is required (R19)`);
    }
    if (op.serialNo && !quantity.abs().eq(1)) {
      throw ValidationError.at(op.lineNo, 'quantity', `A line with serial number ${op.serialNo} must have quantity 1 or -1`);
    }
  }

  // ---------------------------------------------------------------- valuation of increases

  /**
   * Cost of an increase at posting. R24: Unit Cost = Direct Unit Cost × (1 + Indirect Cost %) +
   * Overhead Rate; the indirect part is its own value entry (R78). R18/R77: a Standard item is
   * valued at standard cost, the difference to its acquisition cost going to Purchase Variance
   * when invoiced. A cost application (Appl.-from) takes the decrease's exact cost (R26, R30).
   */
  private inboundLineCost(op: JournalLineOp, item: CostingItem, entry: ItemLedgerEntry): InboundCost {
    const qty = entry.quantity;
    const prec = this.ctx.precisions;
    if (op.appliesFromEntry !== null && op.unitCost === null && op.amount === null) {
      const source = this.costSource(op, entry);
      const sourceValues = this.state.valueEntriesOf(source.entryNo);
      const direct = roundTo(entryCost(sourceValues).negated().times(qty).div(source.quantity.abs()), prec.amount);
      return { direct, indirect: ZERO, variance: ZERO, standardTotal: null, directUnitCost: null };
    }
    const isPurchase = op.entryType === 'Purchase';
    let directUnitCost: Dec;
    let direct: Dec;
    if (op.amount !== null) {
      direct = roundTo(op.amount, prec.amount);
      directUnitCost = roundTo(op.amount.div(qty), prec.unitAmount);
    } else {
      directUnitCost = op.unitCost ?? (isPurchase ? item.lastDirectCost : item.costingMethod === 'Standard' ? item.standardCost : item.unitCost);
      direct = roundTo(qty.times(directUnitCost), prec.amount);
    }
    const indirect = isPurchase
      ? roundTo(direct.times(item.indirectCostPercent).div(100).plus(qty.times(item.overheadRate)), prec.amount)
      : ZERO;
    if (item.costingMethod === 'Standard') {
      const standardTotal = roundTo(qty.times(item.standardCost), prec.amount);
      if (!isPurchase) return { direct: standardTotal, indirect: ZERO, variance: ZERO, standardTotal, directUnitCost: null };
      return { direct, indirect, variance: standardTotal.minus(direct).minus(indirect), standardTotal, directUnitCost };
    }
    return { direct, indirect, variance: ZERO, standardTotal: null, directUnitCost: isPurchase ? directUnitCost : null };
  }

  private valueInbound(entry: ItemLedgerEntry, item: CostingItem, op: JournalLineOp, cost: InboundCost): void {
    const valuationDate = entry.postingDate;
    this.checkValuationDate(op.lineNo, valuationDate);
    const qty = entry.quantity;
    if (!op.invoice) {
      // R61: a receipt posts its cost as expected cost; indirect cost and variance wait for the invoice.
      const expected = cost.standardTotal ?? cost.direct.plus(cost.indirect);
      this.addValue(entry, item, op.postingDate, {
        valuationDate,
        entryType: 'DirectCost',
        valuedQuantity: qty,
        itemLedgerEntryQuantity: qty,
        invoicedQuantity: ZERO,
        costAmountExpected: expected,
        expectedCost: true,
      });
    } else {
      this.addValue(entry, item, op.postingDate, {
        valuationDate,
        entryType: 'DirectCost',
        valuedQuantity: qty,
        itemLedgerEntryQuantity: qty,
        invoicedQuantity: qty,
        costAmountActual: cost.direct,
      });
      this.addInvoiceExtras(entry, item, op.postingDate, valuationDate, qty, cost.indirect, cost.variance);
      this.updateUnitCostOnIncrease(item, op.entryType, qty, cost);
    }
    this.markForAdjustment(entry, item, valuationDate);
  }

  /** Indirect cost (R78) and purchase variance (R77) of an invoiced increase. */
  private addInvoiceExtras(entry: ItemLedgerEntry, item: CostingItem, postingDate: IsoDate, valuationDate: IsoDate, qty: Dec, indirect: Dec, variance: Dec): void {
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
   * none or its net invoiced quantity turns positive. Standard items keep Unit Cost = Standard Cost.
   */
  private updateUnitCostOnIncrease(item: CostingItem, entryType: ItemLedgerEntryType, qty: Dec, cost: InboundCost): void {
    if (item.costingMethod === 'Standard' || (entryType !== 'Purchase' && entryType !== 'PositiveAdjmt')) return;
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

  /** The outbound entry an Appl.-from line takes its cost from (R26). */
  private costSource(op: JournalLineOp, entry: ItemLedgerEntry): ItemLedgerEntry {
    const source = this.state.entries.get(op.appliesFromEntry as number);
    const field = 'appliesFrom';
    if (!source) throw ValidationError.at(op.lineNo, field, `Item ledger entry ${op.appliesFromEntry} does not exist`);
    if (source.itemNo !== entry.itemNo) {
      throw ValidationError.at(op.lineNo, field, `Item ledger entry ${source.entryNo} is for item ${source.itemNo}, not ${entry.itemNo}`);
    }
    if (source.positive) throw ValidationError.at(op.lineNo, field, `Item ledger entry ${source.entryNo} is not an outbound entry`);
    const returned = this.state.costAppliedQuantity.get(source.entryNo) ?? ZERO;
    if (returned.plus(entry.quantity).greaterThan(source.quantity.abs())) {
      throw ValidationError.at(
        op.lineNo,
        'quantity',
        `Over-application: item ledger entry ${source.entryNo} has ${source.quantity.abs().minus(returned).toFixed()} left to reverse, the line reverses ${entry.quantity.toFixed()}`,
      );
    }
    return source;
  }

  // ---------------------------------------------------------------- application of increases

  private applyInbound(entry: ItemLedgerEntry, item: CostingItem, op: JournalLineOp): void {
    if (op.appliesFromEntry !== null) {
      // R25/R26/R36: a cost application; quantities stay open on both sides.
      const source = this.costSource(op, entry);
      this.state.costAppliedQuantity.set(source.entryNo, (this.state.costAppliedQuantity.get(source.entryNo) ?? ZERO).plus(entry.quantity));
      this.state.addApplication({
        itemLedgerEntryNo: entry.entryNo,
        inboundItemEntryNo: entry.entryNo,
        outboundItemEntryNo: source.entryNo,
        quantity: entry.quantity,
        postingDate: entry.postingDate,
        costApplication: true,
        transferredFromEntryNo: null,
      });
      // Posted at its source's exact cost unless the line gave one; cost adjustment keeps the two
      // equal from then on (R34), through the source's own flags.
      if (op.unitCost !== null || op.amount !== null) this.flag(entry);
      return;
    }
    this.state.addApplication({
      itemLedgerEntryNo: entry.entryNo,
      inboundItemEntryNo: entry.entryNo,
      outboundItemEntryNo: 0,
      quantity: entry.quantity,
      postingDate: entry.postingDate,
      costApplication: false,
      transferredFromEntryNo: null,
    });
    if (op.appliesToEntry !== null) {
      const outbound = this.state.entries.get(op.appliesToEntry);
      const field = 'appliesTo';
      if (!outbound) throw ValidationError.at(op.lineNo, field, `Item ledger entry ${op.appliesToEntry} does not exist`);
      this.checkSameSku(op.lineNo, field, entry, outbound);
      if (outbound.positive || !outbound.open) {
        throw ValidationError.at(op.lineNo, field, `Item ledger entry ${outbound.entryNo} is not an open outbound entry`);
      }
      if (entry.quantity.greaterThan(outbound.remainingQuantity.abs())) {
        throw ValidationError.at(
          op.lineNo,
          'quantity',
          `Over-application: item ledger entry ${outbound.entryNo} has ${outbound.remainingQuantity.abs().toFixed()} open, the line applies ${entry.quantity.toFixed()}`,
        );
      }
      this.applyIncreaseTo(entry, outbound, entry.quantity, item);
      return;
    }
    this.applyToOpenOutbounds(entry, item, op);
  }

  /** R28: an increase fills open decreases (negative inventory) of the same item and location. */
  private applyToOpenOutbounds(entry: ItemLedgerEntry, item: CostingItem, tracking: Tracking): void {
    for (const outbound of outboundCandidates(this.state, entry.itemNo, entry.variantCode, entry.locationCode, tracking)) {
      if (!entry.remainingQuantity.greaterThan(0)) break;
      const qty = minDec(entry.remainingQuantity, outbound.remainingQuantity.abs());
      this.applyIncreaseTo(entry, outbound, qty, item);
    }
  }

  private applyIncreaseTo(inbound: ItemLedgerEntry, outbound: ItemLedgerEntry, qty: Dec, item: CostingItem): void {
    this.state.addApplication({
      itemLedgerEntryNo: inbound.entryNo,
      inboundItemEntryNo: inbound.entryNo,
      outboundItemEntryNo: outbound.entryNo,
      quantity: qty,
      postingDate: inbound.postingDate,
      costApplication: false,
      transferredFromEntryNo: null,
    });
    this.state.setRemaining(inbound, inbound.remainingQuantity.minus(qty));
    this.state.setRemaining(outbound, outbound.remainingQuantity.plus(qty));
    // R58: the decrease now takes cost from an increase valued later; its valuation date follows.
    const inboundValuation = this.valuationDateOf(inbound);
    for (const v of [...this.state.valueEntriesOf(outbound.entryNo)]) {
      if (v.valuationDate < inboundValuation) {
        if (item.costingMethod === 'Average') this.markEntryPoint(outbound, item, v.valuationDate);
        this.state.moveValuationDate(v, inboundValuation);
      }
    }
    this.markForAdjustment(outbound, item, inboundValuation);
    this.flag(inbound);
  }

  // ---------------------------------------------------------------- decreases

  private applyOutbound(entry: ItemLedgerEntry, item: CostingItem, op: JournalLineOp): Applied[] {
    if (op.appliesFromEntry !== null) {
      throw ValidationError.at(op.lineNo, 'appliesFrom', 'Appl.-from Item Entry is only for inbound lines (R26)');
    }
    const needed = entry.quantity.abs();
    let candidates: ItemLedgerEntry[];
    if (op.appliesToEntry !== null) {
      const inbound = this.state.entries.get(op.appliesToEntry);
      const field = 'appliesTo';
      if (!inbound) throw ValidationError.at(op.lineNo, field, `Item ledger entry ${op.appliesToEntry} does not exist`);
      this.checkSameSku(op.lineNo, field, entry, inbound);
      if (!inbound.positive) throw ValidationError.at(op.lineNo, field, `Item ledger entry ${inbound.entryNo} is not an inbound entry`);
      if (inbound.remainingQuantity.lessThan(needed)) {
        throw ValidationError.at(
          op.lineNo,
          'quantity',
          `Over-application: item ledger entry ${inbound.entryNo} has ${inbound.remainingQuantity.toFixed()} remaining, the line applies ${needed.toFixed()}`,
        );
      }
      candidates = [inbound];
    } else {
      candidates = inboundCandidates(this.state, item.costingMethod, entry.itemNo, entry.variantCode, entry.locationCode, op);
      if ((op.serialNo || op.lotNo) && candidates.length === 0 && item.costingMethod === 'Specific') {
        throw ValidationError.at(op.lineNo, op.serialNo ? 'serialNo' : 'lotNo', `No open inbound entry of item ${item.no} carries ${op.serialNo ?? op.lotNo}`);
      }
    }
    const applied: Applied[] = [];
    let open = needed;
    for (const inbound of candidates) {
      if (open.isZero()) break;
      const qty = minDec(open, inbound.remainingQuantity);
      if (!qty.greaterThan(0)) continue;
      this.state.addApplication({
        itemLedgerEntryNo: entry.entryNo,
        inboundItemEntryNo: inbound.entryNo,
        outboundItemEntryNo: entry.entryNo,
        quantity: qty.negated(),
        postingDate: entry.postingDate,
        costApplication: false,
        transferredFromEntryNo: null,
      });
      this.state.setRemaining(inbound, inbound.remainingQuantity.minus(qty));
      open = open.minus(qty);
      applied.push({ entry: inbound, quantity: qty });
    }
    this.state.setRemaining(entry, open.negated());
    return applied;
  }

  /**
   * Cost of a decrease at posting: the line's own cost when it gives one (Business Central copies
   * a unit cost to the line); otherwise what it applies to (fixed applications always, R30), the
   * item's Unit Cost for an Average item (R19: the average is set by adjustment), and the Unit
   * Cost (Standard Cost) for any quantity not yet applied (negative inventory, R28).
   */
  private valueOutbound(entry: ItemLedgerEntry, item: CostingItem, op: JournalLineOp, applied: Applied[], invoiced: boolean): ValueEntry {
    const prec = this.ctx.precisions.amount;
    const qty = entry.quantity.abs();
    const fixed = op.appliesToEntry !== null;
    const byAverage = item.costingMethod === 'Average' && !fixed;
    let cost: Dec;
    if (op.amount !== null) cost = roundTo(op.amount.abs(), prec);
    else if (op.unitCost !== null) cost = roundTo(qty.times(op.unitCost), prec);
    else if (byAverage) cost = roundTo(qty.times(item.unitCost), prec);
    else {
      const recipient = { firstValueEntryNo: this.state.counters.valueEntry + 1, valuationDate: op.postingDate };
      let appliedQty = ZERO;
      cost = ZERO;
      for (const a of applied) {
        cost = cost.plus(inboundShare(this.state.valueEntriesOf(a.entry.entryNo), a.entry.quantity, a.quantity, recipient, prec).total());
        appliedQty = appliedQty.plus(a.quantity);
      }
      const fallback = item.costingMethod === 'Standard' ? item.standardCost : item.unitCost;
      cost = cost.plus(roundTo(qty.minus(appliedQty).times(fallback), prec));
    }
    // R57 rule 3: a decrease valued before the increases it applies to takes their latest valuation date.
    let valuationDate = op.postingDate;
    for (const a of applied) valuationDate = maxDate(valuationDate, this.valuationDateOf(a.entry, true)) as IsoDate;
    this.checkValuationDate(op.lineNo, valuationDate);
    const value = this.addValue(entry, item, op.postingDate, {
      valuationDate,
      entryType: 'DirectCost',
      valuedQuantity: entry.quantity,
      itemLedgerEntryQuantity: entry.quantity,
      invoicedQuantity: invoiced ? entry.quantity : ZERO,
      costAmountActual: invoiced ? cost.negated() : ZERO,
      costAmountExpected: invoiced ? ZERO : cost.negated(),
      expectedCost: !invoiced,
      valuedByAverageCost: byAverage,
    });
    this.markForAdjustment(entry, item, valuationDate);
    return value;
  }

  // ---------------------------------------------------------------- invoice (R62)

  private postInvoice(op: InvoiceOp): void {
    const entry = this.existingEntry(op.lineNo, 'ref', op.itemLedgerEntryNo);
    const item = this.state.item(entry.itemNo);
    if (entry.correction) throw ValidationError.at(op.lineNo, 'ref', `Item ledger entry ${entry.entryNo} is a correction and cannot be invoiced`);
    const sign = entry.positive ? 1 : -1;
    const uninvoiced = entry.quantity.minus(entry.invoicedQuantity).abs();
    if (uninvoiced.isZero()) throw ValidationError.at(op.lineNo, 'ref', `Item ledger entry ${entry.entryNo} is already completely invoiced`);
    const qtyAbs = op.quantity ?? uninvoiced;
    if (!qtyAbs.greaterThan(0)) throw ValidationError.at(op.lineNo, 'quantity', 'The quantity to invoice must be positive');
    if (qtyAbs.greaterThan(uninvoiced)) {
      throw ValidationError.at(op.lineNo, 'quantity', `Item ledger entry ${entry.entryNo} has only ${uninvoiced.toFixed()} not yet invoiced`);
    }
    const qty = qtyAbs.times(sign);
    const prec = this.ctx.precisions;
    const values = this.state.valueEntriesOf(entry.entryNo);
    const reversed = new CostElements();
    const remaining = new CostElements();
    for (const v of values) if (v.entryType !== 'Rounding') remaining.add(v.entryType, v.costAmountExpected);
    for (const t of FLOWING_COST_TYPES) {
      reversed[t] = qtyAbs.eq(uninvoiced) ? remaining[t] : roundTo(remaining[t].times(qtyAbs).div(uninvoiced), prec.amount);
    }
    // R57: an invoice keeps the valuation date of the receipt or shipment; R118 redirects it to
    // the invoice date when that would fall before the Earliest Allowed Valuation Date.
    let valuationDate = this.valuationDateOf(entry);
    if (valuationDateRefusal(this.ctx.window, valuationDate)) valuationDate = op.postingDate;
    this.checkValuationDate(op.lineNo, valuationDate);

    if (entry.positive) {
      // Without a unit cost the invoice takes the Direct Unit Cost the receipt line was posted with
      // (scenario format, `invoice`); for a Standard item the difference to standard is then
      // Purchase Variance (R77), not swallowed by invoicing at the expected (standard) cost.
      const directUnitCost = op.unitCost ?? entry.directUnitCost ?? this.receiptDirectUnitCost(item, entry, remaining.total(), uninvoiced);
      const direct = roundTo(qtyAbs.times(directUnitCost), prec.amount);
      const isPurchase = entry.entryType === 'Purchase';
      const indirect = isPurchase ? roundTo(direct.times(item.indirectCostPercent).div(100).plus(qtyAbs.times(item.overheadRate)), prec.amount) : ZERO;
      const variance = item.costingMethod === 'Standard' ? reversed.total().minus(direct).minus(indirect) : ZERO;
      this.addInvoiceValue(entry, item, op, valuationDate, qty, 'DirectCost', direct, reversed.DirectCost);
      this.addReversalValues(entry, item, op, valuationDate, reversed);
      this.addInvoiceExtras(entry, item, op.postingDate, valuationDate, qty, indirect, variance);
      this.addInvoicedQuantity(item, qty);
      entry.invoicedQuantity = entry.invoicedQuantity.plus(qty);
      this.state.touch(entry);
      this.updateUnitCostOnIncrease(item, entry.entryType, qtyAbs, {
        direct,
        indirect,
        variance,
        standardTotal: null,
        directUnitCost: isPurchase ? directUnitCost : null,
      });
      this.markForAdjustment(entry, item, valuationDate);
      this.flag(entry);
    } else {
      // The cost of a decrease comes from what it applies to (or the average); its invoice moves
      // that cost from expected to actual and takes no price of its own.
      if (op.unitCost !== null) throw ValidationError.at(op.lineNo, 'unitCost', `Item ledger entry ${entry.entryNo} is a decrease: its invoice moves expected cost to actual and takes no unit cost`);
      const actual = reversed.DirectCost;
      this.addInvoiceValue(entry, item, op, valuationDate, qty, 'DirectCost', actual, reversed.DirectCost);
      this.addReversalValues(entry, item, op, valuationDate, reversed, true);
      this.addInvoicedQuantity(item, qty);
      entry.invoicedQuantity = entry.invoicedQuantity.plus(qty);
      this.state.touch(entry);
      this.markForAdjustment(entry, item, valuationDate);
    }
  }

  /**
   * Direct unit cost of a receipt invoiced without a price whose line cost is not on record (a
   * return, or an entry posted before the ledger kept it): its expected cost less overhead.
   */
  private receiptDirectUnitCost(item: CostingItem, entry: ItemLedgerEntry, remainingExpected: Dec, uninvoiced: Dec): Dec {
    const perUnit = remainingExpected.div(uninvoiced);
    if (entry.entryType !== 'Purchase' || item.costingMethod === 'Standard') return roundTo(perUnit, this.ctx.precisions.unitAmount);
    const direct = perUnit.minus(item.overheadRate).div(item.indirectCostPercent.div(100).plus(1));
    return roundTo(direct, this.ctx.precisions.unitAmount);
  }

  private addInvoiceValue(entry: ItemLedgerEntry, item: CostingItem, op: InvoiceOp, valuationDate: IsoDate, qty: Dec, type: ValueEntryType, actual: Dec, expectedReversed: Dec): void {
    this.addValue(entry, item, op.postingDate, {
      valuationDate,
      documentNo: op.documentNo,
      entryType: type,
      valuedQuantity: qty,
      invoicedQuantity: qty,
      costAmountActual: actual,
      costAmountExpected: expectedReversed.negated(),
    });
  }

  /** Expected cost of other types (a revaluation of a Standard receipt, R86) is reversed on invoice. */
  private addReversalValues(entry: ItemLedgerEntry, item: CostingItem, op: InvoiceOp, valuationDate: IsoDate, reversed: CostElements, moveToActual = false): void {
    for (const t of FLOWING_COST_TYPES) {
      if (t === 'DirectCost' || reversed[t].isZero()) continue;
      const parts = t === 'Revaluation' ? this.revaluationReversalByDate(entry, reversed[t], valuationDate) : [{ valuationDate, amount: reversed[t] }];
      for (const part of parts) {
        this.addValue(entry, item, op.postingDate, {
          valuationDate: part.valuationDate,
          documentNo: op.documentNo,
          entryType: t,
          varianceType: t === 'Variance' ? 'Purchase' : null,
          costAmountActual: moveToActual ? part.amount : ZERO,
          costAmountExpected: part.amount.negated(),
        });
      }
    }
  }

  /**
   * R57 rule 4, R89: the revaluation of expected cost that an invoice reverses keeps the
   * valuation date of the revaluation it reverses, not the invoice's or the receipt's, so that it
   * falls in the same average-cost period and the same revaluation scope as what it undoes. With
   * revaluations on several dates, the amount is split over them in proportion, the rounding
   * residual carried to the latest; a revaluation dated before the Earliest Allowed Valuation Date
   * is reversed at `fallback` (the invoice's own valuation date, R118).
   */
  private revaluationReversalByDate(entry: ItemLedgerEntry, amount: Dec, fallback: IsoDate): { valuationDate: IsoDate; amount: Dec }[] {
    const byDate = new Map<IsoDate, Dec>();
    for (const v of this.state.valueEntriesOf(entry.entryNo)) {
      if (v.entryType !== 'Revaluation' || v.costAmountExpected.isZero()) continue;
      const date = valuationDateRefusal(this.ctx.window, v.valuationDate) ? fallback : v.valuationDate;
      byDate.set(date, (byDate.get(date) ?? ZERO).plus(v.costAmountExpected));
    }
    const dates = [...byDate.keys()].filter((d) => !byDate.get(d)!.isZero()).sort();
    const total = dates.reduce((sum, d) => sum.plus(byDate.get(d)!), ZERO);
    if (dates.length === 0 || total.isZero()) return [{ valuationDate: fallback, amount }];
    const parts: { valuationDate: IsoDate; amount: Dec }[] = [];
    let left = amount;
    dates.forEach((d, i) => {
      const part = i === dates.length - 1 ? left : roundTo(amount.times(byDate.get(d)!).div(total), this.ctx.precisions.amount);
      left = left.minus(part);
      if (!part.isZero()) parts.push({ valuationDate: d, amount: part });
    });
    return parts;
  }

  // ---------------------------------------------------------------- item charges (R67, R77)

  private postItemCharge(op: ItemChargeOp): void {
    if (op.assignments.length === 0) throw ValidationError.at(op.lineNo, 'appliesTo', 'An item charge must be assigned to at least one entry');
    for (const assignment of op.assignments) {
      const entry = this.existingEntry(op.lineNo, 'appliesTo', assignment.itemLedgerEntryNo);
      if (!entry.positive) {
        throw ValidationError.at(op.lineNo, 'appliesTo', `Item ledger entry ${entry.entryNo} is not an inbound entry; item charges are assigned to increases`);
      }
      const item = this.state.item(entry.itemNo);
      // R57: a charge keeps the valuation date of the entry it is charged to.
      const valuationDate = this.valuationDateOf(entry);
      this.checkValuationDate(op.lineNo, valuationDate);
      const amount = roundTo(assignment.amount, this.ctx.precisions.amount);
      const charge = {
        valuationDate,
        entryType: 'DirectCost' as const,
        valuedQuantity: entry.quantity,
        itemChargeNo: op.itemChargeNo,
        genProdPostingGroup: op.genProdPostingGroup,
        documentNo: op.documentNo,
      };
      this.addValue(entry, item, op.postingDate, { ...charge, costAmountActual: amount });
      if (item.costingMethod === 'Standard') {
        // R75/R77: on a Standard item the charge moves the variance, not the inventory value.
        this.addValue(entry, item, op.postingDate, {
          ...charge,
          entryType: 'Variance',
          varianceType: 'Purchase',
          genProdPostingGroup: item.genProdPostingGroup,
          costAmountActual: amount.negated(),
        });
      }
      this.markForAdjustment(entry, item, valuationDate);
      this.flag(entry);
    }
  }

  // ---------------------------------------------------------------- undo (R30, R133)

  private postUndo(op: UndoOp): void {
    const original = this.existingEntry(op.lineNo, 'ref', op.itemLedgerEntryNo);
    const item = this.state.item(original.itemNo);
    const field = 'ref';
    if (original.entryType !== 'Purchase' && original.entryType !== 'Sale') {
      throw ValidationError.at(op.lineNo, field, `Only receipts and shipments can be undone; entry ${original.entryNo} is a ${original.entryType} entry`);
    }
    if (original.correction) throw ValidationError.at(op.lineNo, field, `Item ledger entry ${original.entryNo} is itself a correction`);
    if (!original.invoicedQuantity.isZero()) {
      throw ValidationError.at(op.lineNo, field, `Item ledger entry ${original.entryNo} is invoiced and cannot be undone; post a return instead`);
    }
    const values = this.state.valueEntriesOf(original.entryNo);
    const line: JournalLineOp = {
      kind: 'line',
      lineNo: op.lineNo,
      postingDate: op.postingDate,
      documentNo: original.documentNo,
      entryType: original.entryType,
      itemNo: original.itemNo,
      quantity: ZERO,
      unitCost: null,
      amount: null,
      locationCode: original.locationCode,
      variantCode: original.variantCode,
      newLocationCode: null,
      invoice: false,
      appliesToEntry: null,
      appliesFromEntry: null,
      serialNo: original.serialNo,
      lotNo: original.lotNo,
      genBusPostingGroup: original.genBusPostingGroup,
      correction: true,
    };
    const reversal = entryCost(values).negated();
    if (original.positive) {
      // Undo Receipt: a decrease fixed-applied to the receipt, at its exact (expected) cost.
      if (!original.remainingQuantity.eq(original.quantity)) {
        throw ValidationError.at(op.lineNo, field, `Receipt entry ${original.entryNo} has already been applied to decreases and cannot be undone`);
      }
      const correction = this.newEntry({ ...line, appliesToEntry: original.entryNo }, item, original.locationCode, original.quantity.negated(), false);
      this.state.addApplication({
        itemLedgerEntryNo: correction.entryNo,
        inboundItemEntryNo: original.entryNo,
        outboundItemEntryNo: correction.entryNo,
        quantity: original.quantity.negated(),
        postingDate: op.postingDate,
        costApplication: false,
        transferredFromEntryNo: null,
      });
      this.state.setRemaining(original, ZERO);
      this.state.setRemaining(correction, ZERO);
      this.addUndoValue(correction, item, op, this.valuationDateOf(original), reversal);
    } else {
      // Undo Shipment: an increase cost-applied to the shipment (R133); if the shipment was never
      // applied (negative inventory), both entries stay open, as in Business Central (R132–R135).
      if ((this.state.costAppliedQuantity.get(original.entryNo) ?? ZERO).greaterThan(0)) {
        throw ValidationError.at(op.lineNo, field, `Shipment entry ${original.entryNo} has already been reversed`);
      }
      const correction = this.newEntry({ ...line, appliesFromEntry: original.entryNo }, item, original.locationCode, original.quantity.negated(), false);
      this.state.costAppliedQuantity.set(original.entryNo, correction.quantity);
      this.state.addApplication({
        itemLedgerEntryNo: correction.entryNo,
        inboundItemEntryNo: correction.entryNo,
        outboundItemEntryNo: original.entryNo,
        quantity: correction.quantity,
        postingDate: op.postingDate,
        costApplication: true,
        transferredFromEntryNo: null,
      });
      // At the shipment's exact cost; later changes reach it through the shipment's sources.
      this.addUndoValue(correction, item, op, op.postingDate, reversal);
    }
  }

  private addUndoValue(correction: ItemLedgerEntry, item: CostingItem, op: UndoOp, valuationDate: IsoDate, cost: Dec): void {
    this.checkValuationDate(op.lineNo, valuationDate);
    this.addValue(correction, item, op.postingDate, {
      valuationDate,
      entryType: 'DirectCost',
      valuedQuantity: correction.quantity,
      itemLedgerEntryQuantity: correction.quantity,
      costAmountExpected: cost,
      expectedCost: true,
    });
    this.markForAdjustment(correction, item, valuationDate);
  }

  // ---------------------------------------------------------------- shared helpers

  private existingEntry(lineNo: number, field: string, entryNo: number): ItemLedgerEntry {
    const entry = this.state.entries.get(entryNo);
    if (!entry) throw ValidationError.at(lineNo, field, `Item ledger entry ${entryNo} does not exist`);
    return entry;
  }

  private checkSameSku(lineNo: number, field: string, entry: ItemLedgerEntry, other: ItemLedgerEntry): void {
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

  private checkValuationDate(lineNo: number, valuationDate: IsoDate): void {
    const refusal = valuationDateRefusal(this.ctx.window, valuationDate);
    if (refusal) throw PostingRefusedError.at(lineNo, 'postingDate', refusal);
  }

  /**
   * Valuation date of an entry: that of its first value entry; with `latest`, the latest of all
   * its value entries (R57 rule 3 looks at every value entry of the increases applied to).
   */
  private valuationDateOf(entry: ItemLedgerEntry, latest = false): IsoDate {
    const values = this.state.valueEntriesOf(entry.entryNo);
    if (values.length === 0) return entry.postingDate;
    if (!latest) return values[0].valuationDate;
    let date = values[0].valuationDate;
    for (const v of values) if (v.valuationDate > date) date = v.valuationDate;
    return date;
  }

  private flag(entry: ItemLedgerEntry): void {
    if (!entry.positive) return;
    if (!entry.appliedEntryToAdjust) {
      entry.appliedEntryToAdjust = true;
      this.state.touch(entry);
    }
  }

  /** R40: every posted value marks its item unadjusted, and its entry point for Average items. */
  private markForAdjustment(entry: ItemLedgerEntry, item: CostingItem, valuationDate: IsoDate): void {
    if (item.costIsAdjusted) {
      item.costIsAdjusted = false;
      this.state.changeItem(item);
    }
    if (item.costingMethod === 'Average') this.markEntryPoint(entry, item, valuationDate);
  }

  private markEntryPoint(entry: ItemLedgerEntry, item: CostingItem, valuationDate: IsoDate): void {
    this.state.markEntryPoint({
      itemNo: item.no,
      variantCode: entry.variantCode,
      locationCode: entry.locationCode,
      valuationDate: periodEnd(this.ctx.calendar, valuationDate),
    });
  }

  private addInvoicedQuantity(item: CostingItem, qty: Dec): void {
    this.state.invoicedQuantityByItem.set(item.no, this.state.invoicedQuantity(item.no).plus(qty));
  }

  private addValue(entry: ItemLedgerEntry, item: CostingItem, postingDate: IsoDate, fields: ValueFields): ValueEntry {
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
    });
    this.current.valueEntryNos.push(value.entryNo);
    return value;
  }
}

interface InboundCost {
  direct: Dec;
  indirect: Dec;
  variance: Dec;
  /** Standard items: quantity × standard cost, the value the entry must end at. */
  standardTotal: Dec | null;
  directUnitCost: Dec | null;
}

interface ValueFields {
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
