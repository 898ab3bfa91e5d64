import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { randomUUID } from 'crypto';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { IsoDate } from '../common/dates';
import { inTransaction, withSession } from '../database/sql-session';
import { JobHandlers } from '../jobs/job-handlers';
import { JobQueue } from '../jobs/job-queue';
import { WorkersRepository } from '../jobs/workers.repository';
import { AdjustmentBatchesRepository, BatchRow } from './adjustment-batches.repository';
import { AdjustmentRepository } from './adjustment.repository';
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
const POLL_MS = 200;
const STATE_CHECK_MS = 2_000;

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
    private readonly queue: JobQueue,
    private readonly workers: WorkersRepository,
    private readonly batches: AdjustmentBatchesRepository,
    private readonly adjustment: AdjustmentRepository,
    private readonly handlers: JobHandlers,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Worker slots alive now (0: adjust in this process, as without workers). */
  async workerSlots(): Promise<number> {
    const live = await withSession(this.orm, (sql) => this.workers.live(sql, this.config.workers.heartbeatSeconds * 3));
    return live.reduce((n, w) => n + w.concurrency, 0);
  }

  async run(
    userId: string,
    options: { items?: readonly string[] | null; upTo?: IsoDate | null; runId?: string; slots: number },
    onProgress?: (p: FanOutProgress) => void | Promise<void>,
  ): Promise<FanOutResult> {
    const runId = options.runId ?? randomUUID();
    const planned = await inTransaction(this.orm, async (sql) => {
      const itemNos = await this.adjustment.itemsWithWork(sql, options.items ?? null);
      const target = Math.min(MAX_BATCH_ITEMS, Math.max(this.config.workers.minBatchItems, Math.ceil(itemNos.length / (options.slots * BATCHES_PER_SLOT))));
      const batches = itemBatches(itemNos, itemNos.length ? await this.batches.orderItems(sql) : [], target).map((items) => ({ items, jobId: randomUUID() }));
      await this.batches.create(sql, runId, batches);
      return { itemNos, batches };
    });
    const { itemNos, batches } = planned;
    if (batches.length) {
      await this.queue.sendMany<AdjustBatchJob>(
        ADJUST_BATCH_QUEUE,
        batches.map((b, i) => ({ id: b.jobId, data: { runId, batchNo: i + 1, items: b.items, userId, upTo: options.upTo ?? null } })),
      );
      this.logger.log(`Adjust Cost run ${runId}: ${itemNos.length} items in ${batches.length} jobs for ${options.slots} worker slots`);
    }
    const job = (row: BatchRow): AdjustBatchJob => ({ runId, batchNo: row.batchNo, items: row.items, userId, upTo: options.upTo ?? null });
    const rows = await this.waitFor(runId, itemNos.length, job, onProgress);
    return {
      itemsWithWork: itemNos.length,
      itemsAdjusted: rows.reduce((n, r) => n + r.itemsAdjusted, 0),
      entriesWritten: rows.reduce((n, r) => n + r.entriesWritten, 0),
      roundingEntries: rows.reduce((n, r) => n + r.roundingEntries, 0),
      batches: rows.length,
      warnings: rows.flatMap((r) => r.warnings),
    };
  }

  /**
   * Polls the batches until all are done; a job pg-boss gave up on (retries used up) fails the
   * run. When no worker is alive any more (all stopped or lost), this process adjusts the batches
   * left itself and cancels their jobs, so a run never waits for workers that are gone.
   */
  private async waitFor(
    runId: string,
    itemsTotal: number,
    job: (row: BatchRow) => AdjustBatchJob,
    onProgress?: (p: FanOutProgress) => void | Promise<void>,
  ): Promise<BatchRow[]> {
    let lastCheck = Date.now();
    let lastDone = -1;
    for (;;) {
      const rows = await withSession(this.orm, (sql) => this.batches.list(sql, runId));
      const done = rows.filter((r) => r.status === 'done');
      if (done.length !== lastDone) {
        lastDone = done.length;
        await onProgress?.(progressOf(rows, itemsTotal));
      }
      if (done.length === rows.length) return rows;
      if (Date.now() - lastCheck >= STATE_CHECK_MS) {
        lastCheck = Date.now();
        const open = rows.filter((r) => r.status !== 'done');
        if ((await this.workerSlots()) === 0) {
          await this.adjustHere(open, job);
          continue;
        }
        const states = await this.queue.states(
          ADJUST_BATCH_QUEUE,
          open.map((r) => r.jobId),
        );
        for (const row of open) {
          const state = states.get(row.jobId);
          if (state && (state.state === 'failed' || state.state === 'cancelled')) {
            throw new Error(
              `Adjust Cost batch ${row.batchNo} of ${rows.length} (items ${row.items[0]}…${row.items[row.items.length - 1]}) ${state.state} after ${row.attempts} attempts: ${state.error ?? 'no reason given'}`,
            );
          }
        }
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  private async adjustHere(open: BatchRow[], job: (row: BatchRow) => AdjustBatchJob): Promise<void> {
    const handler = this.handlers.all().find(([name]) => name === ADJUST_BATCH_QUEUE)?.[1];
    if (!handler) throw new Error('no worker is alive and this process cannot adjust item batches');
    this.logger.warn(`No job worker is alive: this process adjusts the ${open.length} batches left`);
    await this.queue.cancel(
      ADJUST_BATCH_QUEUE,
      open.map((r) => r.jobId),
    );
    for (const row of open) await handler({ id: row.jobId, data: job(row) }, `${COORDINATOR}:${process.pid}`);
  }
}

/** The worker id recorded for batches the coordinating process adjusted itself. */
export const COORDINATOR = 'coordinator';

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
