import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { withSession } from '../database/sql-session';
import { JobHandlers } from '../jobs/job-handlers';
import type { QueuedJob } from '../jobs/job-queue';
import { AdjustmentBatchesRepository } from './adjustment-batches.repository';
import { ADJUST_BATCH_QUEUE, AdjustBatchJob } from './adjustment-fan-out';
import { AdjustmentService } from './adjustment.service';

/**
 * The worker's side of a distributed Adjust Cost run: one item batch, adjusted in this process as
 * a run over those items would be (its own batches, one transaction each, BOM levels included).
 * Safe to run twice: what a first attempt committed is no longer work (its flags are cleared, its
 * entry points adjusted), so a second attempt writes only what the first did not; a killed
 * attempt's open transaction is rolled back by PostgreSQL and its item locks go with it.
 */
@Injectable()
export class AdjustmentBatchJob implements OnModuleInit {
  private readonly logger = new Logger('Adjustment');
  private jobsTaken = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly adjustment: AdjustmentService,
    private readonly batches: AdjustmentBatchesRepository,
    private readonly handlers: JobHandlers,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.handlers.register<AdjustBatchJob>(ADJUST_BATCH_QUEUE, (job, workerId) => this.handle(job, workerId));
  }

  async handle(job: QueuedJob<AdjustBatchJob>, workerId: string): Promise<void> {
    const { runId, batchNo, items, userId, upTo } = job.data;
    const nth = ++this.jobsTaken;
    await withSession(this.orm, (sql) => this.batches.started(sql, runId, batchNo, workerId));
    await this.adjustment.adjust(userId, {
      items,
      upTo,
      distribute: false,
      onBatchWritten: async (sql, counts) => {
        await this.batches.addCounts(sql, runId, batchNo, counts);
        if (this.config.workers.pauseInJob === nth) await this.pauseForever(batchNo);
      },
    });
    await withSession(this.orm, (sql) => this.batches.done(sql, runId, batchNo, workerId));
  }

  /** Fault injection (multi-process tests): stop inside the batch's transaction and wait to be killed. */
  private pauseForever(batchNo: number): Promise<never> {
    process.stderr.write(`costclose-fault: paused in adjustment batch ${batchNo}\n`);
    this.logger.warn(`paused in batch ${batchNo} (COSTCLOSE_FAULT_PAUSE_IN_JOB)`);
    return new Promise<never>(() => undefined);
  }
}
