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
  signIn: SignInConfig;
  /** The web console's sessions (issue 14). */
  console: ConsoleConfig;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** `text` for people, `json` (one object per line) for log collectors. */
  logFormat: 'text' | 'json';
  /** The address the HTTP server listens on. */
  listenAddress: string;
  /** Where period-close packages (zip files) are stored; only the FileStore writes here. */
  packageDir: string;
  mail: MailConfig;
  close: CloseConfig;
  workers: WorkersConfig;
  adjustment: AdjustmentConfig;
}

/** Adjust Cost's upkeep of its own work list. */
export interface AdjustmentConfig {
  /**
   * A run that took at least this many flags off the Applied Entry to Adjust list vacuums the list
   * when it ends (0: never). A run from scratch takes every inbound entry of the ledger off it and
   * leaves as many dead rows, which the next runs would wade through until a vacuum came by
   * (autovacuum, where it is on, runs when it gets to it).
   */
  queueVacuumFlags: number;
}

/**
 * Job workers on pg-boss (issue 13): processes that take the close's heavy steps (Adjust Cost's
 * item batches) from a queue in the service's own database.
 */
export interface WorkersConfig {
  /** Jobs this process works on at once; 0 (the default for `serve`) takes none. */
  concurrency: number;
  /** A job whose worker stops answering (killed, a lost machine) is retried after this long. */
  jobExpireSeconds: number;
  /** How often pg-boss looks for expired jobs (its maintenance). */
  maintenanceSeconds: number;
  /** How often a worker tells the database it is alive; a worker silent for three of these is gone. */
  heartbeatSeconds: number;
  /**
   * The smallest item batch Adjust Cost hands out, in item ledger entries of its items (estimated
   * from the ledger's entries per item). A run with less than two batches' worth adjusts in its own
   * process: a job costs round trips through the queue, which a small run does not earn back.
   */
  minBatchEntries: number;
  /**
   * Fault injection for the multi-process tests only: the worker stops inside its Nth
   * adjustment job's transaction, after writing, and waits there (to be killed). Never set in production.
   */
  pauseInJob: number | null;
}

/** Sign-in throttling (issue 15, item 7): failures counted per user and per address in fixed windows. */
export interface SignInConfig {
  /** Failed sign-ins of one user name within a window before it is locked until the window ends. */
  maxFailuresPerUser: number;
  /** Failed sign-ins from one address within a window before the address is refused until it ends. */
  maxFailuresPerAddress: number;
  windowMinutes: number;
  /** How long the one-time password of a reset is valid. */
  resetPasswordHours: number;
}

/** Console sessions: signed out after `idleMinutes` without a request, and at the latest `maxHours` after sign-in. */
export interface ConsoleConfig {
  idleMinutes: number;
  maxHours: number;
}

/** The close pipeline: where runs write, what a manual close does by default, the scheduler. */
export interface CloseConfig {
  /** Run outputs (reports, a copy of the package) go to <outDir>/<period>/. */
  outDir: string;
  /** Register the schedules' cron jobs in this process (off for CLI commands and tests). */
  runSchedules: boolean;
  /** How often an instance looks for schedule changes made through other instances (0: never). */
  scheduleSyncSeconds: number;
  /** Defaults of a close started by hand (API, CLI) that does not say otherwise. */
  defaultReports: string[];
  defaultLocale: string;
  defaultRecipients: string[];
  /**
   * Seed the demo company and close its last month on start when the database is empty:
   * `auto` does it on the embedded database only (never on a DATABASE_URL server), `on` always,
   * `off` never.
   */
  demo: 'auto' | 'on' | 'off';
  /**
   * Fault injection for the crash tests only: `STEP:before` or `STEP:after` makes a run stop
   * there and wait (to be killed). Never set in production.
   */
  pauseAt: string | null;
}

/**
 * How the service speaks SMTP. `security`: `tls` connects with TLS from the first byte (port
 * 465), `starttls` upgrades a plain connection and refuses to go on without it (587), `none`
 * sends in the clear (a local relay, the tests).
 */
export type SmtpSecurity = 'tls' | 'starttls' | 'none';

export interface MailConfig {
  /** SMTP server; null means e-mail is not configured: deliveries wait, pending. */
  host: string | null;
  port: number;
  security: SmtpSecurity;
  /** Refuse a server certificate no trusted CA signed (turn off only for a relay with its own). */
  tlsRejectUnauthorized: boolean;
  /** Authenticate when set (PLAIN/LOGIN, as the server offers). */
  user: string | null;
  password: string | null;
  from: string;
  /** Above this total, the reports are not attached; the message links to the package instead. */
  maxAttachmentBytes: number;
  /** Base of the links in e-mails, e.g. https://costclose.example.com (no trailing slash). */
  publicBaseUrl: string;
  /** Retry after a failed attempt: first delay, doubled per attempt, capped; then give up. */
  retryInitialSeconds: number;
  retryMaxSeconds: number;
  maxAttempts: number;
  /** How often the outbox worker sends what is due; 0 switches the worker off. */
  outboxIntervalSeconds: number;
}

export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const dataDir = path.resolve(env.COSTCLOSE_DATA_DIR ?? '.data');
  const port = intOr(env.PORT, 3000);
  return {
    databaseUrl: env.DATABASE_URL && env.DATABASE_URL.trim() !== '' ? env.DATABASE_URL.trim() : null,
    dataDir,
    embeddedPgPort: intOr(env.COSTCLOSE_EMBEDDED_PG_PORT, 54329),
    port,
    systemUserId: env.COSTCLOSE_SYSTEM_USER ?? 'SYSTEM',
    bootstrapAdmin: bootstrapAdmin(env),
    loginTokenHours: intOr(env.COSTCLOSE_LOGIN_TOKEN_HOURS, 12),
    signIn: {
      maxFailuresPerUser: positiveInt(env, 'COSTCLOSE_SIGN_IN_MAX_FAILURES_PER_USER', 5),
      maxFailuresPerAddress: positiveInt(env, 'COSTCLOSE_SIGN_IN_MAX_FAILURES_PER_ADDRESS', 20),
      windowMinutes: positiveInt(env, 'COSTCLOSE_SIGN_IN_WINDOW_MINUTES', 15),
      resetPasswordHours: positiveInt(env, 'COSTCLOSE_RESET_PASSWORD_HOURS', 24),
    },
    console: {
      idleMinutes: positiveInt(env, 'COSTCLOSE_CONSOLE_IDLE_MINUTES', 30),
      maxHours: positiveInt(env, 'COSTCLOSE_CONSOLE_SESSION_HOURS', 12),
    },
    logLevel: oneOf(
      env,
      'COSTCLOSE_LOG_LEVEL',
      ['error', 'warn', 'log', 'debug'] as const,
      (['error', 'warn', 'log', 'debug'] as const).find((l) => l === env.LOG_LEVEL) ?? 'log',
    ),
    logFormat: oneOf(env, 'COSTCLOSE_LOG_FORMAT', ['text', 'json'] as const, 'text'),
    listenAddress: nonBlank(env.COSTCLOSE_LISTEN_ADDRESS) ?? '0.0.0.0',
    packageDir: path.resolve(nonBlank(env.COSTCLOSE_PACKAGE_DIR) ?? path.join(dataDir, 'packages')),
    mail: loadMailConfig(env, port),
    close: loadCloseConfig(env),
    workers: {
      concurrency: positiveInt(env, 'COSTCLOSE_WORKERS', 0, true),
      jobExpireSeconds: positiveInt(env, 'COSTCLOSE_JOB_EXPIRE_SECONDS', 900),
      maintenanceSeconds: positiveInt(env, 'COSTCLOSE_JOB_MAINTENANCE_SECONDS', 30),
      heartbeatSeconds: positiveInt(env, 'COSTCLOSE_WORKER_HEARTBEAT_SECONDS', 5),
      minBatchEntries: positiveInt(env, 'COSTCLOSE_JOB_MIN_BATCH_ENTRIES', 25_000),
      pauseInJob: nonBlank(env.COSTCLOSE_FAULT_PAUSE_IN_JOB) === null ? null : positiveInt(env, 'COSTCLOSE_FAULT_PAUSE_IN_JOB', 1),
    },
    adjustment: {
      queueVacuumFlags: positiveInt(env, 'COSTCLOSE_ADJUST_QUEUE_VACUUM_FLAGS', 10_000, true),
    },
  };
}

const ALL_REPORTS = [
  'inventoryValuation',
  'costSpecification',
  'costSharesBreakdown',
  'inventoryGLReconciliation',
  'closeInventoryPeriodTest',
  'inventoryValuationWip',
];

function loadCloseConfig(env: NodeJS.ProcessEnv): CloseConfig {
  const demo = nonBlank(env.COSTCLOSE_DEMO) ?? 'auto';
  if (demo !== 'auto' && demo !== 'on' && demo !== 'off') throw new Error(`COSTCLOSE_DEMO must be auto, on or off, not '${demo}'`);
  const list = (name: string) =>
    (nonBlank(env[name]) ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== '');
  return {
    outDir: path.resolve(nonBlank(env.COSTCLOSE_OUT_DIR) ?? 'out'),
    runSchedules: booleanOr(env, 'COSTCLOSE_RUN_SCHEDULES', true),
    scheduleSyncSeconds: positiveInt(env, 'COSTCLOSE_SCHEDULE_SYNC_SECONDS', 30, true),
    defaultReports: list('COSTCLOSE_CLOSE_REPORTS').length ? list('COSTCLOSE_CLOSE_REPORTS') : ALL_REPORTS,
    defaultLocale: nonBlank(env.COSTCLOSE_CLOSE_LOCALE) ?? 'en',
    defaultRecipients: list('COSTCLOSE_FINANCE_RECIPIENTS'),
    demo,
    pauseAt: nonBlank(env.COSTCLOSE_FAULT_PAUSE_AT),
  };
}

function loadMailConfig(env: NodeJS.ProcessEnv, httpPort: number): MailConfig {
  const security = nonBlank(env.COSTCLOSE_SMTP_SECURITY) ?? 'starttls';
  if (security !== 'tls' && security !== 'starttls' && security !== 'none') {
    throw new Error(`COSTCLOSE_SMTP_SECURITY must be tls, starttls or none, not '${security}'`);
  }
  const defaultPort = security === 'tls' ? 465 : security === 'starttls' ? 587 : 25;
  return {
    host: nonBlank(env.COSTCLOSE_SMTP_HOST),
    port: positiveInt(env, 'COSTCLOSE_SMTP_PORT', defaultPort),
    security,
    tlsRejectUnauthorized: booleanOr(env, 'COSTCLOSE_SMTP_TLS_REJECT_UNAUTHORIZED', true),
    user: nonBlank(env.COSTCLOSE_SMTP_USER),
    password: env.COSTCLOSE_SMTP_PASSWORD ?? null,
    from: nonBlank(env.COSTCLOSE_MAIL_FROM) ?? 'Costclose <costclose@localhost>',
    maxAttachmentBytes: positiveInt(env, 'COSTCLOSE_MAIL_MAX_ATTACHMENT_BYTES', 10 * 1024 * 1024),
    publicBaseUrl: (nonBlank(env.COSTCLOSE_PUBLIC_BASE_URL) ?? `http://localhost:${httpPort}`).replace(/\/+$/, ''),
    retryInitialSeconds: positiveInt(env, 'COSTCLOSE_MAIL_RETRY_INITIAL_SECONDS', 60),
    retryMaxSeconds: positiveInt(env, 'COSTCLOSE_MAIL_RETRY_MAX_SECONDS', 3600),
    maxAttempts: positiveInt(env, 'COSTCLOSE_MAIL_MAX_ATTEMPTS', 10),
    outboxIntervalSeconds: positiveInt(env, 'COSTCLOSE_MAIL_OUTBOX_INTERVAL_SECONDS', 30, true),
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

/** A variable that takes one of a few values; anything else stops the start, naming it. */
function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, values: readonly T[], fallback: T): T {
  const raw = nonBlank(env[name]);
  if (raw === null) return fallback;
  if (!values.includes(raw as T)) throw new Error(`${name} must be ${values.join(', ')}, not '${raw}'`);
  return raw as T;
}

function nonBlank(value: string | undefined): string | null {
  return value !== undefined && value.trim() !== '' ? value.trim() : null;
}

/** A whole number from the environment; a value that is set but not one is an error naming the variable. */
function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, zeroAllowed = false): number {
  const raw = nonBlank(env[name]);
  if (raw === null) return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || (n === 0 && !zeroAllowed)) throw new Error(`${name} must be a whole number${zeroAllowed ? '' : ' above 0'}, not '${raw}'`);
  return n;
}

function booleanOr(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = nonBlank(env[name]);
  if (raw === null) return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new Error(`${name} must be true or false, not '${raw}'`);
}
