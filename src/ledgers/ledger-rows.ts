/**
 * The one mapping between ledger tables and the costing core's records: column lists for SELECT
 * and COPY, and row converters. Reads use array rows (no per-row object keys) because the
 * adjustment reads millions of them, but every field is read by its column's name (`r[ILE.lot_no]`),
 * through an index built once from the column list: adding a column means adding it to the list,
 * the reader and the writer here, the entity and a migration — nowhere else.
 */
import { decFromText } from '../common/decimal';
import { copyBool, copyDec, copyInt, copyText } from '../database/sql-session';
import { sharedText } from '../common/shared-text';
import type {
  AdjustmentItemEntry,
  AdjustmentValueEntry,
  AvgCostEntryPoint,
  ItemApplicationEntry,
  ItemLedgerEntry,
  ItemLedgerEntryType,
  OrderType,
  ValueEntry,
  ValueEntryItemLedgerEntryType,
  ValueEntryType,
  VarianceType,
} from '../costing/types';

type ColumnIndex<T extends readonly string[]> = { readonly [K in T[number]]: number };

/** Position of each column in a row read with `columns` (built once per column list). */
function columnIndex<const T extends readonly string[]>(columns: T): ColumnIndex<T> {
  return Object.fromEntries(columns.map((c, i) => [c, i])) as ColumnIndex<T>;
}

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
  'order_no',
] as const;
const ILE = columnIndex(ILE_COLUMNS);

/**
 * An entry from its row. The "Applied Entry to Adjust" flag is not on the row (see
 * AppliedEntryToAdjust); readers that need it set it from that table, writers sync it back.
 */
export function ileFromRow(r: unknown[]): ItemLedgerEntry {
  return {
    entryNo: r[ILE.entry_no] as number,
    itemNo: r[ILE.item_no] as string,
    variantCode: r[ILE.variant_code] as string,
    locationCode: r[ILE.location_code] as string,
    postingDate: r[ILE.posting_date] as string,
    entryType: r[ILE.entry_type] as ItemLedgerEntryType,
    documentNo: r[ILE.document_no] as string,
    quantity: decFromText(r[ILE.quantity] as string),
    remainingQuantity: decFromText(r[ILE.remaining_quantity] as string),
    invoicedQuantity: decFromText(r[ILE.invoiced_quantity] as string),
    open: r[ILE.open] as boolean,
    positive: r[ILE.positive] as boolean,
    correction: r[ILE.correction] as boolean,
    appliesToEntry: r[ILE.applies_to_entry] as number | null,
    serialNo: r[ILE.serial_no] as string | null,
    lotNo: r[ILE.lot_no] as string | null,
    appliedEntryToAdjust: false,
    genBusPostingGroup: r[ILE.gen_bus_posting_group] as string,
    directUnitCost: r[ILE.direct_unit_cost] === null ? null : decFromText(r[ILE.direct_unit_cost] as string),
    orderNo: r[ILE.order_no] as string | null,
  };
}

/** An item ledger entry as a COPY text line in ILE_COLUMNS' order (without the newline). */
export function ileCopyLine(e: ItemLedgerEntry): string {
  return (
    `${copyInt(e.entryNo)}\t${copyText(e.itemNo)}\t${copyText(e.variantCode)}\t${copyText(e.locationCode)}\t${copyText(e.postingDate)}` +
    `\t${copyText(e.entryType)}\t${copyText(e.documentNo)}\t${copyDec(e.quantity)}\t${copyDec(e.remainingQuantity)}\t${copyDec(e.invoicedQuantity)}` +
    `\t${copyBool(e.open)}\t${copyBool(e.positive)}\t${copyBool(e.correction)}\t${copyInt(e.appliesToEntry)}\t${copyText(e.serialNo)}` +
    `\t${copyText(e.lotNo)}\t${copyText(e.genBusPostingGroup)}\t${copyDec(e.directUnitCost)}\t${copyText(e.orderNo)}`
  );
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
  'order_type',
  'order_no',
  'capacity_ledger_entry_no',
] as const;
const VE = columnIndex(VE_COLUMNS);

export function veFromRow(r: unknown[]): ValueEntry {
  return {
    entryNo: r[VE.entry_no] as number,
    itemLedgerEntryNo: r[VE.item_ledger_entry_no] as number,
    itemNo: r[VE.item_no] as string,
    variantCode: r[VE.variant_code] as string,
    locationCode: r[VE.location_code] as string,
    postingDate: r[VE.posting_date] as string,
    valuationDate: r[VE.valuation_date] as string,
    documentNo: r[VE.document_no] as string,
    entryType: r[VE.entry_type] as ValueEntryType,
    varianceType: r[VE.variance_type] as VarianceType | null,
    itemLedgerEntryType: r[VE.item_ledger_entry_type] as ValueEntryItemLedgerEntryType,
    adjustment: r[VE.adjustment] as boolean,
    appliesToEntry: r[VE.applies_to_entry] as number | null,
    itemChargeNo: r[VE.item_charge_no] as string | null,
    valuedQuantity: decFromText(r[VE.valued_quantity] as string),
    itemLedgerEntryQuantity: decFromText(r[VE.item_ledger_entry_quantity] as string),
    invoicedQuantity: decFromText(r[VE.invoiced_quantity] as string),
    costAmountActual: decFromText(r[VE.cost_amount_actual] as string),
    costAmountExpected: decFromText(r[VE.cost_amount_expected] as string),
    expectedCost: r[VE.expected_cost] as boolean,
    valuedByAverageCost: r[VE.valued_by_average_cost] as boolean,
    sourceCode: r[VE.source_code] as string,
    inventoryPostingGroup: r[VE.inventory_posting_group] as string,
    genBusPostingGroup: r[VE.gen_bus_posting_group] as string,
    genProdPostingGroup: r[VE.gen_prod_posting_group] as string,
    userId: r[VE.user_id] as string,
    orderType: r[VE.order_type] as OrderType | null,
    orderNo: r[VE.order_no] as string | null,
    capacityLedgerEntryNo: r[VE.capacity_ledger_entry_no] as number | null,
  };
}

/** A value entry as a COPY text line in VE_COLUMNS' order (without the newline). */
export function veCopyLine(v: ValueEntry): string {
  return (
    `${copyInt(v.entryNo)}\t${copyInt(v.itemLedgerEntryNo)}\t${copyText(v.itemNo)}\t${copyText(v.variantCode)}\t${copyText(v.locationCode)}` +
    `\t${copyText(v.postingDate)}\t${copyText(v.valuationDate)}\t${copyText(v.documentNo)}\t${copyText(v.entryType)}\t${copyText(v.varianceType)}` +
    `\t${copyText(v.itemLedgerEntryType)}\t${copyBool(v.adjustment)}\t${copyInt(v.appliesToEntry)}\t${copyText(v.itemChargeNo)}` +
    `\t${copyDec(v.valuedQuantity)}\t${copyDec(v.itemLedgerEntryQuantity)}\t${copyDec(v.invoicedQuantity)}\t${copyDec(v.costAmountActual)}` +
    `\t${copyDec(v.costAmountExpected)}\t${copyBool(v.expectedCost)}\t${copyBool(v.valuedByAverageCost)}\t${copyText(v.sourceCode)}` +
    `\t${copyText(v.inventoryPostingGroup)}\t${copyText(v.genBusPostingGroup)}\t${copyText(v.genProdPostingGroup)}\t${copyText(v.userId)}` +
    `\t${copyText(v.orderType)}\t${copyText(v.orderNo)}\t${copyInt(v.capacityLedgerEntryNo)}`
  );
}

/**
 * The columns Adjust Cost reads (AdjustmentItemEntry, AdjustmentValueEntry). Their readers repeat
 * part of the full readers on purpose: building the full entry from the narrow one (a spread, or
 * fields added afterwards) made posting, which reads whole item histories through the full
 * readers, 10–40 % slower (bench:journal: 4,300–4,600 lines/s written out, 3,900 with fields
 * added, 2,300 with a spread). The adjustment reads millions of rows: fetching and parsing a
 * field it never looks at costs it time.
 */
export const ILE_ADJUST_COLUMNS = [
  'entry_no',
  'item_no',
  'variant_code',
  'location_code',
  'posting_date',
  'entry_type',
  'quantity',
  'remaining_quantity',
  'invoiced_quantity',
  'open',
  'positive',
  'applies_to_entry',
  'order_no',
] as const;
const ILE_ADJUST = columnIndex(ILE_ADJUST_COLUMNS);

/** The "Applied Entry to Adjust" flag is set by the loader from its own table. */
export function adjustmentEntryFromRow(r: unknown[]): AdjustmentItemEntry {
  return {
    entryNo: r[ILE_ADJUST.entry_no] as number,
    itemNo: sharedText(r[ILE_ADJUST.item_no] as string),
    variantCode: sharedText(r[ILE_ADJUST.variant_code] as string),
    locationCode: sharedText(r[ILE_ADJUST.location_code] as string),
    postingDate: sharedText(r[ILE_ADJUST.posting_date] as string),
    entryType: sharedText(r[ILE_ADJUST.entry_type] as string) as ItemLedgerEntryType,
    quantity: decFromText(r[ILE_ADJUST.quantity] as string),
    remainingQuantity: decFromText(r[ILE_ADJUST.remaining_quantity] as string),
    invoicedQuantity: decFromText(r[ILE_ADJUST.invoiced_quantity] as string),
    open: r[ILE_ADJUST.open] as boolean,
    positive: r[ILE_ADJUST.positive] as boolean,
    appliesToEntry: r[ILE_ADJUST.applies_to_entry] as number | null,
    orderNo: r[ILE_ADJUST.order_no] as string | null,
    appliedEntryToAdjust: false,
  };
}

export const VE_ADJUST_COLUMNS = [
  'entry_no',
  'item_ledger_entry_no',
  'posting_date',
  'valuation_date',
  'document_no',
  'entry_type',
  'variance_type',
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
const VE_ADJUST = columnIndex(VE_ADJUST_COLUMNS);

type EntryPlace = Pick<AdjustmentItemEntry, 'itemNo' | 'variantCode' | 'locationCode'>;

/**
 * A value entry as the adjustment reads it; item, variant and location are its item ledger
 * entry's (the same strings: not read and parsed again for every value entry, issue 12).
 */
function adjustmentValueFromRow(r: unknown[], entry: EntryPlace): AdjustmentValueEntry {
  return {
    entryNo: r[VE_ADJUST.entry_no] as number,
    itemLedgerEntryNo: r[VE_ADJUST.item_ledger_entry_no] as number,
    itemNo: entry.itemNo,
    variantCode: entry.variantCode,
    locationCode: entry.locationCode,
    postingDate: sharedText(r[VE_ADJUST.posting_date] as string),
    valuationDate: sharedText(r[VE_ADJUST.valuation_date] as string),
    documentNo: r[VE_ADJUST.document_no] as string,
    entryType: sharedText(r[VE_ADJUST.entry_type] as string) as ValueEntryType,
    varianceType: r[VE_ADJUST.variance_type] as VarianceType | null,
    adjustment: r[VE_ADJUST.adjustment] as boolean,
    itemChargeNo: r[VE_ADJUST.item_charge_no] as string | null,
    valuedQuantity: decFromText(r[VE_ADJUST.valued_quantity] as string),
    itemLedgerEntryQuantity: decFromText(r[VE_ADJUST.item_ledger_entry_quantity] as string),
    invoicedQuantity: decFromText(r[VE_ADJUST.invoiced_quantity] as string),
    costAmountActual: decFromText(r[VE_ADJUST.cost_amount_actual] as string),
    costAmountExpected: decFromText(r[VE_ADJUST.cost_amount_expected] as string),
    inventoryPostingGroup: sharedText(r[VE_ADJUST.inventory_posting_group] as string),
    genBusPostingGroup: sharedText(r[VE_ADJUST.gen_bus_posting_group] as string),
    genProdPostingGroup: sharedText(r[VE_ADJUST.gen_prod_posting_group] as string),
  };
}

/** A value entry row of an entry the caller has loaded (`entries` by entry no.), as the adjustment reads it. */
export function adjustmentValueOf(entries: ReadonlyMap<number, EntryPlace>): (r: unknown[]) => AdjustmentValueEntry {
  return (r) => {
    const entry = entries.get(r[VE_ADJUST.item_ledger_entry_no] as number);
    if (!entry) throw new Error(`value entry ${String(r[VE_ADJUST.entry_no])}: its item ledger entry was not loaded`);
    return adjustmentValueFromRow(r, entry);
  };
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
const APP = columnIndex(APP_COLUMNS);

export function appFromRow(r: unknown[]): ItemApplicationEntry {
  return {
    entryNo: r[APP.entry_no] as number,
    itemLedgerEntryNo: r[APP.item_ledger_entry_no] as number,
    inboundItemEntryNo: r[APP.inbound_item_entry_no] as number,
    outboundItemEntryNo: r[APP.outbound_item_entry_no] as number,
    quantity: decFromText(r[APP.quantity] as string),
    postingDate: sharedText(r[APP.posting_date] as string),
    costApplication: r[APP.cost_application] as boolean,
    transferredFromEntryNo: r[APP.transferred_from_entry_no] as number | null,
  };
}

/** An item application entry as a COPY text line in APP_COLUMNS' order (without the newline). */
export function appCopyLine(a: ItemApplicationEntry): string {
  return (
    `${copyInt(a.entryNo)}\t${copyInt(a.itemLedgerEntryNo)}\t${copyInt(a.inboundItemEntryNo)}\t${copyInt(a.outboundItemEntryNo)}` +
    `\t${copyDec(a.quantity)}\t${copyText(a.postingDate)}\t${copyBool(a.costApplication)}\t${copyInt(a.transferredFromEntryNo)}`
  );
}

export const ENTRY_POINT_COLUMNS = ['item_no', 'variant_code', 'location_code', 'valuation_date', 'cost_is_adjusted'] as const;
const POINT = columnIndex(ENTRY_POINT_COLUMNS);

export function entryPointFromRow(r: unknown[]): AvgCostEntryPoint {
  return {
    itemNo: r[POINT.item_no] as string,
    variantCode: r[POINT.variant_code] as string,
    locationCode: r[POINT.location_code] as string,
    valuationDate: r[POINT.valuation_date] as string,
    costIsAdjusted: r[POINT.cost_is_adjusted] as boolean,
  };
}

/** `SELECT <columns> FROM <table> <alias>` with every column qualified by the alias. */
export function selectList(columns: readonly string[], alias: string): string {
  return columns.map((c) => `${alias}.${c}`).join(', ');
}
