import * as path from 'path';

/**
 * Everything the service reads from its environment, read in one place. Documented in the README
 * (Configuration); nothing else in the code looks at process.env.
 */
export interface AppConfig {
  /** PostgreSQL server; unset means: start the embedded server under `dataDir`. */
  databaseUrl: string | null;
  /** Directory for the embedded database, generated reports and packages. */
  dataDir: string;
  /** Preferred port of the embedded PostgreSQL (another free one is taken if it is busy). */
  embeddedPgPort: number;
  port: number;
  /**
   * The user the CLI and scheduled work act as (HTTP requests always act as their
   * authenticated user).
   */
  systemUserId: string;
  /**
   * The bootstrap admin: created on start when no active admin exists, with the password and/or
   * API token given here (stored hashed). Unset: nobody is created, and the start says how to
   * create one. There is never a default password.
   */
  bootstrapAdmin: { userId: string; password: string | null; token: string | null } | null;
  /** Lifetime of the tokens `POST /api/auth/login` issues. */
  loginTokenHours: number;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
}

export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const dataDir = path.resolve(env.COSTCLOSE_DATA_DIR ?? '.data');
  return {
    databaseUrl: env.DATABASE_URL && env.DATABASE_URL.trim() !== '' ? env.DATABASE_URL.trim() : null,
    dataDir,
    embeddedPgPort: intOr(env.COSTCLOSE_EMBEDDED_PG_PORT, 54329),
    port: intOr(env.PORT, 3000),
    systemUserId: env.COSTCLOSE_SYSTEM_USER ?? 'SYSTEM',
    bootstrapAdmin: bootstrapAdmin(env),
    loginTokenHours: intOr(env.COSTCLOSE_LOGIN_TOKEN_HOURS, 12),
    logLevel: (['error', 'warn', 'log', 'debug'] as const).find((l) => l === env.LOG_LEVEL) ?? 'log',
  };
}

function bootstrapAdmin(env: NodeJS.ProcessEnv): AppConfig['bootstrapAdmin'] {
  const userId = present(env.COSTCLOSE_ADMIN_USER)?.trim();
  if (!userId) return null;
  // Secrets are taken as given (not trimmed): a space may be part of a password.
  return { userId, password: present(env.COSTCLOSE_ADMIN_PASSWORD), token: present(env.COSTCLOSE_ADMIN_TOKEN) };
}

function present(value: string | undefined): string | null {
  return value !== undefined && value.trim() !== '' ? value : null;
}

function intOr(value: string | undefined, fallback: number): number {
  const n = value ? Number.parseInt(value, 10) : NaN;
  return Number.isFinite(n) ? n : fallback;
}
