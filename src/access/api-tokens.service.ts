import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import { AuthenticationError, ConflictError, NotFoundError, ValidationError } from '../common/errors';
import { inTransaction, SqlSession, withSession } from '../database/sql-session';
import { ApiTokensRepository, type TokenView } from './api-tokens.repository';
import { AuditLog } from './audit-log.service';
import type { AuthenticatedUser } from './authenticated-user';
import { hashToken, newTokenSecret, tokenPrefix } from './token-secret';

export type { TokenView };

/** A token as issued: the secret is in here once and nowhere else, ever. */
export interface IssuedToken extends TokenView {
  token: string;
}

/** last_used_at is bookkeeping: written at most once a minute per token, not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * API tokens: issued (shown once), listed without secrets, revoked, and checked on every
 * request. A token is found by the SHA-256 hash of what the client sends.
 */
@Injectable()
export class ApiTokensService {
  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    private readonly auditLog: AuditLog,
    private readonly tokens: ApiTokensRepository,
  ) {}

  /**
   * Issues a token for `userId` and records `token.create` by `actor`. `secret` is for the
   * token configured for the bootstrap admin; otherwise a new one is drawn.
   */
  async issue(actor: string, userId: string, options: { name: string; expiresAt: Date | null; secret?: string }, sql?: SqlSession): Promise<IssuedToken> {
    if (options.name.trim() === '') throw ValidationError.at(undefined, 'name', 'must not be blank: name the token after where it is used');
    if (options.expiresAt && options.expiresAt <= this.clock.now()) throw ValidationError.at(undefined, 'expiresAt', 'must be in the future');
    const work = async (s: SqlSession) => {
      const issued = await this.insert(s, userId, options.name, options.expiresAt, options.secret);
      await this.auditLog.record(
        {
          userId: actor,
          action: 'token.create',
          target: issued.id,
          details: { userId, name: issued.name, prefix: issued.prefix, expiresAt: issued.expiresAt },
        },
        s,
      );
      return issued;
    };
    return sql ? work(sql) : inTransaction(this.orm, work);
  }

  /** Stores a token without an audit entry, for callers that record the event themselves (login). */
  async insert(sql: SqlSession, userId: string, name: string, expiresAt: Date | null, secret: string = newTokenSecret()): Promise<IssuedToken> {
    const user = await this.tokens.userState(sql, userId);
    if (!user) throw new NotFoundError(`User ${userId} does not exist`);
    if (user.disabled) throw new ConflictError(`User ${userId} is disabled; enable the user before issuing a token`);
    const view = await this.tokens.insert(sql, {
      id: randomUUID(),
      userId,
      name,
      tokenHash: hashToken(secret),
      prefix: tokenPrefix(secret),
      createdAt: this.clock.now(),
      expiresAt,
    });
    return { ...view, token: secret };
  }

  async list(userId: string): Promise<TokenView[]> {
    return withSession(this.orm, async (sql) => {
      await this.requireUser(sql, userId);
      return this.tokens.listOf(sql, userId);
    });
  }

  /** Revokes a token of `userId`. Revoking a revoked token changes nothing and records nothing. */
  async revoke(actor: string, userId: string, tokenId: string): Promise<TokenView> {
    return inTransaction(this.orm, async (sql) => {
      await this.requireUser(sql, userId);
      const token = await this.tokens.findForUpdate(sql, userId, tokenId);
      if (!token) throw new NotFoundError(`User ${userId} has no API token ${tokenId}`);
      if (token.revokedAt) return token;
      const revoked = await this.tokens.revoke(sql, token.id, this.clock.now());
      await this.auditLog.record({ userId: actor, action: 'token.revoke', target: token.id, details: { userId, name: token.name, prefix: token.prefix } }, sql);
      return revoked;
    });
  }

  /** The user a bearer token stands for, or AuthenticationError. */
  async authenticate(token: string): Promise<AuthenticatedUser> {
    const hash = hashToken(token);
    const now = this.clock.now();
    return withSession(this.orm, async (sql) => {
      // Found by hash: no comparison of secrets happens here that timing could reveal (token-secret.ts).
      const row = await this.tokens.holderOf(sql, hash);
      // Telling the holder of a token why it no longer works helps them and gives nothing away.
      if (!row) throw new AuthenticationError('The API token is not valid');
      if (row.revokedAt) throw new AuthenticationError(`The API token was revoked at ${row.revokedAt.toISOString()}`);
      if (row.expiresAt && row.expiresAt <= now)
        throw new AuthenticationError(`The API token expired at ${row.expiresAt.toISOString()}; log in again or ask for a new token`);
      if (row.disabled) throw new AuthenticationError(`User ${row.userId} is disabled`);
      if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) await this.tokens.touch(sql, row.tokenId, now);
      return { id: row.userId, role: row.role, tokenId: row.tokenId };
    });
  }

  private async requireUser(sql: SqlSession, userId: string): Promise<void> {
    if (!(await this.tokens.userState(sql, userId))) throw new NotFoundError(`User ${userId} does not exist`);
  }
}
