/**
 * Users, their API tokens and the audit log. The access services read and write these tables
 * with SQL (so that an audit entry joins the transaction of what it records); these schemas give
 * MikroORM the tables for migrations.
 */
import { EntitySchema } from '@mikro-orm/core';
import { ROLES, Role } from '../roles';

const timestamp = (nullable = false) => ({ type: 'datetime', columnType: 'timestamptz', nullable }) as const;

/**
 * A user. The id is the user name, the same string ledgers record as `user_id` and User Setup
 * keys posting ranges by (R110): a user posts within the range of their own id.
 */
export class AppUser {
  id!: string;
  displayName = '';
  role!: Role;
  /** scrypt with a per-user salt (password-hash.ts); null for token-only users. */
  passwordHash: string | null = null;
  disabled = false;
  createdAt!: Date;
}

export const AppUserSchema = new EntitySchema<AppUser>({
  class: AppUser,
  tableName: 'app_user',
  properties: {
    id: { type: 'string', primary: true, length: 50 },
    displayName: { type: 'string', default: '' },
    role: { enum: true, items: () => [...ROLES], type: 'string' },
    passwordHash: { type: 'text', nullable: true },
    disabled: { type: 'boolean', default: false },
    createdAt: timestamp(),
  },
});

/** An API token. Only its SHA-256 hash is kept; the token itself is shown once, when issued. */
export class ApiToken {
  id!: string;
  user!: AppUser;
  name!: string;
  tokenHash!: string;
  /** The first characters of the token, so that a user can tell their tokens apart. Not a secret. */
  prefix!: string;
  createdAt!: Date;
  expiresAt: Date | null = null;
  lastUsedAt: Date | null = null;
  revokedAt: Date | null = null;
}

export const ApiTokenSchema = new EntitySchema<ApiToken>({
  class: ApiToken,
  tableName: 'api_token',
  properties: {
    id: { type: 'uuid', primary: true },
    user: { kind: 'm:1', entity: () => AppUser, fieldName: 'user_id', index: 'api_token_user_idx' },
    name: { type: 'string' },
    tokenHash: { type: 'string', length: 64, unique: 'api_token_token_hash_key' },
    prefix: { type: 'string', length: 16 },
    createdAt: timestamp(),
    expiresAt: timestamp(true),
    lastUsedAt: timestamp(true),
    revokedAt: timestamp(true),
  },
});

/**
 * Who did what: close, reopen, user and token changes, logins, schedule changes, package
 * downloads. Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE). `userId` is not a foreign key:
 * the actor may be the system user of the CLI, or the name a failed login tried.
 */
export class AuditLogEntry {
  id!: string;
  at!: Date;
  userId!: string;
  action!: string;
  target: string | null = null;
  details: Record<string, unknown> = {};
}

export const AuditLogEntrySchema = new EntitySchema<AuditLogEntry>({
  class: AuditLogEntry,
  tableName: 'audit_log',
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    at: timestamp(),
    userId: { type: 'string' },
    action: { type: 'string' },
    target: { type: 'text', nullable: true },
    details: { type: 'json' },
  },
  indexes: [
    { name: 'audit_log_at_idx', properties: ['at'] },
    { name: 'audit_log_user_idx', properties: ['userId', 'id'] },
  ],
});

export const ACCESS_ENTITIES = [AppUserSchema, ApiTokenSchema, AuditLogEntrySchema];
