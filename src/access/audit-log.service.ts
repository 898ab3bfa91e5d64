import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Clock } from '../common/clock';
import { isIsoDate, parseDateTime } from '../common/dates';
import { ValidationError } from '../common/errors';
import { SqlSession, withSession } from '../database/sql-session';
import { AuditLogRepository } from './audit-log.repository';

/** What happened, as the caller records it. Actions are `area.verb`: `period.close`, `token.revoke`. */
export interface AuditRecord {
  /** Who did it: the authenticated user, the system user of the CLI, or the name a failed login tried. */
  userId: string;
  action: string;
  /** What it was done to: a period's ending date, a user id, a token id, a package name. */
  target?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditEntry {
  id: number;
  at: Date;
  userId: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

export interface AuditPage {
  items: AuditEntry[];
  /** Pass as `after` to get the next page; null on the last page. */
  nextAfter: number | null;
}

/** The audit log's filters, typed (the API's DTO validates them; the console passes them on). */
export interface AuditLogFilter {
  from?: string;
  to?: string;
  userId?: string;
  action?: string;
  target?: string;
  after?: number;
  limit?: number;
}

/**
 * The audit log: who did what, appended and never changed (the table refuses UPDATE and DELETE).
 * Other modules record through `record`; it is exported by the global AccessModule.
 */
@Injectable()
export class AuditLog {
  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    private readonly repository: AuditLogRepository,
  ) {}

  /**
   * Appends one entry. Pass the session of the transaction doing what is recorded, so that the
   * entry commits with it or not at all; without one the entry is written on its own.
   */
  async record(entry: AuditRecord, sql?: SqlSession): Promise<void> {
    const insert = (s: SqlSession) =>
      this.repository.insert(s, {
        at: this.clock.now(),
        userId: entry.userId,
        action: entry.action,
        target: entry.target ?? null,
        details: entry.details ?? {},
      });
    if (sql) await insert(sql);
    else await withSession(this.orm, insert);
  }

  /**
   * Entries in the order they were written, filtered, with keyset paging (`after` = the last id
   * of the previous page) like the ledgers. `from`/`to` take a date (whole days, UTC) or a
   * date-time with its offset.
   */
  async page(filter: AuditLogFilter): Promise<AuditPage> {
    const limit = filter.limit ?? 500;
    const rows = await withSession(this.orm, (sql) =>
      this.repository.page(
        sql,
        {
          from: filter.from !== undefined ? instant('from', filter.from, 'start') : undefined,
          to: filter.to !== undefined ? { at: instant('to', filter.to, 'end'), exclusive: isIsoDate(filter.to) } : undefined,
          userId: filter.userId,
          action: filter.action,
          target: filter.target,
          after: filter.after ?? 0,
        },
        limit + 1,
      ),
    );
    const items = rows.slice(0, limit);
    return { items, nextAfter: rows.length > limit ? items[items.length - 1].id : null };
  }
}

/** A date means the whole UTC day: `from` its start, `to` the start of the next day (exclusive). */
function instant(name: string, raw: string, side: 'start' | 'end'): Date {
  if (isIsoDate(raw)) {
    const day = new Date(`${raw}T00:00:00Z`);
    if (side === 'end') day.setUTCDate(day.getUTCDate() + 1);
    return day;
  }
  const at = parseDateTime(raw);
  if (!at) throw ValidationError.at(undefined, name, `'${raw}' is neither a date (YYYY-MM-DD) nor a date-time with offset (2024-01-31T17:00:00Z)`);
  return at;
}
