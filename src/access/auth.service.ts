import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Clock } from '../common/clock';
import { AuthenticationError } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { inTransaction, withSession } from '../database/sql-session';
import { ApiTokensService } from './api-tokens.service';
import { AuditLog } from './audit-log.service';
import { UNMATCHABLE_HASH, verifyPassword } from './password-hash';
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
 * never says which part was wrong, takes as long whatever the reason, and is audited.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    private readonly tokens: ApiTokensService,
    private readonly auditLog: AuditLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(userName: string, password: string): Promise<LoginResult> {
    const [user] = await withSession(this.orm, (sql) =>
      sql.query<{ id: string; role: Role; password_hash: string | null; disabled: boolean }>('SELECT id, role, password_hash, disabled FROM app_user WHERE id = $1', [userName]),
    );
    const matches = await verifyPassword(password, user?.password_hash ?? UNMATCHABLE_HASH);
    if (!user || !user.password_hash || !matches || user.disabled) {
      const reason = !user ? 'unknown user' : !user.password_hash ? 'no password (token-only user)' : !matches ? 'wrong password' : 'user disabled';
      await this.auditLog.record({ userId: userName, action: 'auth.login-failed', target: userName, details: { reason } });
      throw new AuthenticationError(LOGIN_REFUSED);
    }
    const expiresAt = new Date(this.clock.now().getTime() + this.config.loginTokenHours * 3_600_000);
    return inTransaction(this.orm, async (sql) => {
      const issued = await this.tokens.insert(sql, user.id, 'login', expiresAt);
      await this.auditLog.record({ userId: user.id, action: 'auth.login', target: issued.id, details: { prefix: issued.prefix, expiresAt } }, sql);
      return { token: issued.token, tokenId: issued.id, expiresAt, userId: user.id, role: user.role };
    });
  }
}
