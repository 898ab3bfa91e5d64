/**
 * Undo of a receipt or shipment not yet invoiced (R30, R133): a correction entry fixed-applied to
 * it, at its exact (expected) cost. Undoing a shipment that was never applied leaves both entries
 * open, as Business Central does (the KNOWN issue, R132–R135).
 */
import { Dec, ZERO } from '../../../common/decimal';
import type { IsoDate } from '../../../common/dates';
import { ValidationError } from '../../../common/errors';
import { entryCost } from '../../cost-elements';
import type { CostingItem, ItemLedgerEntry } from '../../types';
import type { PostingKernel } from '../kernel';
import type { JournalLineOp, UndoOp } from '../operations';

export function postUndo(k: PostingKernel, op: UndoOp): void {
  const original = k.existingEntry(op.lineNo, 'ref', op.itemLedgerEntryNo);
  const item = k.state.item(original.itemNo);
  const field = 'ref';
  if (original.entryType !== 'Purchase' && original.entryType !== 'Sale') {
    throw ValidationError.at(op.lineNo, field, `Only receipts and shipments can be undone; entry ${original.entryNo} is a ${original.entryType} entry`);
  }
  if (original.correction) throw ValidationError.at(op.lineNo, field, `Item ledger entry ${original.entryNo} is itself a correction`);
  if (!original.invoicedQuantity.isZero()) {
    throw ValidationError.at(op.lineNo, field, `Item ledger entry ${original.entryNo} is invoiced and cannot be undone; post a return instead`);
  }
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
    // An undone receipt is applied to (R132), an undone shipment applied from (R133).
    appliesToEntry: original.positive ? original.entryNo : null,
    appliesFromEntry: original.positive ? null : original.entryNo,
    serialNo: original.serialNo,
    lotNo: original.lotNo,
    genBusPostingGroup: original.genBusPostingGroup,
    correction: true,
  };
  const reversal = entryCost(k.state.valueEntriesOf(original.entryNo)).negated();
  if (original.positive) {
    // Undo Receipt: a decrease fixed-applied to the receipt, at its exact (expected) cost.
    if (!original.remainingQuantity.eq(original.quantity)) {
      throw ValidationError.at(op.lineNo, field, `Receipt entry ${original.entryNo} has already been applied to decreases and cannot be undone`);
    }
    const correction = k.newEntry(line, item, original.locationCode, original.quantity.negated(), false);
    k.state.addApplication({
      itemLedgerEntryNo: correction.entryNo,
      inboundItemEntryNo: original.entryNo,
      outboundItemEntryNo: correction.entryNo,
      quantity: original.quantity.negated(),
      postingDate: op.postingDate,
      costApplication: false,
      transferredFromEntryNo: null,
    });
    k.state.setRemaining(original, ZERO);
    k.state.setRemaining(correction, ZERO);
    addUndoValue(k, correction, item, op, k.valuationDateOf(original), reversal);
  } else {
    // Undo Shipment: an increase cost-applied to the shipment (R133); if the shipment was never
    // applied (negative inventory), both entries stay open, as in Business Central (R132–R135).
    if ((k.state.costAppliedQuantity.get(original.entryNo) ?? ZERO).greaterThan(0)) {
      throw ValidationError.at(op.lineNo, field, `Shipment entry ${original.entryNo} has already been reversed`);
    }
    const correction = k.newEntry(line, item, original.locationCode, original.quantity.negated(), false);
    k.state.costAppliedQuantity.set(original.entryNo, correction.quantity);
    k.linkToSource(correction, original, 'costApplication');
    // At the shipment's exact cost; later changes reach it through the shipment's sources.
    addUndoValue(k, correction, item, op, op.postingDate, reversal);
  }
}

function addUndoValue(k: PostingKernel, correction: ItemLedgerEntry, item: CostingItem, op: UndoOp, valuationDate: IsoDate, cost: Dec): void {
  k.checkValuationDate(op.lineNo, valuationDate);
  k.addValue(correction, item, op.postingDate, {
    valuationDate,
    entryType: 'DirectCost',
    valuedQuantity: correction.quantity,
    itemLedgerEntryQuantity: correction.quantity,
    costAmountExpected: cost,
    expectedCost: true,
  });
  k.markForAdjustment(correction, item, valuationDate);
}
