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
  /** The user postings are made as when no authenticated user is known (CLI, scheduler). */
  systemUserId: string;
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
    logLevel: (['error', 'warn', 'log', 'debug'] as const).find((l) => l === env.LOG_LEVEL) ?? 'log',
  };
}

function intOr(value: string | undefined, fallback: number): number {
  const n = value ? Number.parseInt(value, 10) : NaN;
  return Number.isFinite(n) ? n : fallback;
}
