/**
 * Adjust Cost – Item Entries (costing-rules §5), pure. Given one batch of items and the slice of
 * their ledgers that the flags reach, it returns the adjustment and rounding value entries to
 * write and the flags to clear. The service loads and writes; nothing here knows a database.
 *
 * The loop (R41): forward cost along applications (R40.1), recompute the averages of Average
 * items (R40.2), and repeat while one feeds the other: a decrease valued by the average may be the
 * source of a return or a transfer, whose new cost changes a later average. Then rounding (R71).
 */
import type { IsoDate } from '../../common/dates';
import type { PeriodCalendar } from '../average-cost-period';
import type { AverageCostCalcType, CostingItem, ItemApplicationEntry, AdjustmentItemEntry, AdjustmentValueEntry, ValueEntry } from '../types';
import { AdjustmentBook, AdjustmentSettings } from './adjustment-book';
import { postRoundingResidual, runApplicationFlow } from './application-flow';
import { adjustAverageItem, AverageItemInput, valuedByAverage } from './average-cost';
import type { OrderInput } from './adjustment-book';

export const MAX_PASSES = 50;

export interface AdjustCostInput {
  items: readonly CostingItem[];
  entries: readonly AdjustmentItemEntry[];
  valueEntries: readonly AdjustmentValueEntry[];
  applications: readonly ItemApplicationEntry[];
  /** Inbound entries flagged "Applied Entry to Adjust" to start from (R40.1). */
  flaggedInbounds: readonly number[];
  /** Average items with unadjusted entry points, and where to recompute them from (R40.2). */
  averageItems: readonly AverageItemInput[];
  /** Orders whose output is in the batch (R94, R96); their consumption and output entries are in `entries`. */
  orders?: readonly OrderInput[];
  settings: AdjustmentSettings & {
    calendar: PeriodCalendar;
    calcType: AverageCostCalcType;
    /** R47: adjust only what is valued up to this date. */
    upTo: IsoDate | null;
  };
}

export interface AdjustCostResult {
  /** New value entries in the order written; entry numbers are provisional (negative). */
  valueEntries: ValueEntry[];
  /** Inbound entries whose "Applied Entry to Adjust" flag can be cleared. */
  clearedFlags: number[];
  /** Average items whose entry points from `from` (to `upTo`) are now adjusted. */
  adjustedAverageItems: { itemNo: string; from: IsoDate; upTo: IsoDate | null }[];
  /** Entries whose cost changed, for automatic follow-ups (entry points, G/L posting). */
  changedEntries: number[];
  /** Output entries of finished production orders the run invoiced (R94). */
  invoicedOutputs: number[];
  /** Inbound entries left flagged (beyond `upTo`, or a circular chain). */
  blockedEntries: number[];
  warnings: string[];
}

export function adjustCost(input: AdjustCostInput): AdjustCostResult {
  const book = new AdjustmentBook(input, input.settings);
  const averageItemNos = new Set(input.items.filter((i) => i.costingMethod === 'Average').map((i) => i.no));
  const entriesByItem = new Map<string, AdjustmentItemEntry[]>();
  for (const e of input.entries) {
    const list = entriesByItem.get(e.itemNo);
    if (list) list.push(e);
    else entriesByItem.set(e.itemNo, [e]);
  }
  const flowOptions = { upTo: input.settings.upTo, valuedByAverage: (e: AdjustmentItemEntry) => valuedByAverage(e, averageItemNos) };
  const averageByItem = new Map(input.averageItems.map((a) => [a.itemNo, a]));
  const visited = new Set<number>();
  const blocked = new Set<number>();
  const changed = new Set<number>();
  const warnings: string[] = [];

  let wave: Iterable<number> = input.flaggedInbounds;
  let averageDirty = new Set(averageByItem.keys());
  for (let pass = 0; ; pass++) {
    if (pass >= MAX_PASSES) {
      warnings.push(`Cost adjustment stopped after ${MAX_PASSES} passes between applications and averages; the remaining entries stay flagged.`);
      break;
    }
    const flow = runApplicationFlow(book, wave, flowOptions);
    flow.visited.forEach((no) => visited.add(no));
    flow.blocked.forEach((no) => blocked.add(no));
    flow.changed.forEach((no) => changed.add(no));
    if (flow.circular) warnings.push('Circular item applications: cost adjustment stopped following them after the maximum number of levels (R37).');
    for (const no of flow.changed) {
      const e = book.entry(no);
      if (averageByItem.has(e.itemNo)) averageDirty.add(e.itemNo);
    }
    const next = new Set<number>();
    for (const itemNo of averageDirty) {
      const average = averageByItem.get(itemNo) as AverageItemInput;
      const changedHere = adjustAverageItem(book, entriesByItem.get(itemNo) ?? [], average, input.settings);
      for (const no of changedHere) {
        changed.add(no);
        for (const app of book.recipientAppsOf(no)) next.add(app.inboundItemEntryNo);
        for (const output of book.outputsOfConsumption(no)) next.add(output);
      }
    }
    averageDirty = new Set();
    if (next.size === 0) break;
    wave = next;
  }

  // R71: rounding residuals of fully applied increases (not for Average items, R70).
  for (const no of [...visited].sort((a, b) => a - b)) {
    if (blocked.has(no)) continue;
    const e = book.entry(no);
    if (averageItemNos.has(e.itemNo)) continue;
    if (postRoundingResidual(book, e)) changed.add(no);
  }

  return {
    valueEntries: book.newValueEntries,
    clearedFlags: [...visited].filter((no) => !blocked.has(no) && book.entry(no).appliedEntryToAdjust),
    adjustedAverageItems: input.averageItems.map((a) => ({ itemNo: a.itemNo, from: a.from, upTo: input.settings.upTo })),
    changedEntries: [...changed],
    invoicedOutputs: book.invoicedOutputs,
    blockedEntries: [...blocked],
    warnings,
  };
}
