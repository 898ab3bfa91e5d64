import { endConsoleSessions } from './console-sessions.repository';
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
import { type UserRecord, UsersRepository } from './users.repository';

/** A user as the API shows it. */
export type UserView = UserRecord;

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
    private readonly users: UsersRepository,
  ) {}

  async list(): Promise<UserView[]> {
    return withSession(this.orm, (sql) => this.users.list(sql));
  }

  async get(id: string): Promise<UserView> {
    return withSession(this.orm, (sql) => this.findUser(sql, id));
  }

  /** `actor` is who creates the user (an admin, or the system user of the CLI). */
  async create(actor: string, input: NewUser, sql?: SqlSession): Promise<UserView> {
    const problems = [...userIdProblems(input.id), ...roleProblems(input.role), ...displayNameProblems(input.displayName), ...passwordProblems(input.password)];
    if (problems.length) throw ValidationError.of(problems);
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    const work = async (s: SqlSession) => {
      if (await this.users.find(s, input.id)) throw new ConflictError(`User ${input.id} already exists`);
      const mustChange = passwordHash !== null && !input.passwordChosenByUser;
      const view = await this.users.insert(s, {
        id: input.id,
        displayName: input.displayName ?? '',
        role: input.role,
        passwordHash,
        disabled: input.disabled ?? false,
        createdAt: this.clock.now(),
        passwordMustChange: mustChange,
      });
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
      await this.users.lockAdmins(sql);
      const before = await this.findUser(sql, id, true);
      const after = {
        displayName: changes.displayName ?? before.displayName,
        role: changes.role ?? before.role,
        disabled: changes.disabled ?? before.disabled,
      };
      if (before.role === 'admin' && !before.disabled && (after.role !== 'admin' || after.disabled) && !(await this.users.activeAdminExists(sql, id))) {
        throw new ConflictError(`User ${id} is the last active admin and must stay an active admin: make another user admin first`);
      }
      const updated = await this.users.update(sql, id, after, { set: changes.password !== undefined, hash: passwordHash });
      const details: Record<string, unknown> = {};
      if (after.displayName !== before.displayName) details.displayName = { from: before.displayName, to: after.displayName };
      if (after.role !== before.role) details.role = { from: before.role, to: after.role };
      if (after.disabled !== before.disabled) details.disabled = { from: before.disabled, to: after.disabled };
      if (changes.password !== undefined) details.password = changes.password === null ? 'removed' : 'set';
      // A disabled user's tokens are revoked, not just refused: enabling the user again must not
      // bring old tokens back to life.
      if (after.disabled && !before.disabled) details.tokensRevoked = await this.users.revokeAllTokens(sql, id, this.clock.now());
      // Signed out of the console everywhere when disabled or the password changes (issue 14).
      if ((after.disabled && !before.disabled) || changes.password !== undefined) {
        const ended = await endConsoleSessions(sql, id);
        if (ended) details.consoleSessionsEnded = ended;
      }
      // A change that changes nothing is not something anyone did.
      if (Object.keys(details).length) await this.auditLog.record({ userId: actor, action: 'user.update', target: id, details }, sql);
      return updated;
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
      await this.findUser(sql, id, true);
      await this.users.setOneTimePassword(sql, id, hash, expiresAt);
      const tokensRevoked = await this.users.revokeAllTokens(sql, id, this.clock.now());
      await endConsoleSessions(sql, id);
      await this.auditLog.record({ userId: actor, action: 'user.password-reset', target: id, details: { expiresAt, tokensRevoked } }, sql);
      return { userId: id, oneTimePassword, expiresAt, tokensRevoked };
    });
  }

  async activeAdminExists(sql: SqlSession): Promise<boolean> {
    return this.users.activeAdminExists(sql);
  }

  private async findUser(sql: SqlSession, id: string, forUpdate = false): Promise<UserView> {
    const user = await this.users.find(sql, id, forUpdate);
    if (!user) throw new NotFoundError(`User ${id} does not exist`);
    return user;
  }
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
