import { Injectable } from '@nestjs/common';
import type { SqlSession } from '../database/sql-session';
import type { Role } from './roles';

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

export interface NewToken {
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
}

/** A token found by its hash, with what authentication checks about it and its user. */
export interface TokenHolder {
  tokenId: string;
  userId: string;
  role: Role;
  disabled: boolean;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
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

const TOKEN_COLUMNS = 'id, user_id, name, prefix, created_at, expires_at, last_used_at, revoked_at';

/** API tokens (`api_token`): the only SQL on them. Secrets are never stored, only their hash. */
@Injectable()
export class ApiTokensRepository {
  /** Whether the user exists, and whether it is disabled (null: no such user). */
  async userState(sql: SqlSession, userId: string): Promise<{ disabled: boolean } | null> {
    const [user] = await sql.query<{ disabled: boolean }>('SELECT disabled FROM app_user WHERE id = $1', [userId]);
    return user ?? null;
  }

  async insert(sql: SqlSession, t: NewToken): Promise<TokenView> {
    const [row] = await sql.query<TokenRow>(
      `INSERT INTO api_token (id, user_id, name, token_hash, prefix, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${TOKEN_COLUMNS}`,
      [t.id, t.userId, t.name, t.tokenHash, t.prefix, t.createdAt, t.expiresAt],
    );
    return toView(row);
  }

  async listOf(sql: SqlSession, userId: string): Promise<TokenView[]> {
    const rows = await sql.query<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_token WHERE user_id = $1 ORDER BY created_at, id`, [userId]);
    return rows.map(toView);
  }

  /** A token of the user, locked for the caller's transaction; null if the user has none of that id. */
  async findForUpdate(sql: SqlSession, userId: string, tokenId: string): Promise<TokenView | null> {
    const [row] = await sql.query<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_token WHERE id::text = $1 AND user_id = $2 FOR UPDATE`, [tokenId, userId]);
    return row ? toView(row) : null;
  }

  async revoke(sql: SqlSession, tokenId: string, at: Date): Promise<TokenView> {
    const [row] = await sql.query<TokenRow>(`UPDATE api_token SET revoked_at = $2 WHERE id = $1 RETURNING ${TOKEN_COLUMNS}`, [tokenId, at]);
    return toView(row);
  }

  /** The token with this hash and its user; found by hash, so no secret is compared here. */
  async holderOf(sql: SqlSession, tokenHash: string): Promise<TokenHolder | null> {
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
      [tokenHash],
    );
    if (!row) return null;
    return {
      tokenId: row.id,
      userId: row.user_id,
      role: row.role,
      disabled: row.disabled,
      expiresAt: row.expires_at,
      revokedAt: row.revoked_at,
      lastUsedAt: row.last_used_at,
    };
  }

  async touch(sql: SqlSession, tokenId: string, at: Date): Promise<void> {
    await sql.query('UPDATE api_token SET last_used_at = $2 WHERE id = $1', [tokenId, at]);
  }
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
