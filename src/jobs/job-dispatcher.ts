import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { withSession } from '../database/sql-session';
import { JobHandlers } from './job-handlers';
import { JobQueue, QueuedJob } from './job-queue';
import { WorkersRepository } from './workers.repository';

/** The worker id recorded for jobs the dispatching process did itself (no worker was alive any more). */
export const COORDINATOR = 'coordinator';

export interface JobSet<T> {
  queue: string;
  jobs: QueuedJob<T>[];
  /** The jobs whose results are recorded (each job records its own, in its own transaction). */
  doneIds(): Promise<Set<string>>;
  onProgress?(doneIds: Set<string>): Promise<void> | void;
  /** A job as an error message names it ("batch 3 of 12 (items A…F)"). */
  describe(job: QueuedJob<T>): string;
}

const POLL_MS = 200;
const STATE_CHECK_MS = 2_000;

/**
 * Hands a step's work out as jobs and waits for them (issue 13): how many worker slots are alive,
 * sending the jobs, and waiting until every job has recorded its result. A job pg-boss gave up on
 * (its retries used up) fails the wait, naming the job and the reason. When no worker is alive
 * any more (all stopped or lost), this process does the jobs left itself and cancels them in the
 * queue, so a run never waits for workers that are gone. Every job kind must be safe to run twice.
 */
@Injectable()
export class JobDispatcher {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly orm: MikroORM,
    private readonly queue: JobQueue,
    private readonly workers: WorkersRepository,
    private readonly handlers: JobHandlers,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Worker slots alive now: workers heard from within three heartbeats, times their concurrency. */
  async workerSlots(): Promise<number> {
    const live = await withSession(this.orm, (sql) => this.workers.live(sql, this.config.workers.heartbeatSeconds * 3));
    return live.reduce((n, w) => n + w.concurrency, 0);
  }

  async runAll<T extends object>(set: JobSet<T>): Promise<void> {
    if (set.jobs.length === 0) return;
    await this.queue.sendMany(set.queue, set.jobs);
    let lastCheck = Date.now();
    let lastDone = -1;
    for (;;) {
      const done = await set.doneIds();
      if (done.size !== lastDone) {
        lastDone = done.size;
        await set.onProgress?.(done);
      }
      const open = set.jobs.filter((j) => !done.has(j.id));
      if (open.length === 0) return;
      if (Date.now() - lastCheck >= STATE_CHECK_MS) {
        lastCheck = Date.now();
        if ((await this.workerSlots()) === 0) {
          await this.runHere(set, open);
          continue;
        }
        const states = await this.queue.states(
          set.queue,
          open.map((j) => j.id),
        );
        for (const job of open) {
          const state = states.get(job.id);
          if (state && (state.state === 'failed' || state.state === 'cancelled'))
            throw new Error(`${set.describe(job)} ${state.state} in the job queue: ${state.error ?? 'no reason given'}`);
        }
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  private async runHere<T extends object>(set: JobSet<T>, open: QueuedJob<T>[]): Promise<void> {
    const handler = this.handlers.all().find(([name]) => name === set.queue)?.[1];
    if (!handler) throw new Error(`no worker is alive and this process cannot take ${set.queue} jobs`);
    this.logger.warn(`No job worker is alive: this process does the ${open.length} ${set.queue} jobs left`);
    await this.queue.cancel(
      set.queue,
      open.map((j) => j.id),
    );
    for (const job of open) await handler(job, `${COORDINATOR}:${process.pid}`);
  }
}
