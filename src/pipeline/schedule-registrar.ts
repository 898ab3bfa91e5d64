/**
 * The schedules as cron jobs in @nestjs/schedule's SchedulerRegistry: all enabled ones at start,
 * and each again whenever it changes, so no restart is needed. A tick only enqueues: it creates
 * the run for the period (once across instances) and hands it to the runner.
 *
 * Each instance registers the jobs; several instances tick together and the unique
 * (schedule, tick time) of the run decides which one runs it. A change made through one instance
 * reaches the others at once through LISTEN/NOTIFY, and by polling (every `scheduleSyncSeconds`)
 * as the fallback: they re-register what changed. The tick time is the scheduled
 * instant (the latest cron occurrence not after now), not the moment the timer fired, so the
 * instances agree on it.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { MikroORM } from '@mikro-orm/core';
import { CronJob, CronTime } from 'cron';
import { Clock } from '../common/clock';
import { ScheduledTask, Scheduler } from '../common/scheduler';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DatabaseNotifications, Subscription } from '../database/database-notifications';
import { withSession } from '../database/sql-session';
import { CloseRunsService } from './close-runs.service';
import { ScheduleRecord, SchedulesStore } from './schedules.store';

const jobName = (id: string) => `close-schedule:${id}`;

/** Every schedule change is announced here when it commits (issue 15, item 12). */
export const SCHEDULE_CHANNEL = 'costclose_schedules';

/** The latest occurrence of the cron expression at or before `now`, to the second. */
export function scheduledInstant(cron: string, timeZone: string, now: Date): Date {
  const time = new CronTime(cron, timeZone);
  let latest: Date | null = null;
  let next = time.getNextDateFrom(new Date(now.getTime() - 60_000), timeZone).toJSDate();
  for (let i = 0; i < 3600 && next.getTime() <= now.getTime() + 999; i++) {
    latest = next;
    next = time.getNextDateFrom(next, timeZone).toJSDate();
  }
  const at = latest ?? now;
  return new Date(Math.floor(at.getTime() / 1000) * 1000);
}

@Injectable()
export class ScheduleRegistrar implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Schedules');
  /** updated_at of each registered schedule, to see what changed. */
  private readonly versions = new Map<string, number>();
  private poll: ScheduledTask | null = null;
  private changes: Subscription | null = null;

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly orm: MikroORM,
    private readonly store: SchedulesStore,
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    private readonly runs: CloseRunsService,
    private readonly notifications: DatabaseNotifications,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.close.runSchedules) return;
    await this.syncAll();
    // Changes made through other instances arrive at once; the poll below is the fallback for
    // what a lost LISTEN connection missed.
    this.changes = await this.notifications.listen(
      SCHEDULE_CHANNEL,
      () => void this.syncAll().catch((e: unknown) => this.logger.error(`Schedules: sync failed: ${String(e)}`)),
    );
    const seconds = this.config.close.scheduleSyncSeconds;
    if (seconds > 0)
      this.poll = this.scheduler.every(
        seconds * 1000,
        () => void this.syncAll().catch((e: unknown) => this.logger.error(`Schedules: sync failed: ${String(e)}`)),
      );
  }

  async onModuleDestroy(): Promise<void> {
    this.poll?.cancel();
    await this.changes?.close();
    for (const name of this.registry.getCronJobs().keys()) if (name.startsWith('close-schedule:')) this.registry.deleteCronJob(name);
  }

  /** Registers what is new or changed since the last look and drops what is gone (other instances' changes). */
  async syncAll(): Promise<void> {
    const schedules = await withSession(this.orm, (sql) => this.store.list(sql));
    const seen = new Set<string>();
    for (const s of schedules) {
      seen.add(s.id);
      if (this.versions.get(s.id) !== s.updatedAt.getTime()) this.sync(s);
    }
    for (const id of [...this.versions.keys()]) if (!seen.has(id)) this.unregister(id);
  }

  /** (Re-)registers a schedule's job, or removes it when the schedule is disabled. */
  sync(schedule: ScheduleRecord): void {
    this.unregister(schedule.id);
    this.versions.set(schedule.id, schedule.updatedAt.getTime());
    if (!this.config.close.runSchedules || !schedule.enabled) return;
    const job = CronJob.from({ cronTime: schedule.cron, timeZone: schedule.timeZone, start: true, onTick: () => void this.tickNow(schedule.id) });
    this.registry.addCronJob(jobName(schedule.id), job as never);
    this.logger.log(`Schedule ${schedule.name}: next close at ${job.nextDate().toISO()} (${schedule.timeZone})`);
  }

  unregister(id: string): void {
    this.versions.delete(id);
    if (this.registry.doesExist('cron', jobName(id))) this.registry.deleteCronJob(jobName(id));
  }

  /** When the schedule's next tick is, if it is registered. */
  nextTick(id: string): Date | null {
    if (!this.registry.doesExist('cron', jobName(id))) return null;
    return (this.registry.getCronJob(jobName(id)) as unknown as CronJob).nextDate().toJSDate();
  }

  /** A tick of the schedule at the clock's now (what the cron job calls). Returns the run started, if any. */
  async tickNow(id: string): Promise<string | null> {
    try {
      const schedule = await withSession(this.orm, (sql) => this.store.find(sql, id));
      if (!schedule || !schedule.enabled) return null;
      return await this.runs.tick(schedule, scheduledInstant(schedule.cron, schedule.timeZone, this.clock.now()));
    } catch (e) {
      this.logger.error(`Schedule ${id}: the tick failed: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
  }
}
