/**
 * The ledgers (costing-rules §1, R1–R9, R8). Append-only: postings insert rows; only bookkeeping
 * fields move afterwards (remaining quantity, open, invoiced quantity, adjusted flags, cost posted
 * to G/L, the valuation date of a decrease when it finally applies, R58). Entry numbers are
 * allocated by LedgerCounters inside the posting transaction, so they are gap-free and follow
 * posting order.
 *
 * Rows are written in bulk with SQL (see ledger-writer.ts); these schemas give MikroORM the tables
 * for migrations and simple reads.
 */
import { EntitySchema } from '@mikro-orm/core';
import type { Dec } from '../../common/decimal';
import type { IsoDate } from '../../common/dates';
import { DecimalColumnType } from '../../database/decimal-column.type';
import type {
  AvgCostEntryPoint,
  ItemApplicationEntry,
  ItemLedgerEntry,
  ItemLedgerEntryType,
  ValueEntry,
  ValueEntryType,
  VarianceType,
} from '../../costing/types';

const amount = { type: DecimalColumnType, columnType: 'numeric', default: '0' } as const;
const entryNo = { type: 'integer', primary: true, autoincrement: false } as const;
const date = { type: 'date', columnType: 'date' } as const;
const code = { type: 'string', default: '' } as const;

/** An item ledger entry row; its "Applied Entry to Adjust" flag lives in AppliedEntryToAdjust. */
export class ItemLedgerEntryRow implements Omit<ItemLedgerEntry, 'appliedEntryToAdjust'> {
  entryNo!: number;
  itemNo!: string;
  variantCode = '';
  locationCode = '';
  postingDate!: IsoDate;
  entryType!: ItemLedgerEntryType;
  documentNo = '';
  quantity!: Dec;
  remainingQuantity!: Dec;
  invoicedQuantity!: Dec;
  open!: boolean;
  positive!: boolean;
  correction = false;
  appliesToEntry: number | null = null;
  serialNo: string | null = null;
  lotNo: string | null = null;
  genBusPostingGroup = '';
  directUnitCost: Dec | null = null;
}

export const ItemLedgerEntrySchema = new EntitySchema<ItemLedgerEntryRow>({
  class: ItemLedgerEntryRow,
  tableName: 'item_ledger_entry',
  properties: {
    entryNo,
    itemNo: { type: 'string' },
    variantCode: code,
    locationCode: code,
    postingDate: date,
    entryType: { type: 'string' },
    documentNo: code,
    quantity: amount,
    remainingQuantity: amount,
    invoicedQuantity: amount,
    open: { type: 'boolean' },
    positive: { type: 'boolean' },
    correction: { type: 'boolean', default: false },
    appliesToEntry: { type: 'integer', nullable: true },
    serialNo: { type: 'string', nullable: true },
    lotNo: { type: 'string', nullable: true },
    genBusPostingGroup: code,
    directUnitCost: { type: DecimalColumnType, columnType: 'numeric', nullable: true },
  },
  indexes: [
    { name: 'item_ledger_entry_item_date_idx', properties: ['itemNo', 'postingDate'] },
    { name: 'item_ledger_entry_open_idx', expression: 'create index "item_ledger_entry_open_idx" on "item_ledger_entry" ("item_no", "location_code", "variant_code", "positive") where "open"' },
  ],
});

export class ValueEntryRow implements ValueEntry {
  entryNo!: number;
  itemLedgerEntryNo!: number;
  itemNo!: string;
  variantCode = '';
  locationCode = '';
  postingDate!: IsoDate;
  valuationDate!: IsoDate;
  documentNo = '';
  entryType!: ValueEntryType;
  varianceType: VarianceType | null = null;
  itemLedgerEntryType!: ItemLedgerEntryType;
  adjustment = false;
  appliesToEntry: number | null = null;
  itemChargeNo: string | null = null;
  valuedQuantity!: Dec;
  itemLedgerEntryQuantity!: Dec;
  invoicedQuantity!: Dec;
  costAmountActual!: Dec;
  costAmountExpected!: Dec;
  expectedCost = false;
  valuedByAverageCost = false;
  sourceCode = '';
  inventoryPostingGroup = '';
  genBusPostingGroup = '';
  genProdPostingGroup = '';
  userId = '';
}

export const ValueEntrySchema = new EntitySchema<ValueEntryRow>({
  class: ValueEntryRow,
  tableName: 'value_entry',
  properties: {
    entryNo,
    itemLedgerEntryNo: { type: 'integer' },
    itemNo: { type: 'string' },
    variantCode: code,
    locationCode: code,
    postingDate: date,
    valuationDate: date,
    documentNo: code,
    entryType: { type: 'string' },
    varianceType: { type: 'string', nullable: true },
    itemLedgerEntryType: { type: 'string' },
    adjustment: { type: 'boolean', default: false },
    appliesToEntry: { type: 'integer', nullable: true },
    itemChargeNo: { type: 'string', nullable: true },
    valuedQuantity: amount,
    itemLedgerEntryQuantity: amount,
    invoicedQuantity: amount,
    costAmountActual: amount,
    costAmountExpected: amount,
    expectedCost: { type: 'boolean', default: false },
    valuedByAverageCost: { type: 'boolean', default: false },
    sourceCode: code,
    inventoryPostingGroup: code,
    genBusPostingGroup: code,
    genProdPostingGroup: code,
    userId: code,
  },
  indexes: [
    { name: 'value_entry_item_ledger_entry_idx', properties: ['itemLedgerEntryNo'] },
    { name: 'value_entry_item_valuation_idx', properties: ['itemNo', 'valuationDate'] },
    { name: 'value_entry_posting_date_idx', properties: ['postingDate'] },
  ],
});

export class ItemApplicationEntryRow implements ItemApplicationEntry {
  entryNo!: number;
  itemLedgerEntryNo!: number;
  inboundItemEntryNo!: number;
  outboundItemEntryNo!: number;
  quantity!: Dec;
  postingDate!: IsoDate;
  costApplication = false;
  transferredFromEntryNo: number | null = null;
}

export const ItemApplicationEntrySchema = new EntitySchema<ItemApplicationEntryRow>({
  class: ItemApplicationEntryRow,
  tableName: 'item_application_entry',
  properties: {
    entryNo,
    itemLedgerEntryNo: { type: 'integer' },
    inboundItemEntryNo: { type: 'integer' },
    outboundItemEntryNo: { type: 'integer' },
    quantity: amount,
    postingDate: date,
    costApplication: { type: 'boolean', default: false },
    transferredFromEntryNo: { type: 'integer', nullable: true },
  },
  indexes: [
    { name: 'item_application_entry_inbound_idx', properties: ['inboundItemEntryNo'] },
    { name: 'item_application_entry_outbound_idx', properties: ['outboundItemEntryNo'] },
    // The links that carry a decrease's cost to an increase (transfers, Appl.-from): a small share
    // of the table, looked up on their own when Average items are recomputed.
    { name: 'item_application_entry_link_outbound_idx', expression: 'create index "item_application_entry_link_outbound_idx" on "item_application_entry" ("outbound_item_entry_no") where "cost_application" or "transferred_from_entry_no" is not null' },
    { name: 'item_application_entry_link_inbound_idx', expression: 'create index "item_application_entry_link_inbound_idx" on "item_application_entry" ("inbound_item_entry_no") where "cost_application" or "transferred_from_entry_no" is not null' },
  ],
});

export class AvgCostAdjmtEntryPointRow implements AvgCostEntryPoint {
  itemNo!: string;
  variantCode = '';
  locationCode = '';
  valuationDate!: IsoDate;
  costIsAdjusted = false;
}

export const AvgCostAdjmtEntryPointSchema = new EntitySchema<AvgCostAdjmtEntryPointRow>({
  class: AvgCostAdjmtEntryPointRow,
  tableName: 'avg_cost_adjmt_entry_point',
  properties: {
    itemNo: { type: 'string', primary: true },
    variantCode: { type: 'string', primary: true },
    locationCode: { type: 'string', primary: true },
    valuationDate: { ...date, primary: true },
    costIsAdjusted: { type: 'boolean', default: false },
  },
  indexes: [
    { name: 'avg_cost_entry_point_pending_idx', expression: 'create index "avg_cost_entry_point_pending_idx" on "avg_cost_adjmt_entry_point" ("item_no", "valuation_date") where not "cost_is_adjusted"' },
  ],
});

/** Item Register: what one posting batch wrote (R9 refers to the last register of a period). */
export class ItemRegister {
  no!: number;
  fromEntryNo = 0;
  toEntryNo = 0;
  fromValueEntryNo = 0;
  toValueEntryNo = 0;
  sourceCode = '';
  userId = '';
  createdAt!: Date;
}

export const ItemRegisterSchema = new EntitySchema<ItemRegister>({
  class: ItemRegister,
  properties: {
    no: entryNo,
    fromEntryNo: { type: 'integer', default: 0 },
    toEntryNo: { type: 'integer', default: 0 },
    fromValueEntryNo: { type: 'integer', default: 0 },
    toValueEntryNo: { type: 'integer', default: 0 },
    sourceCode: code,
    userId: code,
    createdAt: { type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' },
  },
});

/**
 * R40.1 "Applied Entry to Adjust": the inbound entries whose cost cost adjustment must forward,
 * kept as a small table of their own rather than a flag on the ledger row. Flagging inserts a
 * row, adjusting deletes it: a year's adjustment then never rewrites a million ledger rows (and
 * their indexes) just to clear a flag, and finding the work is an index lookup on a short table.
 */
export class AppliedEntryToAdjust {
  itemLedgerEntryNo!: number;
  itemNo!: string;
}

export const AppliedEntryToAdjustSchema = new EntitySchema<AppliedEntryToAdjust>({
  class: AppliedEntryToAdjust,
  properties: {
    itemLedgerEntryNo: { type: 'integer', primary: true, autoincrement: false },
    itemNo: { type: 'string' },
  },
  indexes: [{ name: 'applied_entry_to_adjust_item_idx', properties: ['itemNo'] }],
});

/** R9, R116: closing or reopening an inventory period writes one of these. */
export class InventoryPeriodEntry {
  entryNo!: number;
  endingDate!: IsoDate;
  entryType!: 'Close' | 'ReOpen';
  closingItemRegisterNo: number | null = null;
  userId = '';
  createdAt!: Date;
}

export const InventoryPeriodEntrySchema = new EntitySchema<InventoryPeriodEntry>({
  class: InventoryPeriodEntry,
  properties: {
    entryNo,
    endingDate: date,
    entryType: { type: 'string' },
    closingItemRegisterNo: { type: 'integer', nullable: true },
    userId: code,
    createdAt: { type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' },
  },
});

export class GLEntry {
  entryNo!: number;
  postingDate!: IsoDate;
  accountNo!: string;
  amount!: Dec;
  documentNo = '';
  description = '';
  registerNo!: number;
  sourceCode = '';
  userId = '';
}

export const GLEntrySchema = new EntitySchema<GLEntry>({
  class: GLEntry,
  tableName: 'gl_entry',
  properties: {
    entryNo,
    postingDate: date,
    accountNo: { type: 'string' },
    amount,
    documentNo: code,
    description: code,
    registerNo: { type: 'integer' },
    sourceCode: code,
    userId: code,
  },
  indexes: [{ name: 'gl_entry_account_date_idx', properties: ['accountNo', 'postingDate'] }],
});

export class GLRegister {
  no!: number;
  fromEntryNo = 0;
  toEntryNo = 0;
  sourceCode = '';
  userId = '';
  createdAt!: Date;
}

export const GLRegisterSchema = new EntitySchema<GLRegister>({
  class: GLRegister,
  tableName: 'gl_register',
  properties: {
    no: entryNo,
    fromEntryNo: { type: 'integer', default: 0 },
    toEntryNo: { type: 'integer', default: 0 },
    sourceCode: code,
    userId: code,
    createdAt: { type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' },
  },
});

/**
 * R8: one row per G/L entry created from a value entry. `amount` is the value entry's share of
 * the G/L entry (all of it when posted per entry; its part of the group when posted per posting
 * group), so that every G/L amount can be traced to the value entries behind it.
 */
export class GLItemLedgerRelation {
  glEntryNo!: number;
  valueEntryNo!: number;
  glRegisterNo!: number;
  amount!: Dec;
}

export const GLItemLedgerRelationSchema = new EntitySchema<GLItemLedgerRelation>({
  class: GLItemLedgerRelation,
  tableName: 'gl_item_ledger_relation',
  properties: {
    glEntryNo: { type: 'integer', primary: true, fieldName: 'gl_entry_no' },
    valueEntryNo: { type: 'integer', primary: true },
    glRegisterNo: { type: 'integer', fieldName: 'gl_register_no' },
    amount,
  },
  indexes: [{ name: 'gl_item_ledger_relation_value_entry_idx', properties: ['valueEntryNo'] }],
});

/**
 * Cost Posted to G/L and Expected Cost Posted to G/L of a value entry (R99): bookkeeping kept
 * beside the value entry, one row per entry once it has been posted, written with COPY by Post
 * Inventory Cost to G/L. A value entry never changes after it is written (its row would otherwise
 * be rewritten, with all its indexes, for every posting: 1.5 million updates a year); an entry
 * without a row has posted nothing. The view `value_entry_with_gl` shows both together.
 */
export class ValueEntryGLPosting {
  valueEntryNo!: number;
  glRegisterNo!: number;
  costPostedToGL!: Dec;
  expectedCostPostedToGL!: Dec;
}

export const ValueEntryGLPostingSchema = new EntitySchema<ValueEntryGLPosting>({
  class: ValueEntryGLPosting,
  tableName: 'value_entry_gl_posting',
  properties: {
    valueEntryNo: { type: 'integer', primary: true, autoincrement: false },
    glRegisterNo: { type: 'integer', fieldName: 'gl_register_no' },
    costPostedToGL: { ...amount, fieldName: 'cost_posted_to_gl' },
    expectedCostPostedToGL: { ...amount, fieldName: 'expected_cost_posted_to_gl' },
  },
});

/**
 * Quantity and value on hand per item, location and variant: the sums of all value entries
 * (Item Ledger Entry Quantity; Cost Amount Actual + Expected), kept current by the one function
 * that inserts value entries (ledger-writer.ts), as Business Central keeps SIFT sums. Unit Cost
 * (R23) and the balance before an average-cost period (R52) read it instead of summing history.
 */
export class InventoryTotal {
  itemNo!: string;
  locationCode = '';
  variantCode = '';
  quantity!: Dec;
  value!: Dec;
}

export const InventoryTotalSchema = new EntitySchema<InventoryTotal>({
  class: InventoryTotal,
  properties: {
    itemNo: { type: 'string', primary: true },
    locationCode: { type: 'string', primary: true },
    variantCode: { type: 'string', primary: true },
    quantity: amount,
    value: amount,
  },
});

/** Last entry number used per ledger; locked and moved inside each posting transaction. */
export class LedgerCounter {
  name!: string;
  lastNo = 0;
}

export const LedgerCounterSchema = new EntitySchema<LedgerCounter>({
  class: LedgerCounter,
  properties: {
    name: { type: 'string', primary: true },
    lastNo: { type: 'integer', default: 0 },
  },
});

export const LEDGER_ENTITIES = [
  ItemLedgerEntrySchema,
  AppliedEntryToAdjustSchema,
  ValueEntrySchema,
  ItemApplicationEntrySchema,
  AvgCostAdjmtEntryPointSchema,
  ItemRegisterSchema,
  InventoryPeriodEntrySchema,
  GLEntrySchema,
  GLRegisterSchema,
  GLItemLedgerRelationSchema,
  ValueEntryGLPostingSchema,
  LedgerCounterSchema,
  InventoryTotalSchema,
];
