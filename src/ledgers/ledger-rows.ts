/**
 * The one mapping between ledger tables and the costing core's records: column lists for SELECT
 * and COPY, and row converters. Reads use array rows (no per-row object keys) because the
 * adjustment reads millions of them.
 */
import { Dec } from '../common/decimal';
import type { SqlValue } from '../database/sql-session';
import type {
  AvgCostEntryPoint,
  ItemApplicationEntry,
  ItemLedgerEntry,
  ItemLedgerEntryType,
  ValueEntry,
  ValueEntryType,
  VarianceType,
} from '../costing/types';

export const ILE_COLUMNS = [
  'entry_no',
  'item_no',
  'variant_code',
  'location_code',
  'posting_date',
  'entry_type',
  'document_no',
  'quantity',
  'remaining_quantity',
  'invoiced_quantity',
  'open',
  'positive',
  'correction',
  'applies_to_entry',
  'serial_no',
  'lot_no',
  'gen_bus_posting_group',
  'direct_unit_cost',
] as const;

/**
 * An entry from its row. The "Applied Entry to Adjust" flag is not on the row (see
 * AppliedEntryToAdjust); readers that need it set it from that table, writers sync it back.
 */
export function ileFromRow(r: unknown[]): ItemLedgerEntry {
  return {
    entryNo: r[0] as number,
    itemNo: r[1] as string,
    variantCode: r[2] as string,
    locationCode: r[3] as string,
    postingDate: r[4] as string,
    entryType: r[5] as ItemLedgerEntryType,
    documentNo: r[6] as string,
    quantity: new Dec(r[7] as string),
    remainingQuantity: new Dec(r[8] as string),
    invoicedQuantity: new Dec(r[9] as string),
    open: r[10] as boolean,
    positive: r[11] as boolean,
    correction: r[12] as boolean,
    appliesToEntry: r[13] as number | null,
    serialNo: r[14] as string | null,
    lotNo: r[15] as string | null,
    appliedEntryToAdjust: false,
    genBusPostingGroup: r[16] as string,
    directUnitCost: r[17] === null ? null : new Dec(r[17] as string),
  };
}

export function ileToRow(e: ItemLedgerEntry): SqlValue[] {
  return [
    e.entryNo,
    e.itemNo,
    e.variantCode,
    e.locationCode,
    e.postingDate,
    e.entryType,
    e.documentNo,
    e.quantity,
    e.remainingQuantity,
    e.invoicedQuantity,
    e.open,
    e.positive,
    e.correction,
    e.appliesToEntry,
    e.serialNo,
    e.lotNo,
    e.genBusPostingGroup,
    e.directUnitCost,
  ];
}

export const VE_COLUMNS = [
  'entry_no',
  'item_ledger_entry_no',
  'item_no',
  'variant_code',
  'location_code',
  'posting_date',
  'valuation_date',
  'document_no',
  'entry_type',
  'variance_type',
  'item_ledger_entry_type',
  'adjustment',
  'applies_to_entry',
  'item_charge_no',
  'valued_quantity',
  'item_ledger_entry_quantity',
  'invoiced_quantity',
  'cost_amount_actual',
  'cost_amount_expected',
  'expected_cost',
  'valued_by_average_cost',
  'source_code',
  'inventory_posting_group',
  'gen_bus_posting_group',
  'gen_prod_posting_group',
  'user_id',
] as const;

export function veFromRow(r: unknown[]): ValueEntry {
  return {
    entryNo: r[0] as number,
    itemLedgerEntryNo: r[1] as number,
    itemNo: r[2] as string,
    variantCode: r[3] as string,
    locationCode: r[4] as string,
    postingDate: r[5] as string,
    valuationDate: r[6] as string,
    documentNo: r[7] as string,
    entryType: r[8] as ValueEntryType,
    varianceType: r[9] as VarianceType | null,
    itemLedgerEntryType: r[10] as ItemLedgerEntryType,
    adjustment: r[11] as boolean,
    appliesToEntry: r[12] as number | null,
    itemChargeNo: r[13] as string | null,
    valuedQuantity: new Dec(r[14] as string),
    itemLedgerEntryQuantity: new Dec(r[15] as string),
    invoicedQuantity: new Dec(r[16] as string),
    costAmountActual: new Dec(r[17] as string),
    costAmountExpected: new Dec(r[18] as string),
    expectedCost: r[19] as boolean,
    valuedByAverageCost: r[20] as boolean,
    sourceCode: r[21] as string,
    inventoryPostingGroup: r[22] as string,
    genBusPostingGroup: r[23] as string,
    genProdPostingGroup: r[24] as string,
    userId: r[25] as string,
  };
}

export function veToRow(v: ValueEntry): SqlValue[] {
  return [
    v.entryNo,
    v.itemLedgerEntryNo,
    v.itemNo,
    v.variantCode,
    v.locationCode,
    v.postingDate,
    v.valuationDate,
    v.documentNo,
    v.entryType,
    v.varianceType,
    v.itemLedgerEntryType,
    v.adjustment,
    v.appliesToEntry,
    v.itemChargeNo,
    v.valuedQuantity,
    v.itemLedgerEntryQuantity,
    v.invoicedQuantity,
    v.costAmountActual,
    v.costAmountExpected,
    v.expectedCost,
    v.valuedByAverageCost,
    v.sourceCode,
    v.inventoryPostingGroup,
    v.genBusPostingGroup,
    v.genProdPostingGroup,
    v.userId,
  ];
}

export const APP_COLUMNS = [
  'entry_no',
  'item_ledger_entry_no',
  'inbound_item_entry_no',
  'outbound_item_entry_no',
  'quantity',
  'posting_date',
  'cost_application',
  'transferred_from_entry_no',
] as const;

export function appFromRow(r: unknown[]): ItemApplicationEntry {
  return {
    entryNo: r[0] as number,
    itemLedgerEntryNo: r[1] as number,
    inboundItemEntryNo: r[2] as number,
    outboundItemEntryNo: r[3] as number,
    quantity: new Dec(r[4] as string),
    postingDate: r[5] as string,
    costApplication: r[6] as boolean,
    transferredFromEntryNo: r[7] as number | null,
  };
}

export function appToRow(a: ItemApplicationEntry): SqlValue[] {
  return [a.entryNo, a.itemLedgerEntryNo, a.inboundItemEntryNo, a.outboundItemEntryNo, a.quantity, a.postingDate, a.costApplication, a.transferredFromEntryNo];
}

export const ENTRY_POINT_COLUMNS = ['item_no', 'variant_code', 'location_code', 'valuation_date', 'cost_is_adjusted'] as const;

export function entryPointFromRow(r: unknown[]): AvgCostEntryPoint {
  return { itemNo: r[0] as string, variantCode: r[1] as string, locationCode: r[2] as string, valuationDate: r[3] as string, costIsAdjusted: r[4] as boolean };
}

/** `SELECT <columns> FROM <table> <alias>` with every column qualified by the alias. */
export function selectList(columns: readonly string[], alias: string): string {
  return columns.map((c) => `${alias}.${c}`).join(', ');
}

/**
 * The columns Adjust Cost reads. It reads millions of rows, and parsing a field costs about as
 * much as fetching it, so the loader asks only for what the adjustment core uses; the other
 * fields are filled with neutral values that the core never looks at (documented per field).
 */
export const ILE_ADJUST_COLUMNS = ['entry_no', 'item_no', 'variant_code', 'location_code', 'posting_date', 'entry_type', 'quantity', 'remaining_quantity', 'invoiced_quantity', 'open', 'positive', 'applies_to_entry'] as const;

export function ileForAdjustmentFromRow(r: unknown[]): ItemLedgerEntry {
  return {
    entryNo: r[0] as number,
    itemNo: r[1] as string,
    variantCode: r[2] as string,
    locationCode: r[3] as string,
    postingDate: r[4] as string,
    entryType: r[5] as ItemLedgerEntryType,
    quantity: new Dec(r[6] as string),
    remainingQuantity: new Dec(r[7] as string),
    invoicedQuantity: new Dec(r[8] as string),
    open: r[9] as boolean,
    positive: r[10] as boolean,
    appliesToEntry: r[11] as number | null,
    // Not read by the adjustment: adjustments take document and posting groups from the value
    // entry they correct; tracking and correction play no part in cost flow.
    documentNo: '',
    correction: false,
    serialNo: null,
    lotNo: null,
    genBusPostingGroup: '',
    directUnitCost: null,
    appliedEntryToAdjust: false,
  };
}

export const VE_ADJUST_COLUMNS = [
  'entry_no',
  'item_ledger_entry_no',
  'item_no',
  'variant_code',
  'location_code',
  'posting_date',
  'valuation_date',
  'document_no',
  'entry_type',
  'adjustment',
  'item_charge_no',
  'valued_quantity',
  'item_ledger_entry_quantity',
  'invoiced_quantity',
  'cost_amount_actual',
  'cost_amount_expected',
  'inventory_posting_group',
  'gen_bus_posting_group',
  'gen_prod_posting_group',
] as const;


export function veForAdjustmentFromRow(r: unknown[]): ValueEntry {
  return {
    entryNo: r[0] as number,
    itemLedgerEntryNo: r[1] as number,
    itemNo: r[2] as string,
    variantCode: r[3] as string,
    locationCode: r[4] as string,
    postingDate: r[5] as string,
    valuationDate: r[6] as string,
    documentNo: r[7] as string,
    entryType: r[8] as ValueEntryType,
    adjustment: r[9] as boolean,
    itemChargeNo: r[10] as string | null,
    valuedQuantity: new Dec(r[11] as string),
    itemLedgerEntryQuantity: new Dec(r[12] as string),
    invoicedQuantity: new Dec(r[13] as string),
    costAmountActual: new Dec(r[14] as string),
    costAmountExpected: new Dec(r[15] as string),
    inventoryPostingGroup: r[16] as string,
    genBusPostingGroup: r[17] as string,
    genProdPostingGroup: r[18] as string,
    // Not read by the adjustment: flags and origin of the existing entry.
    varianceType: null,
    itemLedgerEntryType: 'Purchase',
    appliesToEntry: null,
    expectedCost: false,
    valuedByAverageCost: false,
    sourceCode: '',
    userId: '',
  };
}
