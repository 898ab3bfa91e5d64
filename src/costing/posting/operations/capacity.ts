/**
 * Capacity postings (R93, R102): a capacity ledger entry for the time (or units) a work center or
 * resource spent on an order, and its value entries: Direct Cost = quantity × direct unit cost
 * and, when not zero, Indirect Cost = quantity × overhead per unit. Capacity value entries have no
 * item ledger entry (number 0, blank type) and are actual cost at once (R63).
 */
import { Dec, roundTo, ZERO } from '../../../common/decimal';
import type { IsoDate } from '../../../common/dates';
import { ValidationError } from '../../../common/errors';
import type { CapacityLedgerEntry, CostingItem, OrderType } from '../../types';
import type { PostingKernel } from '../kernel';

export interface CapacityOp {
  kind: 'capacity';
  lineNo: number;
  orderNo: string;
  documentNo: string;
  postingDate: IsoDate;
  type: 'WorkCenter' | 'Resource';
  no: string;
  quantity: Dec;
  directUnitCost: Dec;
  overheadPerUnit: Dec;
  subcontracting: boolean;
  genProdPostingGroup: string;
  /** The produced item and the order's location: WIP's account (R104). */
  itemNo: string;
  locationCode: string;
}

/** A production order's capacity line: one capacity ledger entry and its value entries. */
export function postCapacity(k: PostingKernel, op: CapacityOp, entryNo: number): CapacityLedgerEntry {
  if (op.quantity.isZero()) throw ValidationError.at(op.lineNo, 'quantity', 'must not be 0');
  const prec = k.ctx.precisions.amount;
  const capacity: CapacityLedgerEntry = {
    entryNo,
    orderNo: op.orderNo,
    type: op.type,
    no: op.no,
    postingDate: op.postingDate,
    documentNo: op.documentNo,
    quantity: op.quantity,
    subcontracting: op.subcontracting,
    directCost: roundTo(op.quantity.times(op.directUnitCost), prec),
    overheadCost: roundTo(op.quantity.times(op.overheadPerUnit), prec),
  };
  k.checkValuationDate(op.lineNo, op.postingDate);
  addCapacityValues(k, capacity, {
    orderType: 'Production',
    locationCode: op.locationCode,
    item: k.state.item(op.itemNo),
    genProdPostingGroup: op.genProdPostingGroup,
  });
  return capacity;
}

/** The Direct Cost and (when not zero) Indirect Cost value entries of a capacity ledger entry. */
export function addCapacityValues(
  k: PostingKernel,
  capacity: CapacityLedgerEntry,
  order: { orderType: OrderType; locationCode: string; item: CostingItem; genProdPostingGroup: string },
): void {
  const add = (entryType: 'DirectCost' | 'IndirectCost', amount: Dec) => {
    const value = k.state.addValueEntry({
      itemLedgerEntryNo: 0,
      itemNo: '',
      variantCode: '',
      locationCode: order.locationCode,
      postingDate: capacity.postingDate,
      valuationDate: capacity.postingDate,
      documentNo: capacity.documentNo,
      entryType,
      varianceType: null,
      itemLedgerEntryType: '',
      adjustment: false,
      appliesToEntry: null,
      itemChargeNo: null,
      valuedQuantity: capacity.quantity,
      itemLedgerEntryQuantity: ZERO,
      invoicedQuantity: capacity.quantity,
      costAmountActual: amount,
      costAmountExpected: ZERO,
      expectedCost: false,
      valuedByAverageCost: false,
      sourceCode: order.orderType === 'Production' ? 'CAPJNL' : 'ASSEMBLY',
      inventoryPostingGroup: order.item.inventoryPostingGroup,
      genBusPostingGroup: '',
      genProdPostingGroup: order.genProdPostingGroup,
      userId: k.ctx.userId,
      orderType: order.orderType,
      orderNo: capacity.orderNo,
      capacityLedgerEntryNo: capacity.entryNo,
    });
    k.current.valueEntryNos.push(value.entryNo);
  };
  add('DirectCost', capacity.directCost);
  if (!capacity.overheadCost.isZero()) add('IndirectCost', capacity.overheadCost);
}
