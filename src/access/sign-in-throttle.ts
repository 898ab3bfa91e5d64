import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Clock } from '../common/clock';
import { TooManyRequestsError } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { inTransaction, withSession } from '../database/sql-session';
import { AuditLog } from './audit-log.service';
import { SignInFailuresRepository, type SignInScope } from './sign-in-failures.repository';

type Scope = SignInScope;

/**
 * Sign-in throttling (issue 15, item 7). Failed sign-ins are counted per user name and per
 * client address in fixed windows (COSTCLOSE_SIGN_IN_WINDOW_MINUTES) in PostgreSQL, so that
 * every instance sees the same counts. A user name with maxFailuresPerUser failures in the
 * window is locked until the window ends — even the right password is refused then — and an
 * address with maxFailuresPerAddress failures is refused likewise (password spraying across
 * user names). Refusals are 429 with Retry-After.
 *
 * The audit log is append-only, so it is not flooded: per user and window it gets one
 * `auth.login-failed` row (the first failure) and, when the lock engages, one `auth.lockout`
 * row with the count. The running counts are in sign_in_failure.
 */
@Injectable()
export class SignInThrottle {
  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    private readonly auditLog: AuditLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly failures: SignInFailuresRepository,
  ) {}

  /**
   * Refuses a user name or address that is locked in the current window. Without an address
   * (a caller that has none) only the user name is counted: an unknown address must not lump
   * every client together.
   */
  async check(userName: string, address: string | null): Promise<void> {
    const { start, end } = this.window();
    const rows = await withSession(this.orm, (sql) => this.failures.counts(sql, start, userName, address));
    const locked = rows.find((r) => r.failures >= this.limit(r.scope));
    if (!locked) return;
    const retryAfterSeconds = Math.max(1, Math.ceil((end.getTime() - this.clock.now().getTime()) / 1000));
    throw new TooManyRequestsError(
      `Too many failed sign-ins ${locked.scope === 'user' ? 'for this user name' : 'from this address'}: try again after ${end.toISOString()}`,
      retryAfterSeconds,
    );
  }

  /** Counts a failed sign-in and audits the first of the window and the lockout. */
  async failed(userName: string, address: string | null, reason: string): Promise<void> {
    const { start, end } = this.window();
    await inTransaction(this.orm, async (sql) => {
      const count = (scope: Scope, key: string) => this.failures.increment(sql, scope, key, start);
      const userFailures = await count('user', userName);
      const addressFailures = address === null ? 0 : await count('address', address);
      const window = { from: start.toISOString(), to: end.toISOString() };
      if (userFailures === 1)
        await this.auditLog.record(
          { userId: userName, action: 'auth.login-failed', target: userName, details: { reason, address, window, failuresInWindow: 1 } },
          sql,
        );
      if (userFailures === this.limit('user')) {
        await this.auditLog.record(
          {
            userId: userName,
            action: 'auth.lockout',
            target: userName,
            details: { scope: 'user', failuresInWindow: userFailures, lockedUntil: window.to, lastAddress: address },
          },
          sql,
        );
      }
      if (address !== null && addressFailures === this.limit('address')) {
        await this.auditLog.record(
          {
            userId: userName,
            action: 'auth.lockout',
            target: address,
            details: { scope: 'address', failuresInWindow: addressFailures, lockedUntil: window.to },
          },
          sql,
        );
      }
      // Old windows are of no use to the throttle: keep the table small.
      await this.failures.deleteWindowsBefore(sql, new Date(start.getTime() - 24 * 3_600_000));
    });
  }

  /** A successful sign-in clears the user name's count (not the address's). */
  async succeeded(userName: string): Promise<void> {
    await withSession(this.orm, (sql) => this.failures.clearUser(sql, userName));
  }

  private limit(scope: Scope): number {
    return scope === 'user' ? this.config.signIn.maxFailuresPerUser : this.config.signIn.maxFailuresPerAddress;
  }

  private window(): { start: Date; end: Date } {
    const length = this.config.signIn.windowMinutes * 60_000;
    const start = Math.floor(this.clock.now().getTime() / length) * length;
    return { start: new Date(start), end: new Date(start + length) };
  }
}
