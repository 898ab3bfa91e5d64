/** Close schedules as stored (SQL): read by the schedules service and by the cron registrar. */
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

