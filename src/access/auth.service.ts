import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Clock } from '../common/clock';
import { AccessDeniedError, AuthenticationError, ValidationError } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { inTransaction, SqlSession, withSession } from '../database/sql-session';
import { ApiTokensService } from './api-tokens.service';
import { AuditLog } from './audit-log.service';
import { endConsoleSessions } from './console-sessions.repository';
import { UsersRepository } from './users.repository';
import { hashPassword, passwordProblem, UNMATCHABLE_HASH, verifyPassword } from './password-hash';
import { SignInThrottle } from './sign-in-throttle';
import type { Role } from './roles';

export interface LoginResult {
  token: string;
  tokenId: string;
  expiresAt: Date;
  userId: string;
  role: Role;
}

export interface VerifiedUser {
  id: string;
  role: Role;
  passwordChanged: boolean;
}

const LOGIN_REFUSED = 'The user name or password is wrong, or the user is disabled';

/**
 * Login with user name and password: a token that expires after the configured hours. A refusal
 * never says which part was wrong, takes as long whatever the reason, and is counted and audited
 * by the sign-in throttle (which also refuses locked user names and addresses).
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    private readonly tokens: ApiTokensService,
    private readonly auditLog: AuditLog,
    private readonly throttle: SignInThrottle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
  ) {}

  /**
   * The credential checks every sign-in goes through — the API's login and the console's — so
   * that both are throttled, refused and audited alike: the throttle first (a locked user name
   * or address is refused, 429), then the password (a refusal never says which part was wrong),
   * then the rules on it (a one-time password expires; a password an admin set or reset must be
   * replaced now: refused, 403, unless `newPassword` comes with it). With `newPassword` the new
   * password is stored and audited, and the user is signed out of the console everywhere, in
   * `sql`'s transaction when the caller gives one. `address` is the client's, for throttling.
   */
  async verifyCredentials(
    userName: string,
    password: string,
    address: string | null,
    newPassword: string | null,
    via: 'api' | 'console',
  ): Promise<{ user: VerifiedUser; complete(sql: SqlSession): Promise<void> }> {
    await this.throttle.check(userName, address);
    const user = await withSession(this.orm, (sql) => this.users.credentialsOf(sql, userName));
    const matches = await verifyPassword(password, user?.passwordHash ?? UNMATCHABLE_HASH);
    const expired = !!user?.passwordExpiresAt && user.passwordExpiresAt <= this.clock.now();
    if (!user || !user.passwordHash || !matches || user.disabled || expired) {
      const reason = !user
        ? 'unknown user'
        : !user.passwordHash
          ? 'no password (token-only user)'
          : !matches
            ? 'wrong password'
            : user.disabled
              ? 'user disabled'
              : 'one-time password expired';
      await this.throttle.failed(userName, address, reason);
      throw new AuthenticationError(expired && matches ? 'The one-time password has expired: ask an admin for a new password reset' : LOGIN_REFUSED);
    }
    if (user.passwordMustChange && newPassword === null) {
      throw new AccessDeniedError(
        via === 'api'
          ? 'This password was set by an admin and must be replaced: sign in again with newPassword, a password of your own'
          : 'This password was set by an admin and must be replaced: choose a new password of your own',
      );
    }
    if (newPassword !== null) {
      const problem = passwordProblem(newPassword) ?? (newPassword === password ? 'must differ from the current password' : null);
      if (problem) throw ValidationError.at(undefined, 'newPassword', problem);
    }
    const newHash = newPassword !== null ? await hashPassword(newPassword) : null;
    await this.throttle.succeeded(userName);
    return {
      user: { id: user.id, role: user.role, passwordChanged: newHash !== null },
      complete: async (sql) => {
        if (!newHash) return;
        await this.users.setOwnPassword(sql, user.id, newHash);
        const consoleSessionsEnded = await endConsoleSessions(sql, user.id);
        await this.auditLog.record(
          {
            userId: user.id,
            action: 'user.password-change',
            target: user.id,
            details: { atSignIn: true, replacedOneTimePassword: user.passwordMustChange, address, via, consoleSessionsEnded },
          },
          sql,
        );
      },
    };
  }

  /**
   * The API's login: the credential checks above, then a token that expires after the
   * configured hours. Any user may change their password this way (`newPassword`).
   */
  async login(userName: string, password: string, address: string | null = null, newPassword: string | null = null): Promise<LoginResult> {
    const verified = await this.verifyCredentials(userName, password, address, newPassword, 'api');
    const user = verified.user;
    const expiresAt = new Date(this.clock.now().getTime() + this.config.loginTokenHours * 3_600_000);
    return inTransaction(this.orm, async (sql) => {
      await verified.complete(sql);
      const issued = await this.tokens.insert(sql, user.id, 'login', expiresAt);
      await this.auditLog.record({ userId: user.id, action: 'auth.login', target: issued.id, details: { prefix: issued.prefix, expiresAt, address } }, sql);
      return { token: issued.token, tokenId: issued.id, expiresAt, userId: user.id, role: user.role };
    });
  }
}
