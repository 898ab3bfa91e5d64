/**
 * Close schedules (admins): when a period closes (cron expression in an IANA time zone), which
 * period a tick closes, and what the run prints and sends. Stored in the database, registered
 * as cron jobs at start and on every change (ScheduleRegistrar), every change audited.
 */
import { randomUUID } from 'crypto';
import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { validateCronExpression } from 'cron';
import { AuditLog } from '../access/audit-log.service';
import { Clock } from '../common/clock';
import { ConflictError, ErrorDetail, NotFoundError, ValidationError } from '../common/errors';
import { inTransaction, SqlSession, withSession } from '../database/sql-session';
import { isTimeZone, PERIOD_KINDS, PeriodKind } from './close-period';
import type { RunSettings } from './close-runs.store';
import { CloseRunsService, runSettings } from './close-runs.service';
import { SCHEDULE_CHANNEL, ScheduleRegistrar } from './schedule-registrar';
import { DatabaseNotifications } from '../database/database-notifications';
import { ScheduleRecord, SchedulesStore } from './schedules.store';

export interface ScheduleInput {
  name?: string;
  periodKind?: string;
  cron?: string;
  timeZone?: string;
  periodOffset?: number;
  reports?: string[];
  locale?: string;
  recipients?: string[];
  tolerance?: string;
  enabled?: boolean;
}

/** The whole schedule after applying `input` to `base`, or a ValidationError naming every bad field. */
function validated(input: ScheduleInput, base: ScheduleRecord | null, defaults: RunSettings): Omit<ScheduleRecord, 'id' | 'createdAt' | 'updatedAt'> {
  const problems: ErrorDetail[] = [];
  const bad = (field: string, message: string) => problems.push({ field, message });
  const known = ['name', 'periodKind', 'cron', 'timeZone', 'periodOffset', 'reports', 'locale', 'recipients', 'tolerance', 'enabled'];
  for (const key of Object.keys(input)) if (!known.includes(key)) bad(key, 'is not a field of a schedule');
  const name = input.name ?? base?.name;
  if (typeof name !== 'string' || name.trim() === '' || name.length > 100) bad('name', 'is required (at most 100 characters)');
  const periodKind = input.periodKind ?? base?.periodKind ?? 'month';
  if (!PERIOD_KINDS.includes(periodKind as PeriodKind)) bad('periodKind', `'${String(periodKind)}' is not one of ${PERIOD_KINDS.join(', ')}`);
  const cron = input.cron ?? base?.cron;
  if (typeof cron !== 'string' || cron.trim() === '') bad('cron', 'is required (e.g. "0 6 1 * *": at 06:00 on the 1st of every month)');
  else {
    const check = validateCronExpression(cron);
    if (!check.valid) bad('cron', `'${cron}' is not a cron expression: ${check.error?.message ?? 'invalid'}`);
  }
  const timeZone = input.timeZone ?? base?.timeZone;
  if (typeof timeZone !== 'string' || !isTimeZone(timeZone)) bad('timeZone', `'${String(timeZone)}' is not an IANA time zone (e.g. Europe/Oslo)`);
  const periodOffset = input.periodOffset ?? base?.periodOffset ?? 1;
  if (!Number.isInteger(periodOffset) || periodOffset < 0 || periodOffset > 12)
    bad('periodOffset', 'must be a whole number from 0 (the period the tick falls in) to 12');
  const enabled = input.enabled ?? base?.enabled ?? true;
  if (typeof enabled !== 'boolean') bad('enabled', 'must be true or false');
  let settings: RunSettings | null = null;
  try {
    settings = runSettings(
      { reports: input.reports, locale: input.locale, recipients: input.recipients, tolerance: input.tolerance },
      base ? { ...base, dryRun: false } : defaults,
    );
  } catch (e) {
    if (e instanceof ValidationError) problems.push(...e.details);
    else throw e;
  }
  if (problems.length || !settings) throw ValidationError.of(problems);
  return {
    name: (name as string).trim(),
    periodKind: periodKind as PeriodKind,
    cron: (cron as string).trim(),
    timeZone: timeZone as string,
    periodOffset,
    enabled,
    reports: settings.reports,
    locale: settings.locale,
    recipients: settings.recipients,
    tolerance: settings.tolerance,
  };
}

@Injectable()
export class SchedulesService {
  constructor(
    private readonly orm: MikroORM,
    private readonly store: SchedulesStore,
    private readonly clock: Clock,
    private readonly auditLog: AuditLog,
    private readonly runs: CloseRunsService,
    private readonly registrar: ScheduleRegistrar,
    private readonly notifications: DatabaseNotifications,
  ) {}

  async list(): Promise<ScheduleRecord[]> {
    return withSession(this.orm, (sql) => this.store.list(sql));
  }

  async get(id: string): Promise<ScheduleRecord> {
    const found = await withSession(this.orm, (sql) => this.store.find(sql, id));
    if (!found) throw new NotFoundError(`There is no schedule ${id}`);
    return found;
  }

  async create(input: ScheduleInput, userId: string): Promise<ScheduleRecord> {
    const s = validated(input, null, this.runs.defaults());
    const id = randomUUID();
    const now = this.clock.now();
    await inTransaction(this.orm, async (sql) => {
      await this.checkNameFree(sql, s.name, null);
      await this.store.insert(sql, id, s, now);
      await this.auditLog.record({ userId, action: 'schedule.create', target: id, details: { ...s } }, sql);
      await this.notifications.notify(sql, SCHEDULE_CHANNEL, id);
    });
    const created = await this.get(id);
    this.registrar.sync(created);
    return created;
  }

  async update(id: string, input: ScheduleInput, userId: string): Promise<ScheduleRecord> {
    const before = await this.get(id);
    const s = validated(input, before, this.runs.defaults());
    await inTransaction(this.orm, async (sql) => {
      await this.checkNameFree(sql, s.name, id);
      await this.store.update(sql, id, s, this.clock.now());
      const changed = Object.fromEntries(
        Object.entries(s).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify((before as unknown as Record<string, unknown>)[k])),
      );
      await this.auditLog.record({ userId, action: 'schedule.update', target: id, details: { changed } }, sql);
      await this.notifications.notify(sql, SCHEDULE_CHANNEL, id);
    });
    const updated = await this.get(id);
    this.registrar.sync(updated);
    return updated;
  }

  async remove(id: string, userId: string): Promise<void> {
    const before = await this.get(id);
    await inTransaction(this.orm, async (sql) => {
      await this.store.delete(sql, id);
      await this.auditLog.record({ userId, action: 'schedule.delete', target: id, details: { name: before.name } }, sql);
      await this.notifications.notify(sql, SCHEDULE_CHANNEL, id);
    });
    this.registrar.unregister(id);
  }

  private async checkNameFree(sql: SqlSession, name: string, id: string | null): Promise<void> {
    if (await this.store.nameTaken(sql, name, id))
      throw new ConflictError(`There is already a schedule named '${name}'`, [{ field: 'name', message: 'is taken' }]);
  }
}
