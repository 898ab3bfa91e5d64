/** Close schedules as stored (SQL): read by the schedules service and by the cron registrar. */
import { Injectable } from '@nestjs/common';
import type { SqlSession } from '../database/sql-session';
import type { PeriodKind } from './close-period';

export interface ScheduleRecord {
  id: string;
  name: string;
  periodKind: PeriodKind;
  cron: string;
  timeZone: string;
  periodOffset: number;
  reports: string[];
  locale: string;
  recipients: string[];
  tolerance: string;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = 'id, name, period_kind, cron, time_zone, period_offset, reports, locale, recipients, tolerance::text, enabled, created_at, updated_at';

/** A schedule's settings as they are written (everything but its id and times). */
export type ScheduleValues = Omit<ScheduleRecord, 'id' | 'createdAt' | 'updatedAt'>;

function toRecord(r: Record<string, unknown>): ScheduleRecord {
  return {
    id: r.id as string,
    name: r.name as string,
    periodKind: r.period_kind as PeriodKind,
    cron: r.cron as string,
    timeZone: r.time_zone as string,
    periodOffset: r.period_offset as number,
    reports: r.reports as string[],
    locale: r.locale as string,
    recipients: r.recipients as string[],
    tolerance: r.tolerance as string,
    enabled: r.enabled as boolean,
    createdAt: r.created_at as Date,
    updatedAt: r.updated_at as Date,
  };
}

export async function loadSchedules(sql: SqlSession, id?: string): Promise<ScheduleRecord[]> {
  const rows = await sql.query(`SELECT ${COLUMNS} FROM close_schedule WHERE ($1::uuid IS NULL OR id = $1) ORDER BY name`, [id ?? null]);
  return rows.map(toRecord);
}

/** $1..$12 of the insert and the update: id, the settings in column order, the time. */
function scheduleParams(id: string, s: ScheduleValues, at: Date) {
  const { name, periodKind, cron, timeZone, periodOffset, reports, locale, recipients, tolerance, enabled } = s;
  return [id, name, periodKind, cron, timeZone, periodOffset, JSON.stringify(reports), locale, JSON.stringify(recipients), tolerance, enabled, at];
}

/** The only SQL on `close_schedule`; every method takes the caller's session (and transaction). */
@Injectable()
export class SchedulesStore {
  list(sql: SqlSession): Promise<ScheduleRecord[]> {
    return loadSchedules(sql);
  }

  async find(sql: SqlSession, id: string): Promise<ScheduleRecord | null> {
    const [found] = await loadSchedules(sql, id);
    return found ?? null;
  }

  async insert(sql: SqlSession, id: string, s: ScheduleValues, at: Date): Promise<void> {
    await sql.query(
      `INSERT INTO close_schedule (id, name, period_kind, cron, time_zone, period_offset, reports, locale, recipients, tolerance, enabled, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9::jsonb, $10, $11, $12, $12)`,
      scheduleParams(id, s, at),
    );
  }

  async update(sql: SqlSession, id: string, s: ScheduleValues, at: Date): Promise<void> {
    await sql.query(
      `UPDATE close_schedule SET name = $2, period_kind = $3, cron = $4, time_zone = $5, period_offset = $6, reports = $7::jsonb, locale = $8, recipients = $9::jsonb,
              tolerance = $10, enabled = $11, updated_at = $12 WHERE id = $1`,
      scheduleParams(id, s, at),
    );
  }

  async delete(sql: SqlSession, id: string): Promise<void> {
    await sql.query('DELETE FROM close_schedule WHERE id = $1', [id]);
  }

  /** Names are unique regardless of case. */
  async nameTaken(sql: SqlSession, name: string, exceptId: string | null): Promise<boolean> {
    const rows = await sql.query('SELECT id FROM close_schedule WHERE lower(name) = lower($1) AND ($2::uuid IS NULL OR id <> $2)', [name, exceptId]);
    return rows.length > 0;
  }
}
