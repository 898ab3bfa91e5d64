import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import { AuthenticationError, ConflictError, NotFoundError, ValidationError } from '../common/errors';
import { inTransaction, SqlSession, withSession } from '../database/sql-session';
import { AuditLog } from './audit-log.service';
import type { AuthenticatedUser } from './authenticated-user';
import type { Role } from './roles';
import { hashToken, newTokenSecret, tokenPrefix } from './token-secret';

export interface TokenView {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A token as issued: the secret is in here once and nowhere else, ever. */
export interface IssuedToken extends TokenView {
  token: string;
}

interface TokenRow {
  id: string;
  user_id: string;
  name: string;
  prefix: string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
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
    const [user] = await sql.query<{ disabled: boolean }>('SELECT disabled FROM app_user WHERE id = $1', [userId]);
    if (!user) throw new NotFoundError(`User ${userId} does not exist`);
    if (user.disabled) throw new ConflictError(`User ${userId} is disabled; enable the user before issuing a token`);
    const [row] = await sql.query<TokenRow>(
      'INSERT INTO api_token (id, user_id, name, token_hash, prefix, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *',
      [randomUUID(), userId, name, hashToken(secret), tokenPrefix(secret), this.clock.now(), expiresAt],
    );
    return { ...toView(row), token: secret };
  }

  async list(userId: string): Promise<TokenView[]> {
    return withSession(this.orm, async (sql) => {
      await requireUser(sql, userId);
      const rows = await sql.query<TokenRow>('SELECT * FROM api_token WHERE user_id = $1 ORDER BY created_at, id', [userId]);
      return rows.map(toView);
    });
  }

  /** Revokes a token of `userId`. Revoking a revoked token changes nothing and records nothing. */
  async revoke(actor: string, userId: string, tokenId: string): Promise<TokenView> {
    return inTransaction(this.orm, async (sql) => {
      await requireUser(sql, userId);
      const [row] = await sql.query<TokenRow>('SELECT * FROM api_token WHERE id::text = $1 AND user_id = $2 FOR UPDATE', [tokenId, userId]);
      if (!row) throw new NotFoundError(`User ${userId} has no API token ${tokenId}`);
      if (row.revoked_at) return toView(row);
      const [revoked] = await sql.query<TokenRow>('UPDATE api_token SET revoked_at = $2 WHERE id = $1 RETURNING *', [row.id, this.clock.now()]);
      await this.auditLog.record({ userId: actor, action: 'token.revoke', target: row.id, details: { userId, name: row.name, prefix: row.prefix } }, sql);
      return toView(revoked);
    });
  }

  /** The user a bearer token stands for, or AuthenticationError. */
  async authenticate(token: string): Promise<AuthenticatedUser> {
    const hash = hashToken(token);
    const now = this.clock.now();
    return withSession(this.orm, async (sql) => {
      // Found by hash: no comparison of secrets happens here that timing could reveal (token-secret.ts).
      const [row] = await sql.query<{
        id: string;
        user_id: string;
        role: Role;
        disabled: boolean;
        expires_at: Date | null;
        revoked_at: Date | null;
        last_used_at: Date | null;
      }>(
        `SELECT t.id, t.user_id, u.role, u.disabled, t.expires_at, t.revoked_at, t.last_used_at
           FROM api_token t JOIN app_user u ON u.id = t.user_id WHERE t.token_hash = $1`,
        [hash],
      );
      // Telling the holder of a token why it no longer works helps them and gives nothing away.
      if (!row) throw new AuthenticationError('The API token is not valid');
      if (row.revoked_at) throw new AuthenticationError(`The API token was revoked at ${row.revoked_at.toISOString()}`);
      if (row.expires_at && row.expires_at <= now)
        throw new AuthenticationError(`The API token expired at ${row.expires_at.toISOString()}; log in again or ask for a new token`);
      if (row.disabled) throw new AuthenticationError(`User ${row.user_id} is disabled`);
      if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= LAST_USED_RESOLUTION_MS) {
        await sql.query('UPDATE api_token SET last_used_at = $2 WHERE id = $1', [row.id, now]);
      }
      return { id: row.user_id, role: row.role, tokenId: row.id };
    });
  }
}

async function requireUser(sql: SqlSession, userId: string): Promise<void> {
  const [user] = await sql.query('SELECT 1 FROM app_user WHERE id = $1', [userId]);
  if (!user) throw new NotFoundError(`User ${userId} does not exist`);
}

function toView(row: TokenRow): TokenView {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}
