/**
 * Close runs as users and schedules start them: what a run closes and with which settings, a
 * run per schedule tick (one, however many instances tick), resuming a run that stopped, failed
 * or was cut off.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { Dec, isDecimalString } from '../common/decimal';
import { ConflictError, ErrorDetail, ValidationError } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { REPORT_NAMES } from '../reports/report-catalog';
import { LOCALES } from '../reports/rendering/report-locale';
import { ClosePeriod, parsePeriod, periodForTick, PeriodKind } from './close-period';
import { CloseRunsStore, RunRecord, RunSettings, RunStatus } from './close-runs.store';
import { PipelineRunner } from './pipeline-runner';
import type { ScheduleRecord } from './schedules.store';

export interface StartCloseInput {
  period: string;
  dryRun?: boolean;
  reports?: string[];
  locale?: string;
  recipients?: string[];
  tolerance?: string;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;

/** Checks run settings, naming every bad field; what is not given comes from the defaults. */
export function runSettings(input: Partial<RunSettings>, defaults: RunSettings, fieldPrefix = ''): RunSettings {
  const problems: ErrorDetail[] = [];
  const bad = (field: string, message: string) => problems.push({ field: `${fieldPrefix}${field}`, message });
  const reports = input.reports ?? defaults.reports;
  if (!Array.isArray(reports) || reports.some((r) => !REPORT_NAMES.includes(r))) bad('reports', `must be a list of reports from: ${REPORT_NAMES.join(', ')}`);
  const locale = input.locale ?? defaults.locale;
  if (!LOCALES.includes(locale as (typeof LOCALES)[number])) bad('locale', `'${String(locale)}' is not a report language (${LOCALES.join(', ')})`);
  const recipients = input.recipients ?? defaults.recipients;
  if (!Array.isArray(recipients) || recipients.some((r) => typeof r !== 'string' || !EMAIL.test(r))) bad('recipients', 'must be a list of e-mail addresses');
  const tolerance = input.tolerance ?? defaults.tolerance;
  if (typeof tolerance !== 'string' || !isDecimalString(tolerance) || new Dec(tolerance).lessThan(0))
    bad('tolerance', `'${String(tolerance)}' is not an amount of 0 or more`);
  if (input.dryRun !== undefined && typeof input.dryRun !== 'boolean') bad('dryRun', 'must be true or false');
  if (problems.length) throw ValidationError.of(problems);
  return {
    dryRun: input.dryRun ?? defaults.dryRun,
    reports: [...new Set(reports)],
    locale,
    recipients: [...new Set(recipients.map((r) => r.trim().toLowerCase()))],
    tolerance: new Dec(tolerance).toFixed(),
  };
}

@Injectable()
export class CloseRunsService {
  private readonly logger = new Logger('CloseRuns');

  constructor(
    private readonly store: CloseRunsStore,
    private readonly runner: PipelineRunner,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  defaults(): RunSettings {
    const c = this.config.close;
    return { dryRun: false, reports: c.defaultReports, locale: c.defaultLocale, recipients: c.defaultRecipients, tolerance: '0' };
  }

  /** A run closing a period by hand (API, CLI), created but not started. */
  async create(input: StartCloseInput, userId: string): Promise<RunRecord> {
    if (typeof input.period !== 'string') throw ValidationError.at(undefined, 'period', 'is required (e.g. 2026-10)');
    const period = parsePeriod(input.period);
    const settings = runSettings(input, this.defaults());
    const id = (await this.store.create({ period, settings, trigger: 'manual', requestedBy: userId, createdAt: this.clock.now() })) as string;
    return this.store.get(id);
  }

  /** A run closing a period by hand, started in the background. */
  async startManual(input: StartCloseInput, userId: string): Promise<RunRecord> {
    const run = await this.create(input, userId);
    this.runner.start(run.id);
    return run;
  }

  /** The run, if it can be resumed (it did not succeed). */
  async resumable(id: string): Promise<RunRecord> {
    await this.runner.markInterruptedRuns();
    const run = await this.store.get(id);
    if (run.status === 'succeeded') throw new ConflictError(`Close run ${id} has succeeded: there is nothing to resume`);
    return run;
  }

  /** Resumes a run that did not succeed, from its first unfinished step, in the background. */
  async resume(id: string): Promise<RunRecord> {
    const run = await this.resumable(id);
    this.runner.start(id);
    return run;
  }

  /**
   * A schedule's tick: the run of the period it closes, created once per tick however many
   * instances tick (the (schedule, tick) pair is unique), and none at all when that period was
   * closed by a run already. Returns the run started, or null.
   */
  async tick(schedule: ScheduleRecord, scheduledAt: Date): Promise<string | null> {
    const period: ClosePeriod = periodForTick(schedule.periodKind as PeriodKind, schedule.periodOffset, scheduledAt, schedule.timeZone);
    const done = await this.closedBy(period.endingDate);
    if (done) {
      this.logger.log(`Schedule ${schedule.name}: ${period.label} was closed by run ${done}; nothing to do`);
      return null;
    }
    const settings: RunSettings = {
      dryRun: false,
      reports: schedule.reports,
      locale: schedule.locale,
      recipients: schedule.recipients,
      tolerance: schedule.tolerance,
    };
    const id = await this.store.create({
      period,
      settings,
      trigger: 'schedule',
      requestedBy: this.config.systemUserId,
      scheduleId: schedule.id,
      tickAt: scheduledAt,
      createdAt: this.clock.now(),
    });
    if (!id) return null; // another instance has this tick
    this.logger.log(`Schedule ${schedule.name}: run ${id} closes ${period.label}`);
    this.runner.start(id);
    return id;
  }

  /** The run (not a dry run) that closed and packaged the period, if any. */
  closedBy(periodEnd: string): Promise<string | null> {
    return this.store.succeededFor(periodEnd);
  }

  /** Reading runs first marks those whose runner is gone as interrupted, so nobody reads "running" for a dead run. */
  async get(id: string): Promise<RunRecord> {
    await this.runner.markInterruptedRuns();
    return this.store.get(id);
  }

  async list(filter: { periodEnd?: string | null; status?: RunStatus | null; limit?: number }): Promise<RunRecord[]> {
    await this.runner.markInterruptedRuns();
    return this.store.list(filter);
  }
}
