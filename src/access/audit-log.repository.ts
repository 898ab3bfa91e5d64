import { Injectable } from '@nestjs/common';
import type { SqlSession } from '../database/sql-session';
import type { AuditEntry } from './audit-log.service';

export interface AuditLogRow {
  at: Date;
  userId: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

/** The audit log's filter as the database applies it: instants already resolved. */
export interface AuditLogWhere {
  from?: Date;
  /** `to` is exclusive when it came from a date (the start of the next day), inclusive for a date-time. */
  to?: { at: Date; exclusive: boolean };
  userId?: string;
  action?: string;
  target?: string;
  after: number;
}

interface Row {
  id: string;
  at: Date;
  user_id: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

/** `audit_log`: append (the table refuses UPDATE and DELETE) and read by keyset. The only SQL on it here. */
@Injectable()
export class AuditLogRepository {
  async insert(sql: SqlSession, row: AuditLogRow): Promise<void> {
    await sql.query('INSERT INTO audit_log (at, user_id, action, target, details) VALUES ($1, $2, $3, $4, $5::jsonb)', [
      row.at,
      row.userId,
      row.action,
      row.target,
      JSON.stringify(row.details),
    ]);
  }

  /** Up to `limit` entries after `where.after`, oldest first. */
  async page(sql: SqlSession, where: AuditLogWhere, limit: number): Promise<AuditEntry[]> {
    const clauses: string[] = [];
    const params: (string | number | Date)[] = [];
    const add = (clause: string, value: string | number | Date) => {
      params.push(value);
      clauses.push(clause.replace('?', `$${params.length}`));
    };
    if (where.from !== undefined) add('at >= ?', where.from);
    if (where.to !== undefined) add(where.to.exclusive ? 'at < ?' : 'at <= ?', where.to.at);
    if (where.userId !== undefined) add('user_id = ?', where.userId);
    if (where.action !== undefined) add('action = ?', where.action);
    if (where.target !== undefined) add('target = ?', where.target);
    add('id > ?', where.after);
    params.push(limit);
    const rows = await sql.query<Row>(
      `SELECT id, at, user_id, action, target, details FROM audit_log WHERE ${clauses.join(' AND ')} ORDER BY id LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({ id: Number(r.id), at: r.at, userId: r.user_id, action: r.action, target: r.target, details: r.details }));
  }
}
