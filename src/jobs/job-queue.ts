import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import PgBoss from 'pg-boss';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DATABASE_OPTIONS, DatabaseOptions } from '../database/database.module';
import { withMigrationLock } from '../database/migrate';

/** pg-boss keeps its tables here, in the service's own database. */
export const JOB_SCHEMA = 'pgboss';

export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

export interface QueuedJob<T> {
  id: string;
  data: T;
}

/**
 * The job queue: pg-boss on the service's database (issue 13), behind one provider so that the
 * rest of the service sends and takes jobs without knowing pg-boss. Started on first use: a
 * process that neither hands out nor takes jobs never opens its connections. Its schema is
 * created (or upgraded) at that first start while holding our migration lock, so two processes
 * starting together do not race on it.
 */
@Injectable()
export class JobQueue implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private boss: Promise<PgBoss> | null = null;
  private readonly queues = new Set<string>();

  constructor(
    private readonly orm: MikroORM,
    @Inject(DATABASE_OPTIONS) private readonly database: DatabaseOptions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Jobs of a queue, in one insert; each job is retried after `jobExpireSeconds` if its worker goes silent. */
  async sendMany<T extends object>(queue: string, jobs: QueuedJob<T>[]): Promise<void> {
    const boss = await this.queue(queue);
    await boss.insert(jobs.map((j) => ({ id: j.id, name: queue, data: j.data })));
  }

  /**
   * Takes jobs of a queue, `concurrency` at a time, one job per handler call; a handler that
   * throws fails the job (pg-boss retries it up to the queue's retry limit).
   */
  async work<T extends object>(queue: string, concurrency: number, handler: (job: QueuedJob<T>) => Promise<void>): Promise<void> {
    const boss = await this.queue(queue);
    for (let i = 0; i < concurrency; i++) {
      await boss.work<T>(queue, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => handler({ id: job.id, data: job.data }));
    }
  }

  /**
   * The state of each job (null: unknown, e.g. deleted long ago), with the error of a failed one,
   * in one query over pg-boss's job and archive tables (its API reads one job at a time).
   */
  async states(queue: string, ids: readonly string[]): Promise<Map<string, { state: JobState; error: string | null } | null>> {
    const boss = await this.queue(queue);
    const { rows } = await boss.getDb().executeSql(
      `SELECT id, state, output FROM ${JOB_SCHEMA}.job WHERE name = $1 AND id = ANY($2::uuid[])
         UNION ALL SELECT id, state, output FROM ${JOB_SCHEMA}.archive WHERE name = $1 AND id = ANY($2::uuid[])`,
      [queue, [...ids]],
    );
    const out = new Map<string, { state: JobState; error: string | null } | null>(ids.map((id) => [id, null]));
    for (const r of rows as { id: string; state: JobState; output: unknown }[])
      out.set(r.id, { state: r.state, error: r.state === 'failed' ? failureMessage(r.output) : null });
    return out;
  }

  /** Jobs nobody should take any more (a job already running goes on; ours are safe to finish). */
  async cancel(queue: string, ids: string[]): Promise<void> {
    if (ids.length) await (await this.queue(queue)).cancel(queue, ids);
  }

  /**
   * Stops taking jobs; one in hand is given up to a minute to finish (else it runs again
   * elsewhere). Before the application's connections close, so that the job can still write.
   */
  async stop(): Promise<void> {
    const boss = this.boss;
    this.boss = null;
    if (boss) await (await boss).stop({ graceful: true, timeout: 60_000, wait: true });
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  private async queue(name: string): Promise<PgBoss> {
    const boss = await this.started();
    if (!this.queues.has(name)) {
      // A job is retried after expiry (a killed worker) or a failure: every job is safe to run
      // twice. Creating a queue attaches a partition to pg-boss's job table, which deadlocks when
      // two processes do it at once: under our migration lock, one creates, the other finds it.
      if (!(await boss.getQueue(name)))
        await withMigrationLock(this.orm, () =>
          boss.createQueue(name, { name, retryLimit: 3, retryDelay: 1, expireInSeconds: this.config.workers.jobExpireSeconds }),
        );
      this.queues.add(name);
    }
    return boss;
  }

  private started(): Promise<PgBoss> {
    this.boss ??= (async () => {
      const boss = new PgBoss({
        connectionString: this.database.url,
        schema: JOB_SCHEMA,
        max: 4,
        application_name: 'costclose-jobs',
        maintenanceIntervalSeconds: this.config.workers.maintenanceSeconds,
        schedule: false,
      });
      boss.on('error', (e) => this.logger.error(`job queue: ${e.message}`));
      await withMigrationLock(this.orm, () => boss.start());
      return boss;
    })();
    return this.boss;
  }
}

function failureMessage(output: unknown): string {
  const o = output as { message?: unknown; value?: { message?: unknown } } | null;
  const message = o?.message ?? o?.value?.message;
  return typeof message === 'string' ? message : JSON.stringify(output);
}
