import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Clock } from '../common/clock';
import { isIsoDate, parseDateTime } from '../common/dates';
import { ValidationError } from '../common/errors';
import { SqlSession, withSession } from '../database/sql-session';

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

const FILTERS = ['from', 'to', 'userId', 'action', 'target', 'after', 'limit'];

/**
 * The audit log: who did what, appended and never changed (the table refuses UPDATE and DELETE).
 * Other modules record through `record`; it is exported by the global AccessModule.
 */
@Injectable()
export class AuditLog {
  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
  ) {}

  /**
   * Appends one entry. Pass the session of the transaction doing what is recorded, so that the
   * entry commits with it or not at all; without one the entry is written on its own.
   */
  async record(entry: AuditRecord, sql?: SqlSession): Promise<void> {
    const insert = (s: SqlSession) =>
      s.query('INSERT INTO audit_log (at, user_id, action, target, details) VALUES ($1, $2, $3, $4, $5::jsonb)', [
        this.clock.now(),
        entry.userId,
        entry.action,
        entry.target ?? null,
        JSON.stringify(entry.details ?? {}),
      ]);
    if (sql) await insert(sql);
    else await withSession(this.orm, insert);
  }

  /**
   * Entries in the order they were written, filtered, with keyset paging (`after` = the last id
   * of the previous page) like the ledgers. `from`/`to` take a date (whole days, UTC) or a
   * date-time with its offset.
   */
  async page(query: Record<string, string | undefined>): Promise<AuditPage> {
    for (const name of Object.keys(query))
      if (!FILTERS.includes(name)) throw ValidationError.at(undefined, name, `is not a filter of the audit log (filters: ${FILTERS.join(', ')})`);
    const where: string[] = [];
    const params: (string | number | Date)[] = [];
    const add = (clause: string, value: string | number | Date) => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (query.from !== undefined) add('at >= ?', instant('from', query.from, 'start'));
    if (query.to !== undefined) add(isIsoDate(query.to) ? 'at < ?' : 'at <= ?', instant('to', query.to, 'end'));
    if (query.userId !== undefined) add('user_id = ?', query.userId);
    if (query.action !== undefined) add('action = ?', query.action);
    if (query.target !== undefined) add('target = ?', query.target);
    add('id > ?', query.after !== undefined ? wholeNumber('after', query.after) : 0);
    const limit = query.limit !== undefined ? Math.min(wholeNumber('limit', query.limit, 1), 10_000) : 500;
    params.push(limit + 1);
    const rows = await withSession(this.orm, (sql) =>
      sql.query<{ id: string; at: Date; user_id: string; action: string; target: string | null; details: Record<string, unknown> }>(
        `SELECT id, at, user_id, action, target, details FROM audit_log WHERE ${where.join(' AND ')} ORDER BY id LIMIT $${params.length}`,
        params,
      ),
    );
    const items = rows.slice(0, limit).map((r) => ({ id: Number(r.id), at: r.at, userId: r.user_id, action: r.action, target: r.target, details: r.details }));
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

function wholeNumber(name: string, raw: string, min = 0): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < min)
    throw ValidationError.at(undefined, name, `'${raw}' is not a whole number${min ? ` of at least ${min}` : ''}`);
  return n;
}
