/**
 * Posting a revaluation journal line (R82, R84, R86, R89): the difference between the revalued
 * and the calculated inventory value, spread over the entries the line was calculated from in
 * proportion to their revaluable quantity, each as a Revaluation value entry valued on the
 * revaluation date. The increases are flagged so that cost adjustment carries the new value to
 * the decreases the revaluation reaches (R85).
 */
import { Dec, roundTo, ZERO } from '../../common/decimal';
import type { IsoDate } from '../../common/dates';
import { periodEnd, PeriodCalendar } from '../average-cost-period';
import type { LedgerState } from '../posting/ledger-state';
import { CostingItem, Precisions, SOURCE_CODES, ValueEntry, orderTypeOf } from '../types';
import type { InventoryValueLine } from './calculate-inventory-value';

export interface RevaluationTarget {
  unitCostRevalued?: Dec | null;
  inventoryValueRevalued?: Dec | null;
}

export interface RevaluationContext {
  postingDate: IsoDate;
  documentNo: string;
  precisions: Precisions;
  calendar: PeriodCalendar;
  userId: string;
}

/** Inventory Value (Revalued) of a line: from a unit cost or given directly (R82). */
export function revaluedValue(line: InventoryValueLine, target: RevaluationTarget, precisions: Precisions): Dec {
  if (target.unitCostRevalued !== undefined && target.unitCostRevalued !== null)
    return roundTo(line.quantity.times(target.unitCostRevalued), precisions.amount);
  if (target.inventoryValueRevalued !== undefined && target.inventoryValueRevalued !== null) return roundTo(target.inventoryValueRevalued, precisions.amount);
  throw new Error('a revaluation needs Unit Cost (Revalued) or Inventory Value (Revalued)');
}

export function postRevaluationLine(
  state: LedgerState,
  item: CostingItem,
  line: InventoryValueLine,
  target: RevaluationTarget,
  ctx: RevaluationContext,
): ValueEntry[] {
  const prec = ctx.precisions.amount;
  const total = revaluedValue(line, target, ctx.precisions);
  const entries = [...line.entries].sort((a, b) => a.entry.entryNo - b.entry.entryNo);
  const written: ValueEntry[] = [];
  let distributed = ZERO;
  entries.forEach((share, index) => {
    const last = index === entries.length - 1;
    const revalued = last ? total.minus(distributed) : roundTo(total.times(share.quantity).div(line.quantity), prec);
    distributed = distributed.plus(revalued);
    const amount = revalued.minus(share.value);
    if (amount.isZero()) return;
    const entry = state.entries.get(share.entry.entryNo) ?? share.entry;
    // R83/R86: a Standard entry not yet invoiced has its expected cost revalued too.
    const uninvoicedShare = entry.quantity.minus(entry.invoicedQuantity).div(entry.quantity);
    const expected = uninvoicedShare.isZero() ? ZERO : roundTo(amount.times(uninvoicedShare), prec);
    written.push(
      state.addValueEntry({
        itemLedgerEntryNo: entry.entryNo,
        itemNo: entry.itemNo,
        variantCode: entry.variantCode,
        locationCode: entry.locationCode,
        postingDate: ctx.postingDate,
        valuationDate: ctx.postingDate,
        documentNo: ctx.documentNo,
        entryType: 'Revaluation',
        varianceType: null,
        itemLedgerEntryType: entry.entryType,
        adjustment: false,
        appliesToEntry: null,
        itemChargeNo: null,
        valuedQuantity: share.quantity,
        itemLedgerEntryQuantity: ZERO,
        invoicedQuantity: ZERO,
        costAmountActual: amount.minus(expected),
        costAmountExpected: expected,
        expectedCost: !expected.isZero(),
        valuedByAverageCost: false,
        sourceCode: SOURCE_CODES.revaluationJournal,
        inventoryPostingGroup: item.inventoryPostingGroup,
        genBusPostingGroup: entry.genBusPostingGroup,
        genProdPostingGroup: item.genProdPostingGroup,
        userId: ctx.userId,
        orderType: orderTypeOf(entry.entryType),
        orderNo: entry.orderNo,
        capacityLedgerEntryNo: null,
      }),
    );
    // R85: the decreases the revaluation reaches are adjusted from this increase.
    if (!entry.appliedEntryToAdjust) {
      entry.appliedEntryToAdjust = true;
      state.touch(entry);
    }
    if (item.costingMethod === 'Average') {
      state.markEntryPoint({
        itemNo: item.no,
        variantCode: entry.variantCode,
        locationCode: entry.locationCode,
        valuationDate: periodEnd(ctx.calendar, ctx.postingDate),
      });
    }
  });
  if (written.length) {
    const stateItem = state.item(item.no);
    stateItem.costIsAdjusted = false;
    state.changeItem(stateItem);
  }
  return written;
}
