import { Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { randomUUID } from 'crypto';
import { Clock } from '../common/clock';
import type { IsoDate } from '../common/dates';
import { NotFoundError } from '../common/errors';
import { withSession } from '../database/sql-session';
import { AdjustmentRun } from './adjustment-run.entity';
import { AdjustmentService } from './adjustment.service';
import { AdjustmentBatchesRepository, BatchRow } from './adjustment-batches.repository';
import { progressOf } from './adjustment-fan-out';

/** Batches handed out to job workers: done of total, and who did them. */
export interface BatchesView {
  total: number;
  done: number;
  workers: { workerId: string; batchesDone: number }[];
}

export interface RunView {
  id: string;
  status: string;
  requestedBy: string;
  itemFilter: string[] | null;
  upTo: IsoDate | null;
  progress: {
    itemsTotal: number;
    itemsDone: number;
    entriesWritten: number;
    elapsedSeconds: number;
    estimatedSecondsLeft: number | null;
    /** Null when the run adjusted in its own process (no workers were alive). */
    batches: BatchesView | null;
  };
  result: { itemsAdjusted: number; entriesWritten: number; roundingEntries: number; seconds: number; warnings: string[] } | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/**
 * Adjustment runs started through the API: the run is recorded, executed in the background, and
 * its progress (items done of total, entries written, elapsed, an estimate) is written after each
 * batch so that any instance can answer for it.
 */
@Injectable()
export class AdjustmentRunsService {
  private readonly logger = new Logger('AdjustmentRuns');
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly orm: MikroORM,
    private readonly adjustment: AdjustmentService,
    private readonly batches: AdjustmentBatchesRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * A run that was 'running' when its process died will never finish: say so. Called when the
   * service starts (not by CLI commands or `costclose worker`, which start while a run may be going on).
   */
  async markInterrupted(): Promise<void> {
    await this.orm.em
      .fork()
      .nativeUpdate(
        AdjustmentRun,
        { status: 'running', finishedAt: null },
        { status: 'interrupted', finishedAt: this.clock.now(), error: 'the service stopped during the run' },
      );
  }

  async start(userId: string, items: string[] | null, upTo: IsoDate | null): Promise<RunView> {
    const em = this.orm.em.fork();
    const run = Object.assign(new AdjustmentRun(), { id: randomUUID(), requestedBy: userId, itemFilter: items, upTo, startedAt: this.clock.now() });
    em.persist(run);
    await em.flush();
    const work = this.execute(run.id, userId, items, upTo).finally(() => this.inFlight.delete(run.id));
    this.inFlight.set(run.id, work);
    return this.toView(run);
  }

  async get(id: string): Promise<RunView> {
    const run = await this.orm.em.fork().findOne(AdjustmentRun, { id });
    if (!run) throw new NotFoundError(`Adjustment run ${id} does not exist`);
    return (await this.views([run]))[0];
  }

  async list(limit = 50): Promise<RunView[]> {
    return this.views(await this.orm.em.fork().find(AdjustmentRun, {}, { orderBy: { startedAt: 'desc' }, limit }));
  }

  /** Runs as the API shows them, with the progress of the batches of those handed out to workers (one query). */
  private async views(runs: AdjustmentRun[]): Promise<RunView[]> {
    const batches = runs.length
      ? await withSession(this.orm, (sql) =>
          this.batches.listOfRuns(
            sql,
            runs.map((r) => r.id),
          ),
        )
      : new Map<string, BatchRow[]>();
    return runs.map((run) => {
      const rows = batches.get(run.id);
      if (!rows) return this.toView(run);
      const p = progressOf(rows, run.itemsTotal);
      const workers = Object.entries(p.workers).map(([workerId, batchesDone]) => ({ workerId, batchesDone }));
      return this.toView(run, { total: p.batchesTotal, done: p.batchesDone, workers });
    });
  }

  /** Waits for a run started by this process (tests, CLI). */
  async settle(id: string): Promise<RunView> {
    await this.inFlight.get(id);
    return this.get(id);
  }

  private async execute(id: string, userId: string, items: string[] | null, upTo: IsoDate | null): Promise<void> {
    const update = (fields: Partial<AdjustmentRun>) => this.orm.em.fork().nativeUpdate(AdjustmentRun, { id }, fields);
    try {
      const summary = await this.adjustment.adjust(userId, {
        items,
        upTo,
        runId: id,
        onProgress: async (p) => void (await update({ itemsTotal: p.itemsTotal, itemsDone: p.itemsDone, entriesWritten: p.entriesWritten })),
      });
      await update({
        status: 'succeeded',
        itemsTotal: summary.itemsWithWork,
        itemsDone: summary.itemsWithWork,
        itemsAdjusted: summary.itemsAdjusted,
        entriesWritten: summary.entriesWritten,
        roundingEntries: summary.roundingEntries,
        warnings: summary.warnings,
        finishedAt: this.clock.now(),
      });
    } catch (e) {
      this.logger.error(`Adjustment run ${id} failed: ${e instanceof Error ? e.message : String(e)}`);
      await update({ status: 'failed', error: e instanceof Error ? e.message : String(e), finishedAt: this.clock.now() });
    }
  }

  private toView(run: AdjustmentRun, batches: BatchesView | null = null): RunView {
    return toView(run, this.clock.now(), batches);
  }
}

function toView(run: AdjustmentRun, now: Date, batches: BatchesView | null): RunView {
  const end = run.finishedAt ?? now;
  const elapsed = (end.getTime() - new Date(run.startedAt).getTime()) / 1000;
  const left = run.status === 'running' && run.itemsDone > 0 ? (elapsed / run.itemsDone) * (run.itemsTotal - run.itemsDone) : null;
  return {
    id: run.id,
    status: run.status,
    requestedBy: run.requestedBy,
    itemFilter: run.itemFilter,
    upTo: run.upTo,
    progress: {
      itemsTotal: run.itemsTotal,
      itemsDone: run.itemsDone,
      entriesWritten: run.entriesWritten,
      elapsedSeconds: Math.round(elapsed * 10) / 10,
      estimatedSecondsLeft: left === null ? null : Math.round(left),
      batches,
    },
    result:
      run.status === 'succeeded'
        ? {
            itemsAdjusted: run.itemsAdjusted,
            entriesWritten: run.entriesWritten,
            roundingEntries: run.roundingEntries,
            seconds: Math.round(elapsed * 100) / 100,
            warnings: run.warnings,
          }
        : null,
    error: run.error,
    startedAt: new Date(run.startedAt).toISOString(),
    finishedAt: run.finishedAt ? new Date(run.finishedAt).toISOString() : null,
  };
}
