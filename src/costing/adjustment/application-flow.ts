/**
 * Forwarding cost along item application entries (R40.1, R45): from an increase to the decreases
 * applied to it, and on from a decrease to the increases that take its cost (the receiving leg of
 * a transfer, R35; a return with Appl.-from, R34). Runs in waves until nothing changes; a wave is
 * capped so that a circular chain of applications cannot loop forever (R37, R41.1).
 */
import { roundTo, ZERO } from '../../common/decimal';
import type { IsoDate } from '../../common/dates';
import { CostElements, entryCost, FLOWING_COST_TYPES } from '../cost-elements';
import type { ItemApplicationEntry, AdjustmentItemEntry } from '../types';
import type { AdjustmentBook } from './adjustment-book';
import { adjustAssemblyOutput } from './assembly-orders';
import { adjustProductionOutput } from './production-orders';

export const MAX_WAVES = 100;

export interface FlowOptions {
  upTo: IsoDate | null;
  /** Decreases valued by the average engine instead (Average items, not fixed-applied). */
  valuedByAverage: (entry: AdjustmentItemEntry) => boolean;
}

export interface FlowResult {
  /** Inbound entries whose decreases are now at their cost: their flag can be cleared. */
  visited: Set<number>;
  /** Inbound entries that must stay flagged (a decrease beyond `upTo`, or a circular chain). */
  blocked: Set<number>;
  /** Entries that received an adjustment. */
  changed: Set<number>;
  circular: boolean;
}

export function runApplicationFlow(book: AdjustmentBook, startInbounds: Iterable<number>, options: FlowOptions): FlowResult {
  const result: FlowResult = { visited: new Set(), blocked: new Set(), changed: new Set(), circular: false };
  let wave = sorted(startInbounds);
  for (let round = 0; wave.length > 0; round++) {
    if (round >= MAX_WAVES) {
      wave.forEach((no) => result.blocked.add(no));
      result.circular = true;
      break;
    }
    const next = new Set<number>();
    const outbounds = new Set<number>();
    for (const inboundNo of wave) {
      result.visited.add(inboundNo);
      const inbound = book.entry(inboundNo);
      const link = book.sourceLinkOf(inboundNo);
      const order = book.orderOf(inboundNo);
      if (order) {
        // R94, R96: an output takes its order's cost as it stands now.
        if (options.upTo && book.valuationDateOf(inboundNo) > options.upTo) {
          result.blocked.add(inboundNo);
          continue;
        }
        const changed = order.kind === 'Assembly' ? adjustAssemblyOutput(book, order) : adjustProductionOutput(book, order, inboundNo);
        if (changed) result.changed.add(inboundNo);
      } else if (link) {
        if (options.upTo && book.valuationDateOf(inboundNo) > options.upTo) {
          result.blocked.add(inboundNo);
          continue;
        }
        if (book.adjustTo(inbound, recipientTarget(book, inbound, link), false)) result.changed.add(inboundNo);
        // The source decrease is brought to its cost too: a decrease that now passes its cost on
        // keeps its cost types (outboundTarget), which its increases being unflagged would never
        // make it do. If it changes, this increase takes its new cost in the next wave, as when
        // the source is reached from its increases (a run from scratch).
        outbounds.add(link.outboundItemEntryNo);
      }
      for (const app of book.outboundAppsOf(inboundNo)) outbounds.add(app.outboundItemEntryNo);
    }
    for (const outboundNo of sorted(outbounds)) {
      const outbound = book.entry(outboundNo);
      if (options.valuedByAverage(outbound)) continue;
      if (options.upTo && book.valuationDateOf(outboundNo) > options.upTo) {
        for (const app of book.sourceAppsOf(outboundNo)) result.blocked.add(app.inboundItemEntryNo);
        continue;
      }
      if (book.adjustTo(outbound, outboundTarget(book, outbound), false)) {
        result.changed.add(outboundNo);
        for (const app of book.recipientAppsOf(outboundNo)) next.add(app.inboundItemEntryNo);
        // A component's new cost reaches its order's output (R94, R96).
        for (const output of book.outputsOfConsumption(outboundNo)) next.add(output);
      }
    }
    wave = sorted(next);
  }
  return result;
}

/**
 * What a decrease should cost (R45): for each application, its share of the increase's cost
 * (R85 decides which revaluations reach it); any quantity still unapplied (negative inventory)
 * keeps the unit cost the decrease was posted at. Signed: negative for a decrease.
 *
 * A decrease that passes its cost on to nothing (a sale, a negative adjustment, a consumption)
 * carries two cost types, as when it is posted: Direct Cost (the increase's direct and indirect
 * cost and variance together) and Revaluation. Its adjustment is one Direct Cost entry for the
 * difference (mfg-02: the sale of produced items gets one entry of -16.56, not one per type of the
 * output's cost; ex28: a sale of a purchase with overhead is one Direct Cost entry), plus a
 * Revaluation entry when a revaluation reaches it (R85, ex32). The sending leg of a transfer (and a
 * decrease a return takes its cost from) keeps the types, so that the cost keeps its shares where
 * it moves (the Cost Shares Breakdown, R128).
 */
export function outboundTarget(book: AdjustmentBook, outbound: AdjustmentItemEntry): CostElements {
  const target = new CostElements();
  const apps = book.sourceAppsOf(outbound.entryNo);
  // Applied by one application of its whole quantity (most decreases): nothing left unapplied,
  // known by a comparison instead of sums (this runs for every decrease, wave after wave).
  const whole = apps.length === 1 && apps[0].quantity.eq(outbound.quantity);
  let applied = ZERO;
  for (const app of apps) {
    target.addAll(book.shareOf(app));
    if (!whole) applied = applied.plus(app.quantity.abs());
  }
  const unapplied = whole ? ZERO : outbound.quantity.abs().minus(applied);
  if (unapplied.greaterThan(0)) {
    const original = book.originalCost(outbound.entryNo).negated();
    target.add('DirectCost', roundTo(original.times(unapplied).div(outbound.quantity.abs()), book.settings.precisions.amount));
  }
  if (book.recipientAppsOf(outbound.entryNo).length === 0 && !(target.IndirectCost.isZero() && target.Variance.isZero())) {
    target.add('DirectCost', target.IndirectCost.plus(target.Variance));
    target.IndirectCost = ZERO;
    target.Variance = ZERO;
  }
  return target.negated();
}

/** An increase that takes its cost from a decrease: the same cost per unit, opposite sign (R34, R35). */
export function recipientTarget(book: AdjustmentBook, recipient: AdjustmentItemEntry, link: ItemApplicationEntry): CostElements {
  const source = book.entry(link.outboundItemEntryNo);
  const { actual, expected } = book.currentCost(source.entryNo);
  const ratio = recipient.quantity.div(source.quantity.abs());
  const exact = new CostElements();
  for (const t of FLOWING_COST_TYPES) exact[t] = actual[t].plus(expected[t]).negated().times(ratio);
  return exact.rounded(book.settings.precisions.amount);
}

/**
 * R71: once an increase is fully applied and invoiced, what its decreases took may differ from its
 * cost by rounding; the residual is posted on the increase as a Rounding entry, dated like its
 * last invoiced value entry (R112), so that no cent is ever lost.
 */
export function postRoundingResidual(book: AdjustmentBook, inbound: AdjustmentItemEntry): boolean {
  if (!inbound.remainingQuantity.isZero() || !inbound.invoicedQuantity.eq(inbound.quantity)) return false;
  let taken = ZERO;
  for (const app of book.outboundAppsOf(inbound.entryNo)) {
    taken = taken.plus(book.shareOf(app).total());
  }
  const residual = entryCost(book.valuesOf(inbound.entryNo)).minus(taken);
  if (residual.isZero()) return false;
  let date = inbound.postingDate;
  for (const v of book.valuesOf(inbound.entryNo)) if (!v.adjustment && !v.invoicedQuantity.isZero() && v.postingDate > date) date = v.postingDate;
  book.writeRounding(inbound, residual.negated(), date);
  return true;
}

function sorted(values: Iterable<number>): number[] {
  return [...values].sort((a, b) => a - b);
}
