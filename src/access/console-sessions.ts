/**
 * The web console's sessions (issue 14), kept in PostgreSQL so that every instance sees them.
 *
 * The cookie holds 32 random bytes; the table holds their SHA-256 only, so a database read does
 * not give anyone a usable session. Each session has its own CSRF token, sent with every form.
 * A signed-out browser gets a session without a user (for the sign-in form's CSRF token);
 * signing in deletes that one and issues a new id (rotation: an id planted before sign-in is
 * worth nothing after). A session ends when idle for `idleMinutes`, `maxHours` after sign-in,
 * at sign-out, and — every session of the user — when the password changes or is reset, or the
 * user is disabled (`endAllFor`, called in the same transaction as that change).
 */
import { createHash, randomBytes, timingSafeEqual } from 'crypto';
import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { inTransaction, SqlSession, withSession } from '../database/sql-session';
import type { Role } from './roles';

export interface ConsoleSession {
  /** The cookie value (only known when it was just issued or presented). */
  secret: string;
  userId: string | null;
  role: Role | null;
  displayName: string | null;
  csrfToken: string;
  locale: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

/** A signed-out browser's session lives this long (it only carries the sign-in form's CSRF token). */
const ANONYMOUS_HOURS = 2;
/** last_seen_at is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

/** Every console session of the user, ended in the caller's transaction (password change or reset, disabling). */
export async function endConsoleSessions(sql: SqlSession, userId: string): Promise<number> {
  return (await sql.query('DELETE FROM console_session WHERE user_id = $1 RETURNING 1', [userId])).length;
}

function hash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

interface SessionRow {
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

@Injectable()
export class ConsoleSessions {
  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The live session the cookie names, or null (unknown, expired, idle too long, user disabled: deleted then). */
  async find(secret: string | undefined): Promise<ConsoleSession | null> {
    if (!secret || secret.length > 100) return null;
    const idHash = hash(secret);
    return withSession(this.orm, async (sql) => {
      const [row] = await sql.query<SessionRow>(
        `SELECT s.user_id, u.role, u.display_name, u.disabled, s.csrf_token, s.locale, s.created_at, s.last_seen_at, s.expires_at
           FROM console_session s LEFT JOIN app_user u ON u.id = s.user_id WHERE s.id_hash = $1`,
        [idHash],
      );
      if (!row) return null;
      const now = this.clock.now();
      const idleLimit = row.user_id ? this.config.console.idleMinutes * 60_000 : ANONYMOUS_HOURS * 3_600_000;
      if (row.expires_at <= now || now.getTime() - row.last_seen_at.getTime() >= idleLimit || row.disabled) {
        await sql.query('DELETE FROM console_session WHERE id_hash = $1', [idHash]);
        return null;
      }
      if (now.getTime() - row.last_seen_at.getTime() >= TOUCH_EVERY_MS) {
        await sql.query('UPDATE console_session SET last_seen_at = $2 WHERE id_hash = $1', [idHash, now]);
        row.last_seen_at = now;
      }
      return {
        secret,
        userId: row.user_id,
        role: row.role,
        displayName: row.display_name,
        csrfToken: row.csrf_token,
        locale: row.locale,
        createdAt: row.created_at,
        lastSeenAt: row.last_seen_at,
        expiresAt: row.expires_at,
      };
    });
  }

  /** A session for a signed-out browser (the sign-in form's CSRF token, the language chosen). */
  async startAnonymous(locale: string | null): Promise<ConsoleSession> {
    return inTransaction(this.orm, (sql) => this.insert(sql, null, locale, ANONYMOUS_HOURS * 3_600_000));
  }

  /**
   * Signs a user in: the browser's previous session (if any) is deleted and a new one issued,
   * with a new id and CSRF token. `sql` lets the caller do it in the transaction that checked
   * the password.
   */
  async signIn(userId: string, previousSecret: string | undefined, locale: string | null, sql?: SqlSession): Promise<ConsoleSession> {
    const work = async (s: SqlSession) => {
      if (previousSecret) await s.query('DELETE FROM console_session WHERE id_hash = $1', [hash(previousSecret)]);
      const session = await this.insert(s, userId, locale, this.config.console.maxHours * 3_600_000);
      const [user] = await s.query<{ role: Role; display_name: string }>('SELECT role, display_name FROM app_user WHERE id = $1', [userId]);
      return { ...session, role: user?.role ?? null, displayName: user?.display_name ?? null };
    };
    return sql ? work(sql) : inTransaction(this.orm, work);
  }

  async end(secret: string): Promise<void> {
    await withSession(this.orm, (sql) => sql.query('DELETE FROM console_session WHERE id_hash = $1', [hash(secret)]));
  }

  /** Signs the user out everywhere: every console session of theirs. Returns how many ended. */
  endAllFor(sql: SqlSession, userId: string): Promise<number> {
    return endConsoleSessions(sql, userId);
  }

  async setLocale(secret: string, locale: string): Promise<void> {
    await withSession(this.orm, (sql) => sql.query('UPDATE console_session SET locale = $2 WHERE id_hash = $1', [hash(secret), locale]));
  }

  /** Whether a form's token is the session's (constant time). */
  static csrfMatches(session: ConsoleSession, presented: unknown): boolean {
    if (typeof presented !== 'string' || presented.length !== session.csrfToken.length) return false;
    return timingSafeEqual(Buffer.from(presented), Buffer.from(session.csrfToken));
  }

  private async insert(sql: SqlSession, userId: string | null, locale: string | null, lifetimeMs: number): Promise<ConsoleSession> {
    const now = this.clock.now();
    const secret = newSecret();
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now.getTime() + lifetimeMs);
    // Sessions that ended on their own are removed as new ones come.
    await sql.query('DELETE FROM console_session WHERE expires_at <= $1', [now]);
    await sql.query(
      'INSERT INTO console_session (id_hash, user_id, csrf_token, locale, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $5, $6)',
      [hash(secret), userId, csrfToken, locale, now, expiresAt],
    );
    return { secret, userId, role: null, displayName: null, csrfToken, locale, createdAt: now, lastSeenAt: now, expiresAt };
  }
}
