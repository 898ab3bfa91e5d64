import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { addDays, addMonths, IsoDate } from '../common/dates';
import { handled } from '../common/handled';
import { inTransaction, SqlSession, withSession } from '../database/sql-session';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { adjustCost } from '../costing/adjustment/adjust-cost';
import type { AutomaticCostAdjustment } from '../costing/types';
import { SOURCE_CODES } from '../costing/types';
import { clearAdjustmentFlags, insertItemRegister, insertValueEntries, lockCounters, lockItems, saveCounters } from '../ledgers/ledger-writer';
import { CostingSetup, loadCostingSetup } from '../setup/costing-setup';
import { InventoryCostPostingService } from '../posting/inventory-cost-posting.service';
import { AdjustmentRepository } from './adjustment.repository';
import type { BatchSlice } from './adjustment-loader';
import type { BatchCounts } from './adjustment-batches.repository';
import { AdjustmentFanOut } from './adjustment-fan-out';

/**
 * Batches of whole items read ahead of the one being costed (issue 12). With one, PostgreSQL and
 * Node took turns more than they overlapped: the two cores were 1.55 busy on average over a full
 * adjustment at a million entries (/proc/stat), because the read of batch n+2 began only when
 * batch n had committed. With two ahead the full run took 34.35 s on average against 35.49 s over
 * eight alternated pairs (six favour two): about 3 %, within this machine's drift; three were no
 * better (30.72, 37.67 s). Closure batches (an incremental run) stay one ahead: two gained nothing
 * there (1.52, 1.65, 1.90 s against 1.42, 1.76, 1.62 s). Each batch read ahead holds its slice in
 * memory and its items locked until its turn.
 */
export const PIPELINE_DEPTH = 2;

export interface AdjustOptions {
  /** Only these items (R42: filtering is for fixing one item or cutting run time). */
  items?: readonly string[] | null;
  /** R47: adjust what is valued up to this date. */
  upTo?: IsoDate | null;
  /** Automatic adjustment: only work dated from here on (R43). */
  fromDate?: IsoDate | null;
  batchSize?: number;
  /** Batches read ahead of the one being costed (PIPELINE_DEPTH unless given; benchmarks compare). */
  pipelineDepth?: number;
  onProgress?: (progress: AdjustProgress) => void | Promise<void>;
  /**
   * Hand the items out to job workers when any are alive (issue 13; the default). A worker's own
   * job says false: it adjusts its batch here.
   */
  distribute?: boolean;
  /** The run the batches are recorded under when handed out (an API run's id; a new one otherwise). */
  runId?: string;
  /** Called inside each batch's transaction after its writes, with what it wrote (a job's exact counts). */
  onBatchWritten?: (sql: SqlSession, counts: BatchCounts) => Promise<void>;
}

export interface AdjustProgress {
  itemsTotal: number;
  itemsDone: number;
  entriesWritten: number;
  /** When handed out to workers: item batches (jobs) done of total, and done per worker. */
  batchesTotal?: number;
  batchesDone?: number;
  workers?: Record<string, number>;
}

export interface AdjustSummary {
  itemsWithWork: number;
  itemsAdjusted: number;
  entriesWritten: number;
  roundingEntries: number;
  batches: number;
  seconds: number;
  /**
   * Where the time went, summed over batches (the benchmark prints it; issue 12 "measure first").
   * Batches run one ahead, so a batch's loading overlaps the previous one's costing and writing:
   * the phases add up to more than the run's seconds.
   */
  phases: AdjustPhases;
  warnings: string[];
}

export interface AdjustPhases {
  /** Reading the batch's slice of the ledgers. */
  load: number;
  /** The pure costing core (adjustCost). */
  costing: number;
  /** Writing value entries, flags, entry points, registers and items. */
  write: number;
  /** Posting the new entries to G/L in the same transaction (automatic cost posting). */
  post: number;
}

const DEFAULT_BATCH = 250;
/**
 * Item ledger entries a batch holds, about, at most: 174 items of a million-entry year's 200
 * each. Items with a longer history go in smaller batches, so a run's memory stays the same
 * however long the history grows (issue 12: five million entries in the memory of one million).
 * Two batches are in memory at once (one costed, the next read); at 50,000 entries the full
 * adjustment of a million entries peaked at 930–970 MB, at 35,000 (178 items) at 720–760 MB,
 * 2 % slower (alternated: 48.3, 51.3 s against 49.2, 52.2 s).
 */
const BATCH_ENTRIES = 35_000;

/** Items per batch: DEFAULT_BATCH, fewer when the average item has more than BATCH_ENTRIES / DEFAULT_BATCH entries. */
export function batchSizeFor(entriesPerItem: number): number {
  return Math.max(1, Math.min(DEFAULT_BATCH, Math.floor(BATCH_ENTRIES / Math.max(1, entriesPerItem))));
}
/**
 * Rows an incremental batch's slice is sized for (see adjustInPipeline). Two batches are in flight
 * at once, so the run takes about as long as its loads: batches of even size keep both
 * connections busy to the end. Growing four times per small slice instead made one batch of
 * 2,768 items (63,507 rows) whose costing nothing overlapped: a 1 % incremental run of a million
 * entries took 2.54, 2.74, 3.09 s against 1.30, 2.15, 2.35 s at 20,000 rows (alternated runs).
 */
const INCREMENTAL_SLICE_ROWS = 20_000;
const MAX_BATCH_ITEMS = 20_000;
/** Rounds of order-level adjustment after the first (BOM levels of assembled items). */
const MAX_ORDER_LEVELS = 20;

/**
 * Adjust Cost – Item Entries (R42) over the database: finds the items with work (a flagged inbound
 * entry or an unadjusted entry point), and adjusts them batch by batch, each batch one
 * transaction that locks its items only, so posting to other items goes on meanwhile and memory
 * stays bounded by the batch.
 */
@Injectable()
export class AdjustmentService {
  private readonly logger = new Logger('Adjustment');

  constructor(
    private readonly orm: MikroORM,
    private readonly glPosting: InventoryCostPostingService,
    private readonly repository: AdjustmentRepository,
    private readonly fanOut: AdjustmentFanOut,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async adjust(userId: string, options: AdjustOptions = {}): Promise<AdjustSummary> {
    const started = process.hrtime.bigint();
    // Checked before anything is read: a negative read-ahead would start no batch after the first
    // ones and leave items unadjusted without a word.
    const depth = options.pipelineDepth;
    if (depth !== undefined && (!Number.isInteger(depth) || depth < 0)) {
      throw new Error(`pipelineDepth must be a whole number of batches, 0 or more (got ${depth})`);
    }
    const { itemNos, queuedFlags, entriesPerItem } = await inTransaction(this.orm, async (sql) => ({
      ...(await this.repository.itemsWithWork(sql, options.items ?? null)),
      entriesPerItem: await this.repository.entriesPerItem(sql),
    }));
    const slots = options.distribute === false || options.fromDate || itemNos.length === 0 ? 0 : await this.fanOut.workerSlots();
    const handedOut =
      slots > 0 ? await this.fanOut.run(userId, itemNos, entriesPerItem, { upTo: options.upTo, runId: options.runId, slots }, options.onProgress) : null;
    if (handedOut) {
      for (const w of handedOut.warnings) this.logger.warn(w);
      await this.tidyQueue(queuedFlags);
      return { ...handedOut, seconds: Number(process.hrtime.bigint() - started) / 1e9, phases: { load: 0, costing: 0, write: 0, post: 0 } };
    }
    const summary = emptySummary(itemNos.length);
    // A component's new cost flags its assembly outputs (R96), which may belong to items already
    // done: they get another round, one per BOM level at most.
    let round = itemNos;
    for (let level = 0; round.length > 0 && level < MAX_ORDER_LEVELS; level++) {
      const outputItems = new Set<string>();
      await this.adjustInPipeline(userId, round, { ...options, entriesPerItem }, async (result, itemsDone) => {
        merge(summary, result);
        result.flaggedOutputItems.forEach((no) => outputItems.add(no));
        if (level === 0) await options.onProgress?.({ itemsTotal: itemNos.length, itemsDone, entriesWritten: summary.entriesWritten });
      });
      round = [...outputItems].sort();
    }
    // A worker's job leaves this to the run that handed it out (jobs would vacuum side by side).
    if (options.distribute !== false) await this.tidyQueue(queuedFlags);
    summary.seconds = Number(process.hrtime.bigint() - started) / 1e9;
    for (const w of summary.warnings) this.logger.warn(w);
    return summary;
  }

  /**
   * After a run that took many flags off the Applied Entry to Adjust list (a run from scratch takes
   * every inbound entry of the ledger), the list is vacuumed, so that the next run — the
   * incremental one after the next postings, the automatic adjustment inside a posting — does not
   * wade through the dead rows and index entries (a 1 % incremental run of a million entries right
   * after a run from scratch: about a tenth of its time; issue 12). Autovacuum, where it is on (it
   * is off on the benchmark machines' PostgreSQL), would come by, but not before the next run. The
   * run's work is committed by then: a failed vacuum is only logged.
   */
  private async tidyQueue(queuedFlags: number): Promise<void> {
    const threshold = this.config.adjustment.queueVacuumFlags;
    if (threshold === 0 || queuedFlags < threshold) return;
    try {
      await withSession(this.orm, (sql) => this.repository.vacuumQueue(sql));
    } catch (e) {
      this.logger.warn(`Vacuuming the Applied Entry to Adjust list after ${queuedFlags} flags failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /**
   * The batches of a round, each in its own transaction that locks its items only, read ahead:
   * while batch n is costed and written, the next batches (PIPELINE_DEPTH) have locked their items
   * and are reading their slices, so PostgreSQL's reading overlaps Node's costing (issue 12). A
   * batch costs and writes only after every batch before it has committed; if one of those wrote
   * to an entry it read (a consumption entry of one of its orders) or flagged one of its outputs
   * (R96), it reads its slice again, so the result is the same as one batch after the other.
   */
  private async adjustInPipeline(
    userId: string,
    itemNos: string[],
    options: AdjustOptions & { entriesPerItem: number },
    done: (result: BatchResult, itemsDone: number) => Promise<void>,
  ): Promise<void> {
    // Batches of whole items keep the base size, which bounds memory (batchSizeFor). When the flags reach only a
    // part of a batch (an incremental run: a closure read), the next batch takes as many items as
    // make about INCREMENTAL_SLICE_ROWS rows at the rows per item just read: fewer round trips for
    // the same few rows, and batches of even size (never fewer items than the base size, whose
    // memory bound holds for any slice).
    const baseSize = options.batchSize ?? batchSizeFor(options.entriesPerItem);
    let batchSize = baseSize;
    // One read ahead until a batch turns out to read whole items: closure batches (an incremental
    // run) are small, and every batch started before the first is read keeps the base size.
    const readAhead = options.pipelineDepth ?? PIPELINE_DEPTH;
    let depth = Math.min(1, readAhead);
    // The batches started and not yet consumed, oldest first.
    const inFlight: Promise<BatchResult>[] = [];
    let next = 0;
    const start = (): Promise<BatchResult> | null => {
      if (next >= itemNos.length) return null;
      const batch = itemNos.slice(next, next + batchSize);
      next += batch.length;
      // The batches before it that may not have committed while it reads: it costs only after all
      // of them have, and reads again if any of them wrote to it (not only the one just before:
      // test/scenarios/own/assembly-two-components-two-batches-apart.json).
      const earlier = [...inFlight];
      return inTransaction(this.orm, async (sql) => {
        const setup = await loadCostingSetup(sql, userId);
        await lockItems(sql, batch);
        let { slice, seconds: load } = await this.loadSlice(sql, setup, batch, options);
        if (slice.strategy === 'closure') batchSize = Math.max(baseSize, incrementalBatchSize(batch.length, sliceRows(slice)));
        else depth = readAhead;
        const before = await Promise.all(earlier); // all have committed (or one failed: then so does this one)
        if (before.some((b) => wroteTo(b, batch, slice))) {
          const again = await this.loadSlice(sql, setup, batch, options);
          slice = again.slice;
          load += again.seconds;
        }
        const result = await this.costAndWrite(sql, setup, batch, slice, { ...options, postToGL: true });
        result.phases.load = load;
        return result;
      });
    };
    const fill = () => {
      while (inFlight.length <= depth) {
        const started = start();
        if (!started) return;
        inFlight.push(handled(started));
      }
    };
    fill();
    let itemsDone = 0;
    while (inFlight.length) {
      const current = inFlight[0];
      try {
        const result = await current;
        void inFlight.shift(); // its result is in hand: the next batch may start
        fill();
        itemsDone += result.itemsInBatch;
        await done(result, itemsDone);
      } catch (e) {
        // The later batches wait for this one: they roll back if this batch failed (and commit their
        // own independent work if only the progress report failed); either way they settle first.
        await Promise.allSettled(inFlight);
        throw e;
      }
    }
  }

  /**
   * R48 Mark for Adjustment / Reset Cost Is Adjusted: every inbound entry of the items goes on the
   * Applied Entry to Adjust list and every entry point is reset, so that the next run verifies
   * all their decreases. Only schedules work; nothing is posted.
   */
  async markForAdjustment(items: readonly string[] | null): Promise<{ entriesMarked: number; entryPointsReset: number; items: number }> {
    return inTransaction(this.orm, (sql) => this.repository.markForAdjustment(sql, items));
  }

  /**
   * Automatic cost adjustment (R43) inside the posting transaction, for the items the posting
   * touched, limited to work dated within the setup's window back from the work date.
   */
  async adjustAfterPosting(sql: SqlSession, setup: CostingSetup, itemNos: string[], workDate: IsoDate): Promise<AdjustSummary | null> {
    const fromDate = windowStart(setup.automaticCostAdjustment, workDate);
    if (fromDate === undefined || itemNos.length === 0) return null;
    const summary = emptySummary(itemNos.length);
    const options = { fromDate, entriesPerItem: await this.repository.entriesPerItem(sql) };
    const { slice, seconds } = await this.loadSlice(sql, setup, itemNos, options);
    const result = await this.costAndWrite(sql, setup, itemNos, slice, { ...options, postToGL: false });
    result.phases.load = seconds;
    merge(summary, result);
    return summary;
  }

  private async loadSlice(
    sql: SqlSession,
    setup: CostingSetup,
    itemNos: string[],
    options: AdjustOptions & { entriesPerItem: number },
  ): Promise<{ slice: BatchSlice; seconds: number }> {
    const clock = phaseClock();
    const slice = await this.repository.loadBatchSlice(sql, itemNos, {
      calendar: setup.calendar,
      calcType: setup.averageCostCalcType,
      fromDate: options.fromDate ?? null,
      entriesPerItem: options.entriesPerItem,
    });
    return { slice, seconds: clock() };
  }

  /** The pure costing core over a loaded slice, then the writes, in the batch's transaction. */
  private async costAndWrite(
    sql: SqlSession,
    setup: CostingSetup,
    itemNos: string[],
    slice: BatchSlice,
    options: AdjustOptions & { postToGL: boolean },
  ): Promise<BatchResult> {
    const clock = phaseClock();
    const result = adjustCost({
      ...slice,
      settings: {
        precisions: setup.precisions,
        window: setup.window,
        userId: setup.userId,
        calendar: setup.calendar,
        calcType: setup.averageCostCalcType,
        upTo: options.upTo ?? null,
      },
    });
    const costing = clock();
    let post = 0;
    const counters = await lockCounters(sql);
    const values = result.valueEntries.map((v, i) => ({ ...v, entryNo: counters.value_entry + i + 1 }));
    await insertValueEntries(sql, values);
    await clearAdjustmentFlags(sql, result.clearedFlags);
    await this.repository.markOutputsInvoiced(sql, result.invoicedOutputs);
    const settledOutputs = slice.orders.flatMap((o) => (o.kind === 'Assembly' ? [o.outputEntryNo] : o.outputEntryNos));
    const flaggedOutputItems = await this.repository.flagOrderOutputs(sql, result.changedEntries, settledOutputs);
    await this.repository.markProductionOrdersAdjusted(
      sql,
      slice.orders.flatMap((o) =>
        o.kind === 'Production' && o.finished && !o.outputEntryNos.some((no) => result.blockedEntries.includes(no)) ? [o.orderNo] : [],
      ),
    );
    await this.repository.markEntryPointsAdjusted(sql, result.adjustedAverageItems);
    if (values.length) {
      const registerNo = counters.item_register + 1;
      await insertItemRegister(
        sql,
        registerNo,
        { fromEntryNo: 0, toEntryNo: 0, fromValueEntryNo: values[0].entryNo, toValueEntryNo: values[values.length - 1].entryNo },
        SOURCE_CODES.adjustment,
        setup.userId,
      );
      await saveCounters(sql, { value_entry: values[values.length - 1].entryNo, item_register: registerNo });
      // R10, R122: with automatic cost posting, the adjustment reaches G/L in the same transaction
      // (the automatic adjustment after a posting is posted with that posting).
      if (setup.automaticCostPosting && options.postToGL) {
        const before = clock();
        await this.glPosting.postIn(sql, setup, { method: 'PerEntry', fromValueEntryNo: values[0].entryNo });
        post = clock();
        clock.add(before);
      }
    }
    // With no window or date limit every item of the batch is done, unless a circular chain left
    // some flags: then (and with limits) the database says which items still have work.
    const limited = !!options.fromDate || !!options.upTo || result.warnings.length > 0;
    const adjusted = await this.repository.updateItemsAfterAdjustment(sql, itemNos, setup, limited);
    const roundingEntries = values.filter((v) => v.entryType === 'Rounding').length;
    await options.onBatchWritten?.(sql, { itemsAdjusted: adjusted, entriesWritten: values.length, roundingEntries, warnings: result.warnings });
    return {
      itemsInBatch: itemNos.length,
      itemsAdjusted: adjusted,
      entriesWritten: values.length,
      roundingEntries,
      batches: 1,
      phases: { load: 0, costing, write: clock(), post },
      warnings: result.warnings,
      flaggedOutputItems,
      writtenEntryNos: new Set(values.map((v) => v.itemLedgerEntryNo)),
    };
  }
}

/** What one batch did; `writtenEntryNos` and `flaggedOutputItems` tell the next batch whether its slice is stale. */
interface BatchResult extends Omit<AdjustSummary, 'itemsWithWork' | 'seconds'> {
  itemsInBatch: number;
  flaggedOutputItems: string[];
  writtenEntryNos: Set<number>;
}

/** Items for about INCREMENTAL_SLICE_ROWS rows, at the rows per item of a slice of `items` items and `rows` rows. */
export function incrementalBatchSize(items: number, rows: number): number {
  return Math.min(MAX_BATCH_ITEMS, Math.max(1, Math.round((INCREMENTAL_SLICE_ROWS * items) / Math.max(1, rows))));
}

function sliceRows(slice: BatchSlice): number {
  return slice.entries.length + slice.valueEntries.length + slice.applications.length;
}

/**
 * Whether a batch wrote what the next one read before it committed: a value entry on one of its
 * entries (the consumption of an order whose output it adjusts, R94, R96) or a flag on one of its
 * items' outputs. Applications never cross items, so otherwise batches are independent.
 */
function wroteTo(before: BatchResult, batch: readonly string[], slice: BatchSlice): boolean {
  if (before.flaggedOutputItems.some((no) => batch.includes(no))) return true;
  if (before.writtenEntryNos.size === 0) return false;
  return slice.entries.some((e) => before.writtenEntryNos.has(e.entryNo));
}

/**
 * R43: how far back from the work date automatic adjustment reaches; undefined = never,
 * null = no limit.
 */
export function windowStart(setting: AutomaticCostAdjustment, workDate: IsoDate): IsoDate | null | undefined {
  switch (setting) {
    case 'Never':
      return undefined;
    case 'Always':
      return null;
    case 'Day':
      return addDays(workDate, -1);
    case 'Week':
      return addDays(workDate, -7);
    case 'Month':
      return addMonths(workDate, -1);
    case 'Quarter':
      return addMonths(workDate, -3);
    case 'Year':
      return addMonths(workDate, -12);
  }
}

function emptySummary(itemsWithWork: number): AdjustSummary {
  return {
    itemsWithWork,
    itemsAdjusted: 0,
    entriesWritten: 0,
    roundingEntries: 0,
    batches: 0,
    seconds: 0,
    phases: { load: 0, costing: 0, write: 0, post: 0 },
    warnings: [],
  };
}

/**
 * Seconds since the last call (or since creation); `add` puts seconds back on the running lap, so
 * that a nested phase (G/L posting inside the write) is not counted twice.
 */
function phaseClock(): { (): number; add(seconds: number): void } {
  let last = process.hrtime.bigint();
  let carried = 0;
  const lap = () => {
    const now = process.hrtime.bigint();
    const seconds = Number(now - last) / 1e9 + carried;
    last = now;
    carried = 0;
    return seconds;
  };
  return Object.assign(lap, { add: (seconds: number) => void (carried += seconds) });
}

function merge(summary: AdjustSummary, part: Omit<AdjustSummary, 'itemsWithWork' | 'seconds'>): void {
  summary.itemsAdjusted += part.itemsAdjusted;
  summary.entriesWritten += part.entriesWritten;
  summary.roundingEntries += part.roundingEntries;
  summary.batches += part.batches;
  for (const k of Object.keys(part.phases) as (keyof AdjustPhases)[]) summary.phases[k] += part.phases[k];
  summary.warnings.push(...part.warnings);
}
