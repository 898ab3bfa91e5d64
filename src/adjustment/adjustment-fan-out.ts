import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { randomUUID } from 'crypto';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { IsoDate } from '../common/dates';
import { inTransaction, withSession } from '../database/sql-session';
import { JobDispatcher } from '../jobs/job-dispatcher';
import { AdjustmentBatchesRepository, BatchRow } from './adjustment-batches.repository';
import { itemBatches } from './item-batches';

/** The queue of Adjust Cost's item batches. */
export const ADJUST_BATCH_QUEUE = 'adjust-cost-batch';

export interface AdjustBatchJob {
  runId: string;
  batchNo: number;
  items: string[];
  userId: string;
  upTo: IsoDate | null;
}

export interface FanOutProgress {
  itemsTotal: number;
  itemsDone: number;
  entriesWritten: number;
  batchesTotal: number;
  batchesDone: number;
  /** Batches done per worker. */
  workers: Record<string, number>;
}

export interface FanOutResult {
  itemsWithWork: number;
  itemsAdjusted: number;
  entriesWritten: number;
  roundingEntries: number;
  batches: number;
  warnings: string[];
}

/** Batches per worker slot: enough to even out batches of different sizes, few enough to keep per-job overhead small. */
const BATCHES_PER_SLOT = 4;
const MAX_BATCH_ITEMS = 2_000;

/**
 * The coordinating side of a distributed Adjust Cost run (issue 13): when workers are alive, the
 * items with work are split into batches no order joins (item-batches.ts), one pg-boss job each,
 * and the run waits for them, reporting batches done per worker. A batch's job runs Adjust Cost
 * over its items as one process would (adjustment-batch.job.ts) and is safe to run twice.
 */
@Injectable()
export class AdjustmentFanOut {
  private readonly logger = new Logger('Adjustment');

  constructor(
    private readonly orm: MikroORM,
    private readonly jobs: JobDispatcher,
    private readonly batches: AdjustmentBatchesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  workerSlots(): Promise<number> {
    return this.jobs.workerSlots();
  }

  /**
   * Hands the run's items out, or returns null when the run is too small to gain from it: less
   * than two batches' worth of work (`minBatchEntries` item ledger entries each, estimated from
   * the ledger's entries per item) costs less in this process than the queue's round trips.
   */
  async run(
    userId: string,
    itemNos: readonly string[],
    entriesPerItem: number,
    options: { upTo?: IsoDate | null; runId?: string; slots: number },
    onProgress?: (p: FanOutProgress) => void | Promise<void>,
  ): Promise<FanOutResult | null> {
    const minEntries = this.config.workers.minBatchEntries;
    if (itemNos.length * entriesPerItem < 2 * minEntries) return null;
    const runId = options.runId ?? randomUUID();
    const smallest = Math.ceil(minEntries / Math.max(1, entriesPerItem));
    const target = Math.min(MAX_BATCH_ITEMS, Math.max(smallest, Math.ceil(itemNos.length / (options.slots * BATCHES_PER_SLOT))));
    const batches = await inTransaction(this.orm, async (sql) => {
      const planned = itemBatches(itemNos, await this.batches.orderItems(sql), target).map((items) => ({ items, jobId: randomUUID() }));
      await this.batches.create(sql, runId, planned);
      return planned;
    });
    this.logger.log(`Adjust Cost run ${runId}: ${itemNos.length} items in ${batches.length} jobs for ${options.slots} worker slots`);
    let rows: BatchRow[] = [];
    await this.jobs.runAll<AdjustBatchJob>({
      queue: ADJUST_BATCH_QUEUE,
      jobs: batches.map((b, i) => ({ id: b.jobId, data: { runId, batchNo: i + 1, items: b.items, userId, upTo: options.upTo ?? null } })),
      doneIds: async () => {
        rows = await withSession(this.orm, (sql) => this.batches.list(sql, runId));
        return new Set(rows.filter((r) => r.status === 'done').map((r) => r.jobId));
      },
      onProgress: () => onProgress?.(progressOf(rows, itemNos.length)),
      describe: (job) => `Adjust Cost batch ${job.data.batchNo} of ${batches.length} (items ${job.data.items[0]}…${job.data.items[job.data.items.length - 1]})`,
    });
    return {
      itemsWithWork: itemNos.length,
      itemsAdjusted: rows.reduce((n, r) => n + r.itemsAdjusted, 0),
      entriesWritten: rows.reduce((n, r) => n + r.entriesWritten, 0),
      roundingEntries: rows.reduce((n, r) => n + r.roundingEntries, 0),
      batches: rows.length,
      warnings: rows.flatMap((r) => r.warnings),
    };
  }
}

export function progressOf(rows: readonly BatchRow[], itemsTotal: number): FanOutProgress {
  const done = rows.filter((r) => r.status === 'done');
  const workers: Record<string, number> = {};
  for (const r of done) if (r.workerId) workers[r.workerId] = (workers[r.workerId] ?? 0) + 1;
  return {
    itemsTotal,
    itemsDone: done.reduce((n, r) => n + r.items.length, 0),
    entriesWritten: rows.reduce((n, r) => n + r.entriesWritten, 0),
    batchesTotal: rows.length,
    batchesDone: done.length,
    workers,
  };
}
