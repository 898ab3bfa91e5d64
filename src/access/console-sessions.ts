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
import { ConsoleSessionsRepository, endConsoleSessions } from './console-sessions.repository';

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

function hash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

@Injectable()
export class ConsoleSessions {
  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: ConsoleSessionsRepository,
  ) {}

  /** The live session the cookie names, or null (unknown, expired, idle too long, user disabled: deleted then). */
  async find(secret: string | undefined): Promise<ConsoleSession | null> {
    if (!secret || secret.length > 100) return null;
    const idHash = hash(secret);
    return withSession(this.orm, async (sql) => {
      const row = await this.sessions.find(sql, idHash);
      if (!row) return null;
      const now = this.clock.now();
      const idleLimit = row.userId ? this.config.console.idleMinutes * 60_000 : ANONYMOUS_HOURS * 3_600_000;
      if (row.expiresAt <= now || now.getTime() - row.lastSeenAt.getTime() >= idleLimit || row.disabled) {
        await this.sessions.delete(sql, idHash);
        return null;
      }
      if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
        await this.sessions.touch(sql, idHash, now);
        row.lastSeenAt = now;
      }
      const { disabled: _disabled, ...session } = row;
      return { secret, ...session };
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
      if (previousSecret) await this.sessions.delete(s, hash(previousSecret));
      const session = await this.insert(s, userId, locale, this.config.console.maxHours * 3_600_000);
      const user = await this.sessions.userOf(s, userId);
      return { ...session, role: user?.role ?? null, displayName: user?.displayName ?? null };
    };
    return sql ? work(sql) : inTransaction(this.orm, work);
  }

  async end(secret: string): Promise<void> {
    await withSession(this.orm, (sql) => this.sessions.delete(sql, hash(secret)));
  }

  /** Signs the user out everywhere: every console session of theirs. Returns how many ended. */
  endAllFor(sql: SqlSession, userId: string): Promise<number> {
    return endConsoleSessions(sql, userId);
  }

  async setLocale(secret: string, locale: string): Promise<void> {
    await withSession(this.orm, (sql) => this.sessions.setLocale(sql, hash(secret), locale));
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
    await this.sessions.deleteExpired(sql, now);
    await this.sessions.insert(sql, { idHash: hash(secret), userId, csrfToken, locale, createdAt: now, expiresAt });
    return { secret, userId, role: null, displayName: null, csrfToken, locale, createdAt: now, lastSeenAt: now, expiresAt };
  }
}
