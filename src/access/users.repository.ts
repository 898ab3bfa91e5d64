import { Injectable } from '@nestjs/common';
import type { SqlSession } from '../database/sql-session';
import type { Role } from './roles';

export interface UserRecord {
  id: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  hasPassword: boolean;
  createdAt: Date;
}

export interface UserCredentials {
  id: string;
  role: Role;
  passwordHash: string | null;
  disabled: boolean;
  passwordMustChange: boolean;
  passwordExpiresAt: Date | null;
}

export interface NewUserRow {
  id: string;
  displayName: string;
  role: Role;
  passwordHash: string | null;
  disabled: boolean;
  createdAt: Date;
  passwordMustChange: boolean;
}

interface UserRow {
  id: string;
  display_name: string;
  role: Role;
  has_password: boolean;
  disabled: boolean;
  created_at: Date;
}

/** User lists and lookups never read the password hash back, only whether there is one (sign-in has credentialsOf). */
const USER_COLUMNS = 'id, display_name, role, password_hash IS NOT NULL AS has_password, disabled, created_at';

/** Users (`app_user`) as user management reads and changes them: the only SQL on them here. */
@Injectable()
export class UsersRepository {
  async list(sql: SqlSession): Promise<UserRecord[]> {
    return (await sql.query<UserRow>(`SELECT ${USER_COLUMNS} FROM app_user ORDER BY id`)).map(toRecord);
  }

  async find(sql: SqlSession, id: string, forUpdate = false): Promise<UserRecord | null> {
    const [row] = await sql.query<UserRow>(`SELECT ${USER_COLUMNS} FROM app_user WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
    return row ? toRecord(row) : null;
  }

  async insert(sql: SqlSession, u: NewUserRow): Promise<UserRecord> {
    const [row] = await sql.query<UserRow>(
      `INSERT INTO app_user (id, display_name, role, password_hash, disabled, created_at, password_must_change) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${USER_COLUMNS}`,
      [u.id, u.displayName, u.role, u.passwordHash, u.disabled, u.createdAt, u.passwordMustChange],
    );
    return toRecord(row);
  }

  /** Name, role and state; the password hash only when `setPassword` (null removes it). */
  async update(
    sql: SqlSession,
    id: string,
    u: { displayName: string; role: Role; disabled: boolean },
    password: { set: boolean; hash: string | null },
  ): Promise<UserRecord> {
    const [row] = await sql.query<UserRow>(
      `UPDATE app_user SET display_name = $2, role = $3, disabled = $4, password_hash = CASE WHEN $5 THEN $6 ELSE password_hash END WHERE id = $1 RETURNING ${USER_COLUMNS}`,
      [id, u.displayName, u.role, u.disabled, password.set, password.hash],
    );
    return toRecord(row);
  }

  /** A one-time password the user must replace at the next sign-in, valid until `expiresAt`. */
  async setOneTimePassword(sql: SqlSession, id: string, hash: string, expiresAt: Date): Promise<void> {
    await sql.query('UPDATE app_user SET password_hash = $2, password_must_change = true, password_expires_at = $3 WHERE id = $1', [id, hash, expiresAt]);
  }

  /** Locks every admin row: admin changes are serialised, so two admins cannot demote each other at once. */
  async lockAdmins(sql: SqlSession): Promise<void> {
    await sql.query("SELECT id FROM app_user WHERE role = 'admin' ORDER BY id FOR UPDATE");
  }

  /** Whether an active admin other than `exceptId` (any, when null) exists. */
  async activeAdminExists(sql: SqlSession, exceptId: string | null = null): Promise<boolean> {
    const rows = await sql.query("SELECT 1 FROM app_user WHERE role = 'admin' AND NOT disabled AND ($1::text IS NULL OR id <> $1) LIMIT 1", [exceptId]);
    return rows.length > 0;
  }

  /**
   * What a sign-in checks: the one read of a password hash, so that it can be verified; nothing
   * else gets it back.
   */
  async credentialsOf(sql: SqlSession, id: string): Promise<UserCredentials | null> {
    const [row] = await sql.query<{
      id: string;
      role: Role;
      password_hash: string | null;
      disabled: boolean;
      password_must_change: boolean;
      password_expires_at: Date | null;
    }>('SELECT id, role, password_hash, disabled, password_must_change, password_expires_at FROM app_user WHERE id = $1', [id]);
    return row
      ? {
          id: row.id,
          role: row.role,
          passwordHash: row.password_hash,
          disabled: row.disabled,
          passwordMustChange: row.password_must_change,
          passwordExpiresAt: row.password_expires_at,
        }
      : null;
  }

  /** A password the user chose themselves: no longer one-time, no expiry. */
  async setOwnPassword(sql: SqlSession, id: string, hash: string): Promise<void> {
    await sql.query('UPDATE app_user SET password_hash = $2, password_must_change = false, password_expires_at = NULL WHERE id = $1', [id, hash]);
  }

  /** Serialises instances that start together (a transaction-level advisory lock on `key`). */
  async lockForBootstrap(sql: SqlSession, key: number): Promise<void> {
    await sql.query('SELECT pg_advisory_xact_lock($1)', [key]);
  }

  /** Revokes every live token of the user; how many. */
  async revokeAllTokens(sql: SqlSession, userId: string, at: Date): Promise<number> {
    const rows = await sql.query('UPDATE api_token SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL RETURNING id', [userId, at]);
    return rows.length;
  }
}

function toRecord(r: UserRow): UserRecord {
  return { id: r.id, displayName: r.display_name, role: r.role, disabled: r.disabled, hasPassword: r.has_password, createdAt: r.created_at };
}
