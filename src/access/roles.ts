/**
 * Roles and what each may do (issue #6). Every route declares one access level with @Access;
 * this table is the only place that says which roles a level admits.
 *
 * Segregation of duties: an admin configures (setup, users, schedules) but does not post; finance
 * posts and closes but does not configure. Nobody can both change the rules and book under them.
 */
export const ROLES = ['admin', 'finance', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export type AccessLevel =
  /** No token needed: login (and the API documentation, which Nest does not route). */
  | 'public'
  /** Any signed-in user, whatever the role: "who am I". */
  | 'authenticated'
  /** Reports, ledgers, setup, runs, packages: reading changes nothing. */
  | 'read'
  /** Posting and running the close: item journal, adjustment, revaluation, G/L, periods. */
  | 'operate'
  /** Setup and master data, users and their tokens, schedules. */
  | 'configure'
  /** The audit log: those who oversee, not those being overseen. */
  | 'audit';

export const ROLES_BY_LEVEL: Record<Exclude<AccessLevel, 'public'>, readonly Role[]> = {
  authenticated: ROLES,
  read: ['admin', 'finance', 'auditor'],
  operate: ['finance'],
  configure: ['admin'],
  audit: ['admin', 'auditor'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
