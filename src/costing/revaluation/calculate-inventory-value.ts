/**
 * Calculate Inventory Value (costing-rules §11, R82–R88): the revaluable quantity of an item as of
 * a date and what it is worth, per item (optionally by location and variant) or per item ledger
 * entry. Pure: the service loads the item's increases posted up to the date, their value entries
 * and their applications, and the item's totals for Average items.
 */
import { Dec, roundTo, ZERO } from '../../common/decimal';
import type { IsoDate } from '../../common/dates';
import { isFlowingType } from '../cost-elements';
import type { CostingItem, ItemApplicationEntry, ItemLedgerEntry, Precisions, ValueEntry } from '../types';

export type CalculatePer = 'Item' | 'ItemLedgerEntry';

export interface InventoryValueInput {
  item: CostingItem;
  asOf: IsoDate;
  calculatePer: CalculatePer;
  byLocation: boolean;
  byVariant: boolean;
  /** Increases of the item posted on or before `asOf`. */
  inbounds: ItemLedgerEntry[];
  valueEntries: Map<number, ValueEntry[]>;
  /** Quantity applications whose inbound entry is one of `inbounds`. */
  applications: ItemApplicationEntry[];
  /** Average items: value and quantity of every entry valued up to `asOf`, per group key. */
  averageTotals?: Map<string, { quantity: Dec; value: Dec }>;
  precisions: Precisions;
}

/** One entry's share of a line: what a revaluation of the line is spread over. */
export interface RevaluableEntry {
  entry: ItemLedgerEntry;
  /** Quantity remaining on `asOf` (the revaluable quantity, R83). */
  quantity: Dec;
  /** What that quantity is worth on `asOf`. */
  value: Dec;
}

export interface InventoryValueLine {
  itemNo: string;
  locationCode: string;
  variantCode: string;
  /** Per entry only. */
  entryNo: number | null;
  quantity: Dec;
  inventoryValueCalculated: Dec;
  unitCostCalculated: Dec;
  entries: RevaluableEntry[];
}

export function calculateInventoryValue(input: InventoryValueInput): InventoryValueLine[] {
  const { item, asOf } = input;
  const appliedByInbound = new Map<number, Dec>();
  for (const a of input.applications) {
    if (a.outboundItemEntryNo === 0 || a.costApplication || a.transferredFromEntryNo !== null || a.postingDate > asOf) continue;
    appliedByInbound.set(a.inboundItemEntryNo, (appliedByInbound.get(a.inboundItemEntryNo) ?? ZERO).plus(a.quantity.abs()));
  }
  const average = item.costingMethod === 'Average';
  const lines = new Map<string, InventoryValueLine>();
  for (const entry of input.inbounds) {
    if (!entry.positive || entry.postingDate > asOf) continue;
    // R83: only fully invoiced entries, except for Standard items.
    if (item.costingMethod !== 'Standard' && !entry.invoicedQuantity.eq(entry.quantity)) continue;
    const remaining = entry.quantity.minus(appliedByInbound.get(entry.entryNo) ?? ZERO);
    // R87: fully applied increases are left out (their decreases are not revalued).
    if (!remaining.greaterThan(0)) continue;
    const value = average ? ZERO : valueOfRemaining(input.valueEntries.get(entry.entryNo) ?? [], entry.quantity, remaining, asOf);
    const key = lineKey(input, entry);
    let line = lines.get(key);
    if (!line) {
      line = {
        itemNo: item.no,
        locationCode: input.byLocation || input.calculatePer === 'ItemLedgerEntry' ? entry.locationCode : '',
        variantCode: input.byVariant || input.calculatePer === 'ItemLedgerEntry' ? entry.variantCode : '',
        entryNo: input.calculatePer === 'ItemLedgerEntry' ? entry.entryNo : null,
        quantity: ZERO,
        inventoryValueCalculated: ZERO,
        unitCostCalculated: ZERO,
        entries: [],
      };
      lines.set(key, line);
    }
    line.entries.push({ entry, quantity: remaining, value });
    line.quantity = line.quantity.plus(remaining);
  }
  for (const line of lines.values()) {
    if (average) valueAtAverage(line, input);
    // Each entry's value is rounded as a revaluation would post it, so the line is their sum.
    for (const e of line.entries) e.value = roundTo(e.value, input.precisions.amount);
    line.inventoryValueCalculated = line.entries.reduce((s, e) => s.plus(e.value), ZERO);
    line.unitCostCalculated = line.quantity.isZero() ? ZERO : roundTo(line.inventoryValueCalculated.div(line.quantity), input.precisions.unitAmount);
  }
  return [...lines.values()];
}

/**
 * What the units of an increase still on hand on `asOf` are worth: its cost per unit (value
 * entries valued up to the date, rounding left out) plus every revaluation up to the date, each
 * spread over the quantity it revalued.
 */
function valueOfRemaining(values: ValueEntry[], quantity: Dec, remaining: Dec, asOf: IsoDate): Dec {
  let base = ZERO;
  let revaluedPerUnit = ZERO;
  for (const v of values) {
    if (v.valuationDate > asOf || !isFlowingType(v.entryType)) continue;
    const amount = v.costAmountActual.plus(v.costAmountExpected);
    if (v.entryType === 'Revaluation' && !v.adjustment && !v.valuedQuantity.isZero()) revaluedPerUnit = revaluedPerUnit.plus(amount.div(v.valuedQuantity));
    else base = base.plus(amount);
  }
  return base.times(remaining).div(quantity).plus(revaluedPerUnit.times(remaining));
}

/** Average items: the revaluable quantity is worth the average cost on hand on `asOf` (R87). */
function valueAtAverage(line: InventoryValueLine, input: InventoryValueInput): void {
  const totals = input.averageTotals?.get(averageKey(input, line)) ?? { quantity: ZERO, value: ZERO };
  const unit = totals.quantity.greaterThan(0) ? totals.value.div(totals.quantity) : ZERO;
  for (const e of line.entries) e.value = unit.times(e.quantity);
}

function lineKey(input: InventoryValueInput, entry: ItemLedgerEntry): string {
  if (input.calculatePer === 'ItemLedgerEntry') return String(entry.entryNo);
  return `${input.byLocation ? entry.locationCode : ''}\u0000${input.byVariant ? entry.variantCode : ''}`;
}

/** Key of the average totals a line is valued with. */
export function averageKey(
  input: Pick<InventoryValueInput, 'byLocation' | 'byVariant'>,
  line: Pick<InventoryValueLine, 'locationCode' | 'variantCode'>,
): string {
  return `${input.byLocation ? line.locationCode : ''}\u0000${input.byVariant ? line.variantCode : ''}`;
}
