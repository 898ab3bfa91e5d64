import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { randomBytes } from 'crypto';
import * as os from 'os';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Scheduler, ScheduledTask } from '../common/scheduler';
import { withSession } from '../database/sql-session';
import { JobHandlers } from './job-handlers';
import { JobQueue } from './job-queue';
import { WorkersRepository } from './workers.repository';

/**
 * Makes this process a worker when the configuration asks for one (`costclose worker`, or
 * COSTCLOSE_WORKERS=N with `serve`): it says so in `job_worker`, keeps its heartbeat there, and
 * takes jobs of every registered kind, N at a time. With N = 0 it does nothing.
 */
@Injectable()
export class WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Worker');
  readonly id = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private heartbeat: ScheduledTask | null = null;

  constructor(
    private readonly orm: MikroORM,
    private readonly queue: JobQueue,
    private readonly handlers: JobHandlers,
    private readonly workers: WorkersRepository,
    private readonly scheduler: Scheduler,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get concurrency(): number {
    return this.config.workers.concurrency;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.concurrency === 0) return;
    await withSession(this.orm, (sql) => this.workers.register(sql, { id: this.id, host: os.hostname(), pid: process.pid, concurrency: this.concurrency }));
    this.heartbeat = this.scheduler.every(this.config.workers.heartbeatSeconds * 1000, () => {
      withSession(this.orm, (sql) => this.workers.heartbeat(sql, this.id)).catch((e) => this.logger.warn(`heartbeat failed: ${(e as Error).message}`));
    });
    for (const [name, handler] of this.handlers.all()) await this.queue.work(name, this.concurrency, (job) => handler(job, this.id));
    this.logger.log(
      `Worker ${this.id} takes jobs (${this.handlers
        .all()
        .map(([n]) => n)
        .join(', ')}), ${this.concurrency} at a time`,
    );
  }

  /** Stops taking jobs (a job in hand may finish), then says so, while the database connections are still open. */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.heartbeat) return;
    this.heartbeat.cancel();
    this.heartbeat = null;
    await this.queue.stop();
    await withSession(this.orm, (sql) => this.workers.stopped(sql, this.id)).catch(() => undefined);
  }
}
