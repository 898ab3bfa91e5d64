import { endConsoleSessions } from './console-sessions';
import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Clock } from '../common/clock';
import { randomBytes } from 'node:crypto';
import { AccessDeniedError, ConflictError, ErrorDetail, NotFoundError, ValidationError } from '../common/errors';
import { inTransaction, SqlSession, withSession } from '../database/sql-session';
import { ApiTokensService, IssuedToken } from './api-tokens.service';
import { AuditLog } from './audit-log.service';
import { hashPassword, passwordProblem } from './password-hash';
import { isRole, Role, ROLES } from './roles';

export interface UserView {
  id: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  /** Whether the user can log in with a password (token-only users cannot). */
  hasPassword: boolean;
  createdAt: Date;
}

export interface NewUser {
  id: string;
  role: Role;
  displayName?: string;
  password?: string | null;
  disabled?: boolean;
  /**
   * The password is the user's own choice (the CLI's `user add --password-stdin`, the bootstrap
   * admin). Otherwise an admin chose it, and the user must replace it at the first sign-in.
   */
  passwordChosenByUser?: boolean;
}

/** A password reset: the one-time password the admin passes on, shown once. */
export interface PasswordReset {
  userId: string;
  oneTimePassword: string;
  expiresAt: Date;
  tokensRevoked: number;
}

/** Fields to change; a password of null removes it (the user keeps only their tokens). */
export interface UserChanges {
  displayName?: string;
  role?: Role;
  disabled?: boolean;
  password?: string | null;
}

export const MAX_DISPLAY_NAME_LENGTH = 200;

/** Ledger user ids: short, no spaces, safe in file names and URLs. */
const USER_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,49}$/;

interface UserRow {
  id: string;
  display_name: string;
  role: Role;
  password_hash: string | null;
  disabled: boolean;
  created_at: Date;
}

/**
 * Users and their roles. Each change is one transaction together with its audit entry. The
 * last active admin cannot be disabled or given another role: someone must be able to manage
 * users.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    private readonly auditLog: AuditLog,
    private readonly tokens: ApiTokensService,
  ) {}

  async list(): Promise<UserView[]> {
    const rows = await withSession(this.orm, (sql) => sql.query<UserRow>('SELECT * FROM app_user ORDER BY id'));
    return rows.map(toView);
  }

  async get(id: string): Promise<UserView> {
    return withSession(this.orm, async (sql) => toView(await findUser(sql, id)));
  }

  /** `actor` is who creates the user (an admin, or the system user of the CLI). */
  async create(actor: string, input: NewUser, sql?: SqlSession): Promise<UserView> {
    const problems = [...userIdProblems(input.id), ...roleProblems(input.role), ...displayNameProblems(input.displayName), ...passwordProblems(input.password)];
    if (problems.length) throw ValidationError.of(problems);
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    const work = async (s: SqlSession) => {
      const [existing] = await s.query('SELECT 1 FROM app_user WHERE id = $1', [input.id]);
      if (existing) throw new ConflictError(`User ${input.id} already exists`);
      const mustChange = passwordHash !== null && !input.passwordChosenByUser;
      const [row] = await s.query<UserRow>(
        'INSERT INTO app_user (id, display_name, role, password_hash, disabled, created_at, password_must_change) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *',
        [input.id, input.displayName ?? '', input.role, passwordHash, input.disabled ?? false, this.clock.now(), mustChange],
      );
      const view = toView(row);
      await this.auditLog.record(
        {
          userId: actor,
          action: 'user.create',
          target: view.id,
          details: { role: view.role, displayName: view.displayName, disabled: view.disabled, hasPassword: view.hasPassword },
        },
        s,
      );
      return view;
    };
    return sql ? work(sql) : inTransaction(this.orm, work);
  }

  /** A new user and a first API token for them, in one transaction (`costclose user add`). */
  async createWithToken(actor: string, input: NewUser, tokenName: string): Promise<{ user: UserView; token: IssuedToken }> {
    return inTransaction(this.orm, async (sql) => {
      const user = await this.create(actor, input, sql);
      const token = await this.tokens.issue(actor, user.id, { name: tokenName, expiresAt: null }, sql);
      return { user, token };
    });
  }

  async update(actor: string, id: string, changes: UserChanges): Promise<UserView> {
    // Segregation of duties (issue 15, item 7): nobody obtains a usable credential of another
    // user. Removing a password (null) gives none; setting one would.
    if (typeof changes.password === 'string' && actor !== id) {
      throw new AccessDeniedError(
        `An admin cannot set another user's password: start a reset (POST /api/users/${id}/password-reset); ${id} then chooses a new password at the first sign-in`,
      );
    }
    const problems = [
      ...(changes.role !== undefined ? roleProblems(changes.role) : []),
      ...displayNameProblems(changes.displayName),
      ...passwordProblems(changes.password),
    ];
    if (problems.length) throw ValidationError.of(problems);
    const passwordHash = changes.password ? await hashPassword(changes.password) : null;
    return inTransaction(this.orm, async (sql) => {
      // Admin changes are serialised, so that two admins cannot demote each other at once.
      await sql.query("SELECT id FROM app_user WHERE role = 'admin' ORDER BY id FOR UPDATE");
      const before = await findUser(sql, id, true);
      const after = {
        displayName: changes.displayName ?? before.display_name,
        role: changes.role ?? before.role,
        disabled: changes.disabled ?? before.disabled,
      };
      if (before.role === 'admin' && !before.disabled && (after.role !== 'admin' || after.disabled) && !(await otherActiveAdmin(sql, id))) {
        throw new ConflictError(`User ${id} is the last active admin and must stay an active admin: make another user admin first`);
      }
      const [row] = await sql.query<UserRow>(
        `UPDATE app_user SET display_name = $2, role = $3, disabled = $4, password_hash = CASE WHEN $5 THEN $6 ELSE password_hash END WHERE id = $1 RETURNING *`,
        [id, after.displayName, after.role, after.disabled, changes.password !== undefined, passwordHash],
      );
      const details: Record<string, unknown> = {};
      if (after.displayName !== before.display_name) details.displayName = { from: before.display_name, to: after.displayName };
      if (after.role !== before.role) details.role = { from: before.role, to: after.role };
      if (after.disabled !== before.disabled) details.disabled = { from: before.disabled, to: after.disabled };
      if (changes.password !== undefined) details.password = changes.password === null ? 'removed' : 'set';
      // A disabled user's tokens are revoked, not just refused: enabling the user again must not
      // bring old tokens back to life.
      if (after.disabled && !before.disabled) details.tokensRevoked = await revokeAllTokens(sql, id, this.clock.now());
      // Signed out of the console everywhere when disabled or the password changes (issue 14).
      if ((after.disabled && !before.disabled) || changes.password !== undefined) {
        const ended = await endConsoleSessions(sql, id);
        if (ended) details.consoleSessionsEnded = ended;
      }
      // A change that changes nothing is not something anyone did.
      if (Object.keys(details).length) await this.auditLog.record({ userId: actor, action: 'user.update', target: id, details }, sql);
      return toView(row);
    });
  }

  /**
   * Starts a password reset (issue 15, item 7): a random one-time password, valid for
   * COSTCLOSE_RESET_PASSWORD_HOURS, that the user must replace at the first sign-in; every token
   * of the user is revoked. Audited without the secret.
   */
  async resetPassword(actor: string, id: string, validHours: number): Promise<PasswordReset> {
    const oneTimePassword = randomBytes(18).toString('base64url');
    const hash = await hashPassword(oneTimePassword);
    const expiresAt = new Date(this.clock.now().getTime() + validHours * 3_600_000);
    return inTransaction(this.orm, async (sql) => {
      await findUser(sql, id, true);
      await sql.query('UPDATE app_user SET password_hash = $2, password_must_change = true, password_expires_at = $3 WHERE id = $1', [id, hash, expiresAt]);
      const tokensRevoked = await revokeAllTokens(sql, id, this.clock.now());
      await endConsoleSessions(sql, id);
      await this.auditLog.record({ userId: actor, action: 'user.password-reset', target: id, details: { expiresAt, tokensRevoked } }, sql);
      return { userId: id, oneTimePassword, expiresAt, tokensRevoked };
    });
  }

  async activeAdminExists(sql: SqlSession): Promise<boolean> {
    const rows = await sql.query("SELECT 1 FROM app_user WHERE role = 'admin' AND NOT disabled LIMIT 1");
    return rows.length > 0;
  }
}

async function findUser(sql: SqlSession, id: string, forUpdate = false): Promise<UserRow> {
  const [row] = await sql.query<UserRow>(`SELECT * FROM app_user WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  if (!row) throw new NotFoundError(`User ${id} does not exist`);
  return row;
}

async function revokeAllTokens(sql: SqlSession, userId: string, at: Date): Promise<number> {
  const rows = await sql.query('UPDATE api_token SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL RETURNING id', [userId, at]);
  return rows.length;
}

async function otherActiveAdmin(sql: SqlSession, id: string): Promise<boolean> {
  const rows = await sql.query("SELECT 1 FROM app_user WHERE role = 'admin' AND NOT disabled AND id <> $1 LIMIT 1", [id]);
  return rows.length > 0;
}

function toView(row: UserRow): UserView {
  return {
    id: row.id,
    displayName: row.display_name,
    role: row.role,
    disabled: row.disabled,
    hasPassword: row.password_hash !== null,
    createdAt: row.created_at,
  };
}

function userIdProblems(id: unknown): ErrorDetail[] {
  if (typeof id === 'string' && USER_ID.test(id)) return [];
  return [{ field: 'id', message: `'${String(id)}' is not a user id: 1 to 50 letters, digits and . _ @ -, starting with a letter or digit` }];
}

function roleProblems(role: unknown): ErrorDetail[] {
  return isRole(role) ? [] : [{ field: 'role', message: `'${String(role)}' is not one of ${ROLES.join(', ')}` }];
}

function displayNameProblems(displayName: string | null | undefined): ErrorDetail[] {
  return typeof displayName === 'string' && displayName.length > MAX_DISPLAY_NAME_LENGTH
    ? [{ field: 'displayName', message: `must be at most ${MAX_DISPLAY_NAME_LENGTH} characters long` }]
    : [];
}

function passwordProblems(password: string | null | undefined): ErrorDetail[] {
  const problem = typeof password === 'string' ? passwordProblem(password) : null;
  return problem ? [{ field: 'password', message: problem }] : [];
}
