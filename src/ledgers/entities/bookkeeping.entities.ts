/**
 * Bookkeeping beside the ledgers, moved freely by posting and adjustment: average-cost entry
 * points (R6, R51), the Applied Entry to Adjust queue (R40.1), inventory totals per item,
 * location and variant, and the entry-number counters.
 */
import { EntitySchema } from '@mikro-orm/core';
import type { Dec } from '../../common/decimal';
import type { IsoDate } from '../../common/dates';
import type { AvgCostEntryPoint } from '../../costing/types';
import { amount, date } from './columns';

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
    {
      name: 'avg_cost_entry_point_pending_idx',
      expression: 'create index "avg_cost_entry_point_pending_idx" on "avg_cost_adjmt_entry_point" ("item_no", "valuation_date") where not "cost_is_adjusted"',
    },
  ],
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

/**
 * Quantity and value on hand per item, location and variant: the sums of all value entries
 * (Item Ledger Entry Quantity; Cost Amount Actual + Expected), kept current by the one function
 * that inserts value entries (ledger-writer.ts), as Business Central keeps SIFT sums. Unit Cost
 * (R23) and the balance before an average-cost period (R52) read it instead of summing history.
 * The net invoiced quantity is the sum of the item ledger entries' Invoiced Quantity, kept by the
 * functions that write or move it (ledger-writer.ts, the adjustment's invoiced outputs).
 */
export class InventoryTotal {
  itemNo!: string;
  locationCode = '';
  variantCode = '';
  quantity!: Dec;
  value!: Dec;
  /** Σ Invoiced Quantity of the item ledger entries (R23 asks whether it turns positive). */
  invoicedQuantity!: Dec;
}

export const InventoryTotalSchema = new EntitySchema<InventoryTotal>({
  class: InventoryTotal,
  properties: {
    itemNo: { type: 'string', primary: true },
    locationCode: { type: 'string', primary: true },
    variantCode: { type: 'string', primary: true },
    quantity: amount,
    value: amount,
    invoicedQuantity: amount,
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

export const BOOKKEEPING_ENTITIES = [AvgCostAdjmtEntryPointSchema, AppliedEntryToAdjustSchema, InventoryTotalSchema, LedgerCounterSchema];
