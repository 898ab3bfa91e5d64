/**
 * One database per test file, cloned from the template the global setup migrated.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as pg from 'pg';
import { AppModule } from '../../src/app.module';
import { generateW1 } from '../../src/bench/w1-generator';
import { AppConfig, loadAppConfig } from '../../src/config/app-config';
import { SqlSession } from '../../src/database/sql-session';
import { createScratchDatabase, ScratchDatabase } from '../../src/scenario/scenario-database';

export function testServerUrl(): string {
  const url = process.env.COSTCLOSE_TEST_SERVER_URL;
  if (!url) throw new Error('the global setup did not run (COSTCLOSE_TEST_SERVER_URL is unset)');
  return url;
}

export async function createTestDatabase(): Promise<ScratchDatabase> {
  return createScratchDatabase(testServerUrl(), process.env.COSTCLOSE_TEST_TEMPLATE as string, 'costclose_test');
}

/** A test database holding a generated year (workload W1, src/bench/w1-generator.ts). */
export async function createW1TestDatabase(entries: number, seed: number): Promise<ScratchDatabase> {
  const db = await createTestDatabase();
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await generateW1(new SqlSession(client), { entries, seed, log: () => undefined });
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  return db;
}

/**
 * The configuration tests run with. No bootstrap admin from the developer's environment: tests
 * create the users they need. Packages go to a directory of each configuration's own (test files
 * run in parallel and would overwrite each other's packages); it is created on first write. The
 * e-mail outbox worker is off: tests deliver by calling deliverDue().
 */
export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  const base = loadAppConfig();
  return {
    ...base,
    databaseUrl: null,
    logLevel: 'error' as const,
    systemUserId: 'TESTER',
    bootstrapAdmin: null,
    // Unique per configuration: a jest worker runs many test files in one process.
    packageDir: path.join(os.tmpdir(), `costclose-test-packages-${randomUUID()}`),
    mail: { ...base.mail, outboxIntervalSeconds: 0 },
    // No job workers unless a test starts them; a developer's COSTCLOSE_WORKERS does not reach the tests.
    workers: { ...base.workers, concurrency: 0, pauseInJob: null },
    close: { ...base.close, outDir: path.join(os.tmpdir(), `costclose-test-out-${randomUUID()}`), runSchedules: false, demo: 'off', pauseAt: null },
    ...overrides,
  };
}

/** The service's modules on a fresh database of this test file's own. */
export async function createTestContext(
  overrides: Partial<AppConfig> = {},
): Promise<{ app: INestApplicationContext; db: ScratchDatabase; config: AppConfig; close(): Promise<void> }> {
  const db = await createTestDatabase();
  const config = testConfig(overrides);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, databaseUrl: db.url, migrate: false }), { logger: false });
  return {
    app,
    db,
    config,
    close: async () => {
      await app.close();
      await db.drop();
      fs.rmSync(config.packageDir, { recursive: true, force: true });
      fs.rmSync(config.close.outDir, { recursive: true, force: true });
    },
  };
}
