/**
 * The ledger model of the costing core (costing-rules §1, R1–R9), as plain data. The core never
 * touches a database: services load these records in bulk, hand them over, and write back what
 * the core returns. Amounts and quantities are Decimals; dates are ISO strings.
 */
import type { Dec } from '../common/decimal';
import type { IsoDate } from '../common/dates';

export const COSTING_METHODS = ['FIFO', 'LIFO', 'Average', 'Standard', 'Specific'] as const;
export type CostingMethod = (typeof COSTING_METHODS)[number];

/** The entry types an item journal line may post (R1). */
export const ITEM_LEDGER_ENTRY_TYPES = ['Purchase', 'Sale', 'PositiveAdjmt', 'NegativeAdjmt', 'Transfer'] as const;
/** Every entry type of the item ledger: the journal's and those orders post (R95). */
export const LEDGER_ENTRY_TYPES = [...ITEM_LEDGER_ENTRY_TYPES, 'Consumption', 'Output', 'AssemblyConsumption', 'AssemblyOutput'] as const;
export type ItemLedgerEntryType = (typeof LEDGER_ENTRY_TYPES)[number];
/** A value entry's item ledger entry type: blank ('') on a capacity value entry, as in Business Central. */
export type ValueEntryItemLedgerEntryType = ItemLedgerEntryType | '';

export const VALUE_ENTRY_TYPES = ['DirectCost', 'IndirectCost', 'Variance', 'Revaluation', 'Rounding'] as const;
export type ValueEntryType = (typeof VALUE_ENTRY_TYPES)[number];

export const VARIANCE_TYPES = ['Purchase', 'Material', 'Capacity', 'CapacityOverhead', 'ManufacturingOverhead', 'Subcontracted'] as const;
export type VarianceType = (typeof VARIANCE_TYPES)[number];

export const AVERAGE_COST_PERIODS = ['Day', 'Week', 'Month', 'Quarter', 'Year', 'AccountingPeriod'] as const;
export type AverageCostPeriod = (typeof AVERAGE_COST_PERIODS)[number];

export const AVERAGE_COST_CALC_TYPES = ['Item', 'ItemLocationVariant'] as const;
export type AverageCostCalcType = (typeof AVERAGE_COST_CALC_TYPES)[number];

export const AUTOMATIC_COST_ADJUSTMENT = ['Never', 'Day', 'Week', 'Month', 'Quarter', 'Year', 'Always'] as const;
export type AutomaticCostAdjustment = (typeof AUTOMATIC_COST_ADJUSTMENT)[number];

/** Source codes written on value entries (R44). */
export const SOURCE_CODES = {
  itemJournal: 'ITEMJNL',
  revaluationJournal: 'REVALJNL',
  adjustment: 'INVTADJMT',
} as const;

/** What the core needs to know about an item. */
export interface CostingItem {
  no: string;
  costingMethod: CostingMethod;
  unitCost: Dec;
  standardCost: Dec;
  lastDirectCost: Dec;
  indirectCostPercent: Dec;
  overheadRate: Dec;
  inventoryPostingGroup: string;
  genProdPostingGroup: string;
  costIsAdjusted: boolean;
}

/** R4. Quantities are signed: inbound positive, outbound negative. */
export interface ItemLedgerEntry {
  entryNo: number;
  itemNo: string;
  variantCode: string;
  locationCode: string;
  postingDate: IsoDate;
  entryType: ItemLedgerEntryType;
  documentNo: string;
  quantity: Dec;
  remainingQuantity: Dec;
  invoicedQuantity: Dec;
  open: boolean;
  positive: boolean;
  correction: boolean;
  /** Fixed application (Appl.-to Item Entry, R26/R30): the entry this one was applied to. */
  appliesToEntry: number | null;
  serialNo: string | null;
  lotNo: string | null;
  /** R40.1: set on an inbound entry whose cost must be forwarded to what is applied to it. */
  appliedEntryToAdjust: boolean;
  genBusPostingGroup: string;
  /**
   * The Direct Unit Cost the inbound line was posted with (R24), null on decreases and on
   * increases valued from another entry. An invoice without a unit cost takes it (scenario format,
   * `invoice`), so a Standard receipt's invoice still books its purchase variance (R77).
   */
  directUnitCost: Dec | null;
  /** The assembly (or production) order that posted the entry, else null (R95). */
  orderNo: string | null;
}

/** R5. Amounts are signed: positive raises inventory value. */
export interface ValueEntry {
  entryNo: number;
  itemLedgerEntryNo: number;
  itemNo: string;
  variantCode: string;
  locationCode: string;
  postingDate: IsoDate;
  valuationDate: IsoDate;
  documentNo: string;
  entryType: ValueEntryType;
  varianceType: VarianceType | null;
  itemLedgerEntryType: ValueEntryItemLedgerEntryType;
  adjustment: boolean;
  /** For an adjustment: the value entry it corrects (R44, R68). */
  appliesToEntry: number | null;
  itemChargeNo: string | null;
  valuedQuantity: Dec;
  itemLedgerEntryQuantity: Dec;
  invoicedQuantity: Dec;
  costAmountActual: Dec;
  costAmountExpected: Dec;
  expectedCost: boolean;
  valuedByAverageCost: boolean;
  sourceCode: string;
  inventoryPostingGroup: string;
  genBusPostingGroup: string;
  genProdPostingGroup: string;
  userId: string;
  /** The order the entry belongs to (consumption, output, capacity), else null; and its kind. */
  orderNo: string | null;
  orderType: OrderType | null;
  /** A capacity value entry's capacity ledger entry; its item ledger entry no. is then 0. */
  capacityLedgerEntryNo: number | null;
}

export type OrderType = 'Production' | 'Assembly';

/** The order type a value entry of an item ledger entry of this type carries (Business Central's Order Type). */
export function orderTypeOf(entryType: ItemLedgerEntryType): OrderType | null {
  return entryType === 'Consumption' || entryType === 'Output'
    ? 'Production'
    : entryType === 'AssemblyConsumption' || entryType === 'AssemblyOutput'
      ? 'Assembly'
      : null;
}

/** A capacity ledger entry: time or units of a work center or resource used by an order (R95, R102). */
export interface CapacityLedgerEntry {
  entryNo: number;
  orderNo: string;
  type: 'WorkCenter' | 'Resource';
  no: string;
  postingDate: IsoDate;
  documentNo: string;
  quantity: Dec;
  subcontracting: boolean;
  directCost: Dec;
  overheadCost: Dec;
}

/**
 * What Adjust Cost reads of an item ledger entry and of a value entry: the loader reads millions
 * of rows and asks the database only for these columns, so the adjustment core is typed to them
 * (a full entry fits too). A field the core starts to use is added here and to the loader's
 * column list; the compiler points at both.
 */
export type AdjustmentItemEntry = Pick<
  ItemLedgerEntry,
  | 'entryNo'
  | 'itemNo'
  | 'variantCode'
  | 'locationCode'
  | 'postingDate'
  | 'entryType'
  | 'quantity'
  | 'remainingQuantity'
  | 'invoicedQuantity'
  | 'open'
  | 'positive'
  | 'appliesToEntry'
  | 'appliedEntryToAdjust'
  | 'orderNo'
>;

export type AdjustmentValueEntry = Pick<
  ValueEntry,
  | 'entryNo'
  | 'itemLedgerEntryNo'
  | 'itemNo'
  | 'variantCode'
  | 'locationCode'
  | 'postingDate'
  | 'valuationDate'
  | 'documentNo'
  | 'entryType'
  | 'varianceType'
  | 'adjustment'
  | 'itemChargeNo'
  | 'valuedQuantity'
  | 'itemLedgerEntryQuantity'
  | 'invoicedQuantity'
  | 'costAmountActual'
  | 'costAmountExpected'
  | 'inventoryPostingGroup'
  | 'genBusPostingGroup'
  | 'genProdPostingGroup'
>;

/**
 * R3. One row per inventory transaction and per application. `quantity` is seen from the entry
 * that created the row: a decrease applying to an increase writes a negative quantity (ex06,
 * ex28), an increase applying to an open decrease a positive one.
 */
export interface ItemApplicationEntry {
  entryNo: number;
  itemLedgerEntryNo: number;
  inboundItemEntryNo: number;
  outboundItemEntryNo: number;
  quantity: Dec;
  postingDate: IsoDate;
  /** R25: cost flows from the outbound to the inbound, quantities untouched (Appl.-from). */
  costApplication: boolean;
  /** Set on the row that links the two legs of a transfer (R35): the outbound leg. */
  transferredFromEntryNo: number | null;
}

/** R6. One per (item, variant, location, last day of the average-cost period). */
export interface AvgCostEntryPoint {
  itemNo: string;
  variantCode: string;
  locationCode: string;
  valuationDate: IsoDate;
  costIsAdjusted: boolean;
}

export function entryPointKey(p: Pick<AvgCostEntryPoint, 'itemNo' | 'variantCode' | 'locationCode' | 'valuationDate'>): string {
  return `${p.itemNo}\u0000${p.variantCode}\u0000${p.locationCode}\u0000${p.valuationDate}`;
}

/** Rounding precisions of General Ledger Setup. */
export interface Precisions {
  amount: Dec;
  unitAmount: Dec;
}

/**
 * The window of dates a posting may carry (R109–R110, R114, R118): the later of the first open
 * inventory period's start and G/L Allow Posting From, the G/L and the user's ranges, and the
 * closed inventory periods.
 */
export interface PostingWindow {
  glAllowFrom: IsoDate | null;
  glAllowTo: IsoDate | null;
  userAllowFrom: IsoDate | null;
  userAllowTo: IsoDate | null;
  /** Ending date of the last closed inventory period, or null when none is closed. */
  lastClosedPeriodEnd: IsoDate | null;
  /** Earliest Allowed Valuation Date (R118), or null. */
  earliestAllowedValuationDate: IsoDate | null;
}
