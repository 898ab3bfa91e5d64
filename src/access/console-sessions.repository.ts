import { Injectable } from '@nestjs/common';
import type { SqlSession } from '../database/sql-session';
import type { Role } from './roles';

/** A session row with its user's role, name and state (null when signed out or the user is gone). */
export interface ConsoleSessionRow {
  userId: string | null;
  role: Role | null;
  displayName: string | null;
  disabled: boolean | null;
  csrfToken: string;
  locale: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface NewConsoleSessionRow {
  idHash: string;
  userId: string | null;
  csrfToken: string;
  locale: string | null;
  createdAt: Date;
  expiresAt: Date;
}

interface Row {
  user_id: string | null;
  role: Role | null;
  display_name: string | null;
  disabled: boolean | null;
  csrf_token: string;
  locale: string | null;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

/**
 * Console sessions (`console_session`), by the SHA-256 of their cookie value: the only SQL on
 * them. Functions rather than methods where another stage ends sessions in its own transaction
 * (a password change, a reset, disabling a user).
 */
@Injectable()
export class ConsoleSessionsRepository {
  async find(sql: SqlSession, idHash: string): Promise<ConsoleSessionRow | null> {
    const [row] = await sql.query<Row>(
      `SELECT s.user_id, u.role, u.display_name, u.disabled, s.csrf_token, s.locale, s.created_at, s.last_seen_at, s.expires_at
         FROM console_session s LEFT JOIN app_user u ON u.id = s.user_id WHERE s.id_hash = $1`,
      [idHash],
    );
    return row
      ? {
          userId: row.user_id,
          role: row.role,
          displayName: row.display_name,
          disabled: row.disabled,
          csrfToken: row.csrf_token,
          locale: row.locale,
          createdAt: row.created_at,
          lastSeenAt: row.last_seen_at,
          expiresAt: row.expires_at,
        }
      : null;
  }

  async insert(sql: SqlSession, s: NewConsoleSessionRow): Promise<void> {
    await sql.query(
      'INSERT INTO console_session (id_hash, user_id, csrf_token, locale, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $5, $6)',
      [s.idHash, s.userId, s.csrfToken, s.locale, s.createdAt, s.expiresAt],
    );
  }

  async delete(sql: SqlSession, idHash: string): Promise<void> {
    await sql.query('DELETE FROM console_session WHERE id_hash = $1', [idHash]);
  }

  /** Sessions that ended on their own by `now`. */
  async deleteExpired(sql: SqlSession, now: Date): Promise<void> {
    await sql.query('DELETE FROM console_session WHERE expires_at <= $1', [now]);
  }

  async touch(sql: SqlSession, idHash: string, at: Date): Promise<void> {
    await sql.query('UPDATE console_session SET last_seen_at = $2 WHERE id_hash = $1', [idHash, at]);
  }

  async setLocale(sql: SqlSession, idHash: string, locale: string): Promise<void> {
    await sql.query('UPDATE console_session SET locale = $2 WHERE id_hash = $1', [idHash, locale]);
  }

  /** The signed-in user's role and name, for the session just issued. */
  async userOf(sql: SqlSession, userId: string): Promise<{ role: Role; displayName: string } | null> {
    const [user] = await sql.query<{ role: Role; display_name: string }>('SELECT role, display_name FROM app_user WHERE id = $1', [userId]);
    return user ? { role: user.role, displayName: user.display_name } : null;
  }
}

/** Every console session of the user, ended in the caller's transaction (password change or reset, disabling). */
export async function endConsoleSessions(sql: SqlSession, userId: string): Promise<number> {
  return (await sql.query('DELETE FROM console_session WHERE user_id = $1 RETURNING 1', [userId])).length;
}
