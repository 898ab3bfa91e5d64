/**
 * Access outside HTTP: the bootstrap admin from configuration, the start-up check that every
 * route declares its access, the guard's refusal of a route without a rule, the append-only
 * audit log, and `costclose user add`.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { MikroORM } from '@mikro-orm/core';
import { Controller, Get, INestApplicationContext, LoggerService, Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { Test } from '@nestjs/testing';
import { AccessGuard } from '../../src/access/access.guard';
import { ApiTokensService } from '../../src/access/api-tokens.service';
import { AuthService } from '../../src/access/auth.service';
import { NO_ADMIN_WARNING } from '../../src/access/bootstrap-admin';
import { AppModule } from '../../src/app.module';
import type { AppConfig } from '../../src/config/app-config';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';
import { createTestUsers } from '../support/http-auth';
import { scalar } from '../support/ledger-checks';
import { createTestDatabase, testConfig } from '../support/test-database';

const BIN = path.resolve(__dirname, '../../bin/costclose.js');
const ADMIN_TOKEN = 'cc_configured-bootstrap-token-0123456789';

/** Collects what the application logs, to check its warnings. */
class CapturingLogger implements LoggerService {
  readonly warnings: string[] = [];
  log(): void {}
  error(): void {}
  warn(message: unknown): void {
    this.warnings.push(String(message));
  }
}

/**
 * Starts the service's modules on `db`. Through the testing module rather than NestFactory so
 * that a start that fails can still release its database pool.
 */
async function start(
  db: ScratchDatabase,
  config: Partial<AppConfig>,
  logger: LoggerService | false = false,
  controllers: Type<unknown>[] = [],
): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot({ config: { ...testConfig(), ...config }, databaseUrl: db.url, migrate: false })],
    controllers,
  }).compile();
  moduleRef.useLogger(logger);
  try {
    return await moduleRef.init();
  } catch (e) {
    // close() would only rethrow the failed initialisation, so the pool is closed here.
    await moduleRef.get(MikroORM).close(true);
    throw e;
  }
}

describe('bootstrap admin', () => {
  let db: ScratchDatabase;

  beforeEach(async () => {
    db = await createTestDatabase();
  });

  afterEach(async () => {
    await db.drop();
  });

  it('is created from configuration on the first start, hashed, and not again on later starts', async () => {
    const first = await start(db, { bootstrapAdmin: { userId: 'ROOT', password: 'root-password-1', token: ADMIN_TOKEN } });
    try {
      expect(await scalar(first, "SELECT string_agg(id || ':' || role, ',') FROM app_user")).toBe('ROOT:admin');
      expect(await scalar(first, 'SELECT password_hash FROM app_user')).toMatch(/^scrypt\$/);
      expect(await scalar(first, `SELECT count(*) FROM app_user u WHERE u::text LIKE '%root-password-1%'`)).toBe('0');
      expect(await scalar(first, `SELECT count(*) FROM api_token t WHERE t::text LIKE '%' || $1 || '%'`, [ADMIN_TOKEN])).toBe('0');
      expect(await first.get(ApiTokensService).authenticate(ADMIN_TOKEN)).toMatchObject({ id: 'ROOT', role: 'admin' });
      expect((await first.get(AuthService).login('ROOT', 'root-password-1')).role).toBe('admin');
    } finally {
      await first.close();
    }
    const logger = new CapturingLogger();
    const second = await start(db, { bootstrapAdmin: { userId: 'ROOT2', password: 'other-password-2', token: null } }, logger);
    try {
      expect(await scalar(second, "SELECT string_agg(id, ',') FROM app_user")).toBe('ROOT');
      expect(await scalar(second, "SELECT count(*) FROM audit_log WHERE action = 'user.create'")).toBe('1');
      expect((await second.get(AuthService).login('ROOT', 'root-password-1')).userId).toBe('ROOT');
      expect(logger.warnings).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('is not created without configuration, and the start says how to get one', async () => {
    const logger = new CapturingLogger();
    const app = await start(db, { bootstrapAdmin: null }, logger);
    try {
      expect(await scalar(app, 'SELECT count(*) FROM app_user')).toBe('0');
      expect(logger.warnings).toEqual([NO_ADMIN_WARNING]);
      expect(NO_ADMIN_WARNING).toMatch(/COSTCLOSE_ADMIN_USER.*costclose user add/);
    } finally {
      await app.close();
    }
  });

  it('refuses to start with an admin who could not sign in, or a weak secret', async () => {
    await expect(start(db, { bootstrapAdmin: { userId: 'ROOT', password: null, token: null } })).rejects.toThrow(
      /neither COSTCLOSE_ADMIN_PASSWORD nor COSTCLOSE_ADMIN_TOKEN/,
    );
    await expect(start(db, { bootstrapAdmin: { userId: 'ROOT', password: 'short', token: null } })).rejects.toThrow(
      /COSTCLOSE_ADMIN_PASSWORD must be at least 12 characters/,
    );
    await expect(start(db, { bootstrapAdmin: { userId: 'ROOT', password: null, token: 'cc_short' } })).rejects.toThrow(
      /COSTCLOSE_ADMIN_TOKEN must be at least 32 characters/,
    );
    const app = await start(db, { bootstrapAdmin: null });
    try {
      expect(await scalar(app, 'SELECT count(*) FROM app_user')).toBe('0');
    } finally {
      await app.close();
    }
  });
});

@Controller('api/unguarded')
class UnguardedController {
  @Get()
  open(): string {
    return 'anyone?';
  }
}

describe('routes without an access rule', () => {
  let db: ScratchDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.drop();
  });

  it('stop the application from starting', async () => {
    await expect(start(db, {}, false, [UnguardedController])).rejects.toThrow(
      /Every route needs an @Access\(\.\.\.\) rule .*these have none: UnguardedController\.open$/,
    );
  });

  it('are refused by the guard (403) even to an admin', async () => {
    const app = await start(db, {});
    try {
      const users = await createTestUsers(app);
      const guard = new AccessGuard(app.get(Reflector), app.get(ApiTokensService));
      const request = { method: 'GET', path: '/api/unguarded', params: {}, headers: { authorization: users.admin.headers.Authorization } };
      const context = new ExecutionContextHost([request, {}, () => undefined], UnguardedController, UnguardedController.prototype.open);
      context.setType('http');
      await expect(guard.canActivate(context)).rejects.toMatchObject({
        status: 403,
        message: 'GET /api/unguarded declares no access rule, so nobody may use it',
      });
    } finally {
      await app.close();
    }
  });
});

describe('audit log', () => {
  it('is append-only: UPDATE, DELETE and TRUNCATE are refused by the database', async () => {
    const db = await createTestDatabase();
    const app = await start(db, {});
    try {
      await createTestUsers(app);
      expect(Number(await scalar(app, 'SELECT count(*) FROM audit_log'))).toBeGreaterThan(0);
      await expect(scalar(app, "UPDATE audit_log SET user_id = 'SOMEONE-ELSE' RETURNING 1")).rejects.toThrow(/audit_log is append-only: UPDATE is not allowed/);
      await expect(scalar(app, 'DELETE FROM audit_log RETURNING 1')).rejects.toThrow(/audit_log is append-only: DELETE is not allowed/);
      await expect(scalar(app, 'TRUNCATE audit_log')).rejects.toThrow(/audit_log is append-only: TRUNCATE is not allowed/);
    } finally {
      await app.close();
      await db.drop();
    }
  });
});

describe('costclose user add', () => {
  let db: ScratchDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.drop();
  });

  function costclose(args: string[], input = '') {
    const env = { ...process.env, DATABASE_URL: db.url, COSTCLOSE_SYSTEM_USER: 'OPERATOR', COSTCLOSE_ADMIN_USER: '' };
    const result = spawnSync(process.execPath, [BIN, ...args], { env, input, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('creates a user with a password from standard input and prints a working API token once', async () => {
    const run = costclose(['user', 'add', 'OPS', '--role', 'admin', '--display-name', 'Operations', '--password-stdin'], 'ops-password-123\n');
    expect(run.stderr).toMatch(/created admin user OPS with a password/);
    expect(run.code).toBe(0);
    const token = run.stdout.trim();
    expect(token).toMatch(/^cc_[A-Za-z0-9_-]{43}$/);
    const app = await start(db, {});
    try {
      expect(await app.get(ApiTokensService).authenticate(token)).toMatchObject({ id: 'OPS', role: 'admin' });
      expect(await scalar(app, "SELECT string_agg(action || ' by ' || user_id, ', ' ORDER BY id) FROM audit_log")).toBe(
        'user.create by OPERATOR, token.create by OPERATOR',
      );
      expect((await app.get(AuthService).login('OPS', 'ops-password-123')).userId).toBe('OPS');
    } finally {
      await app.close();
    }
  });

  it('refuses a bad role (exit 2), an existing user or a short password (exit 1), creating nothing', () => {
    const role = costclose(['user', 'add', 'X', '--role', 'boss']);
    expect(role.code).toBe(2);
    expect(role.stderr).toMatch(/--role must be one of admin, finance, auditor/);
    const existing = costclose(['user', 'add', 'OPS', '--role', 'finance']);
    expect(existing.code).toBe(1);
    expect(existing.stderr).toMatch(/User OPS already exists/);
    const short = costclose(['user', 'add', 'SHORT', '--role', 'finance', '--password-stdin'], 'short\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/field password: must be at least 12 characters long/);
    expect(short.stdout).toBe('');
  });
});
