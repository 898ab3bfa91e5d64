/**
 * An item charge (R67): freight, insurance… posted as a Direct Cost value entry on each increase it
 * is assigned to, keeping that entry's valuation date (R57); the costing method may offset it
 * (Standard: the charge moves the variance, not the value, R75, R77). The next adjustment carries
 * it to the decreases that took cost from the entry.
 */
import { roundTo } from '../../../common/decimal';
import { ValidationError } from '../../../common/errors';
import type { PostingKernel } from '../kernel';
import type { ItemChargeOp } from '../operations';

export function postItemCharge(k: PostingKernel, op: ItemChargeOp): void {
  if (op.assignments.length === 0) throw ValidationError.at(op.lineNo, 'appliesTo', 'An item charge must be assigned to at least one entry');
  for (const assignment of op.assignments) {
    const entry = k.existingEntry(op.lineNo, 'appliesTo', assignment.itemLedgerEntryNo);
    if (!entry.positive) {
      throw ValidationError.at(op.lineNo, 'appliesTo', `Item ledger entry ${entry.entryNo} is not an inbound entry; item charges are assigned to increases`);
    }
    const item = k.state.item(entry.itemNo);
    const valuationDate = k.valuationDateOf(entry);
    k.checkValuationDate(op.lineNo, valuationDate);
    const amount = roundTo(assignment.amount, k.ctx.precisions.amount);
    // The fields both value entries of the charge share; each adds its own in front (NEW_KEYS_FIRST).
    const charge = <T extends 'DirectCost' | 'Variance'>(entryType: T, genProdPostingGroup: string) => ({
      valuationDate,
      entryType,
      valuedQuantity: entry.quantity,
      itemChargeNo: op.itemChargeNo,
      genProdPostingGroup,
      documentNo: op.documentNo,
    });
    k.addValue(entry, item, op.postingDate, { costAmountActual: amount, ...charge('DirectCost', op.genProdPostingGroup) });
    const variance = k.policy(item).chargeVariance(amount);
    if (variance !== null) {
      k.addValue(entry, item, op.postingDate, { varianceType: 'Purchase', costAmountActual: variance, ...charge('Variance', item.genProdPostingGroup) });
    }
    k.markForAdjustment(entry, item, valuationDate);
    k.flag(entry);
  }
}
