/**
 * What can be posted to the item ledgers: item journal lines (R1) and the follow-up postings of
 * documents (invoicing a receipt or shipment, assigning an item charge, undoing a receipt or
 * shipment). One batch mixes them freely and posts all or nothing.
 */
import type { Dec } from '../../common/decimal';
import type { IsoDate } from '../../common/dates';
import type { ItemLedgerEntryType } from '../types';

interface OperationBase {
  /** One-based line number in the batch, used in every error about this operation. */
  lineNo: number;
  postingDate: IsoDate;
  documentNo: string;
}

export interface JournalLineOp extends OperationBase {
  kind: 'line';
  entryType: ItemLedgerEntryType;
  itemNo: string;
  /** Item journal convention: positive in the entry type's normal direction; negative reverses it. */
  quantity: Dec;
  /** Inbound: Direct Unit Cost. Outbound: the cost the decrease is first posted at. */
  unitCost: Dec | null;
  /** Total direct cost of the line, instead of a unit cost. */
  amount: Dec | null;
  locationCode: string;
  variantCode: string;
  /** Transfer: the receiving location. */
  newLocationCode: string | null;
  /** Post the invoice with the quantity (true) or only the receipt/shipment at expected cost. */
  invoice: boolean;
  /** Appl.-to Item Entry (R26): fixed quantity application. */
  appliesToEntry: number | null;
  /** Appl.-from Item Entry (R26): cost application of an inbound line. */
  appliesFromEntry: number | null;
  serialNo: string | null;
  lotNo: string | null;
  genBusPostingGroup: string;
  /** Marks the undo postings this engine creates itself (R4 Correction). */
  correction?: boolean;
  /** The order a consumption or output line belongs to (assembly, R95). */
  orderNo?: string | null;
}

export interface InvoiceOp extends OperationBase {
  kind: 'invoice';
  itemLedgerEntryNo: number;
  /** Quantity to invoice, positive, in the entry's own direction; null = all not yet invoiced. */
  quantity: Dec | null;
  /** Inbound: the invoiced direct unit cost. Outbound: the unit cost to move to actual. */
  unitCost: Dec | null;
}

export interface ItemChargeAssignment {
  itemLedgerEntryNo: number;
  amount: Dec;
}

export interface ItemChargeOp extends OperationBase {
  kind: 'itemCharge';
  itemChargeNo: string;
  genProdPostingGroup: string;
  assignments: ItemChargeAssignment[];
}

export interface UndoOp extends OperationBase {
  kind: 'undo';
  itemLedgerEntryNo: number;
}

export type PostingOperation = JournalLineOp | InvoiceOp | ItemChargeOp | UndoOp;

/** Which item ledger entries the operation at `lineNo` created, in order (transfer: out, in). */
export interface OperationResult {
  lineNo: number;
  itemLedgerEntryNos: number[];
  valueEntryNos: number[];
}
