/**
 * The item ledgers (costing-rules §1, R1–R5): item ledger entries, their value entries, item
 * application entries and item registers. Append-only, enforced by triggers (migration
 * LedgersAppendOnly): only remaining quantity, open, invoiced quantity and a decrease's later
 * valuation date (R58) move after posting. Entry numbers come from LedgerCounter inside the
 * posting transaction, so they are gap-free and follow posting order.
 *
 * Rows are written in bulk with SQL (ledger-writer.ts, ledger-rows.ts); these schemas give
 * MikroORM the tables for migrations and simple reads.
 */
import { EntitySchema } from '@mikro-orm/core';
import type { Dec } from '../../common/decimal';
import type { IsoDate } from '../../common/dates';
import { DecimalColumnType } from '../../database/decimal-column.type';
import type {
  CapacityLedgerEntry,
  ItemApplicationEntry,
  ItemLedgerEntry,
  ItemLedgerEntryType,
  OrderType,
  ValueEntry,
  ValueEntryItemLedgerEntryType,
  ValueEntryType,
  VarianceType,
} from '../../costing/types';
import { amount, entryNo, date, code } from './columns';

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
  orderNo: string | null = null;
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
    orderNo: { type: 'string', nullable: true },
  },
  indexes: [
    { name: 'item_ledger_entry_item_date_idx', properties: ['itemNo', 'postingDate'] },
    {
      name: 'item_ledger_entry_open_idx',
      expression: 'create index "item_ledger_entry_open_idx" on "item_ledger_entry" ("item_no", "location_code", "variant_code", "positive") where "open"',
    },
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
  itemLedgerEntryType!: ValueEntryItemLedgerEntryType;
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
  orderType: OrderType | null = null;
  orderNo: string | null = null;
  capacityLedgerEntryNo: number | null = null;
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
    orderType: { type: 'string', nullable: true },
    orderNo: { type: 'string', nullable: true },
    capacityLedgerEntryNo: { type: 'integer', nullable: true },
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
    {
      name: 'item_application_entry_link_outbound_idx',
      expression:
        'create index "item_application_entry_link_outbound_idx" on "item_application_entry" ("outbound_item_entry_no") where "cost_application" or "transferred_from_entry_no" is not null',
    },
    {
      name: 'item_application_entry_link_inbound_idx',
      expression:
        'create index "item_application_entry_link_inbound_idx" on "item_application_entry" ("inbound_item_entry_no") where "cost_application" or "transferred_from_entry_no" is not null',
    },
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

/** A capacity ledger entry (R95, R102): a resource's or work center's time used by an order. */
export class CapacityLedgerEntryRow implements CapacityLedgerEntry {
  entryNo!: number;
  orderNo!: string;
  type!: 'WorkCenter' | 'Resource';
  no!: string;
  postingDate!: IsoDate;
  documentNo = '';
  quantity!: Dec;
  subcontracting = false;
  directCost!: Dec;
  overheadCost!: Dec;
}

export const CapacityLedgerEntrySchema = new EntitySchema<CapacityLedgerEntryRow>({
  class: CapacityLedgerEntryRow,
  tableName: 'capacity_ledger_entry',
  properties: {
    entryNo,
    orderNo: { type: 'string' },
    type: { type: 'string' },
    no: { type: 'string' },
    postingDate: date,
    documentNo: code,
    quantity: amount,
    subcontracting: { type: 'boolean', default: false },
    directCost: amount,
    overheadCost: amount,
  },
});

export const ITEM_LEDGER_ENTITIES = [ItemLedgerEntrySchema, ValueEntrySchema, ItemApplicationEntrySchema, ItemRegisterSchema, CapacityLedgerEntrySchema];
