/**
 * The schedules as cron jobs in @nestjs/schedule's SchedulerRegistry: all enabled ones at start,
 * and each again whenever it changes, so no restart is needed. A tick only enqueues: it creates
 * the run for the period (once across instances) and hands it to the runner.
 *
 * Each instance registers the jobs; several instances tick together and the unique
 * (schedule, tick time) of the run decides which one runs it. The tick time is the scheduled
 * instant (the latest cron occurrence not after now), not the moment the timer fired, so the
 * instances agree on it.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { MikroORM } from '@mikro-orm/core';
import { CronJob, CronTime } from 'cron';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { withSession } from '../database/sql-session';
import { CloseRunsService } from './close-runs.service';
import { loadSchedules, ScheduleRecord } from './schedules.store';

const jobName = (id: string) => `close-schedule:${id}`;

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

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    private readonly runs: CloseRunsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.close.runSchedules) return;
    const schedules = await withSession(this.orm, (sql) => loadSchedules(sql));
    for (const s of schedules) this.sync(s);
  }

  onModuleDestroy(): void {
    for (const name of this.registry.getCronJobs().keys()) if (name.startsWith('close-schedule:')) this.registry.deleteCronJob(name);
  }

  /** (Re-)registers a schedule's job, or removes it when the schedule is disabled. */
  sync(schedule: ScheduleRecord): void {
    this.unregister(schedule.id);
    if (!this.config.close.runSchedules || !schedule.enabled) return;
    const job = CronJob.from({ cronTime: schedule.cron, timeZone: schedule.timeZone, start: true, onTick: () => void this.tickNow(schedule.id) });
    this.registry.addCronJob(jobName(schedule.id), job as never);
    this.logger.log(`Schedule ${schedule.name}: next close at ${job.nextDate().toISO()} (${schedule.timeZone})`);
  }

  unregister(id: string): void {
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
      const [schedule] = await withSession(this.orm, (sql) => loadSchedules(sql, id));
      if (!schedule || !schedule.enabled) return null;
      return await this.runs.tick(schedule, scheduledInstant(schedule.cron, schedule.timeZone, this.clock.now()));
    } catch (e) {
      this.logger.error(`Schedule ${id}: the tick failed: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
  }
}
