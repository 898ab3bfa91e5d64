import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Clock } from '../common/clock';
import { AccessDeniedError, AuthenticationError, ValidationError } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { inTransaction, withSession } from '../database/sql-session';
import { ApiTokensService } from './api-tokens.service';
import { AuditLog } from './audit-log.service';
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
  ) {}

  /**
   * `address` is the client's, for throttling. A password an admin set or reset must be replaced
   * now: the sign-in is refused (403) unless `newPassword` comes with it, and then the new
   * password is stored, audited, and the token issued. Any user may change their password this way.
   */
  async login(userName: string, password: string, address: string | null = null, newPassword: string | null = null): Promise<LoginResult> {
    await this.throttle.check(userName, address);
    const [user] = await withSession(this.orm, (sql) =>
      sql.query<{ id: string; role: Role; password_hash: string | null; disabled: boolean; password_must_change: boolean; password_expires_at: Date | null }>(
        'SELECT id, role, password_hash, disabled, password_must_change, password_expires_at FROM app_user WHERE id = $1',
        [userName],
      ),
    );
    const matches = await verifyPassword(password, user?.password_hash ?? UNMATCHABLE_HASH);
    const expired = !!user?.password_expires_at && user.password_expires_at <= this.clock.now();
    if (!user || !user.password_hash || !matches || user.disabled || expired) {
      const reason = !user ? 'unknown user' : !user.password_hash ? 'no password (token-only user)' : !matches ? 'wrong password' : user.disabled ? 'user disabled' : 'one-time password expired';
      await this.throttle.failed(userName, address, reason);
      throw new AuthenticationError(expired && matches ? 'The one-time password has expired: ask an admin for a new password reset' : LOGIN_REFUSED);
    }
    if (user.password_must_change && newPassword === null) {
      throw new AccessDeniedError('This password was set by an admin and must be replaced: sign in again with newPassword, a password of your own');
    }
    if (newPassword !== null) {
      const problem = passwordProblem(newPassword) ?? (newPassword === password ? 'must differ from the current password' : null);
      if (problem) throw ValidationError.at(undefined, 'newPassword', problem);
    }
    const newHash = newPassword !== null ? await hashPassword(newPassword) : null;
    await this.throttle.succeeded(userName);
    const expiresAt = new Date(this.clock.now().getTime() + this.config.loginTokenHours * 3_600_000);
    return inTransaction(this.orm, async (sql) => {
      if (newHash) {
        await sql.query('UPDATE app_user SET password_hash = $2, password_must_change = false, password_expires_at = NULL WHERE id = $1', [user.id, newHash]);
        await this.auditLog.record({ userId: user.id, action: 'user.password-change', target: user.id, details: { atSignIn: true, replacedOneTimePassword: user.password_must_change, address } }, sql);
      }
      const issued = await this.tokens.insert(sql, user.id, 'login', expiresAt);
      await this.auditLog.record({ userId: user.id, action: 'auth.login', target: issued.id, details: { prefix: issued.prefix, expiresAt, address } }, sql);
      return { token: issued.token, tokenId: issued.id, expiresAt, userId: user.id, role: user.role };
    });
  }
}
