/**
 * One database per test file, cloned from the template the global setup migrated.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../src/app.module';
import { AppConfig, loadAppConfig } from '../../src/config/app-config';
import { createScratchDatabase, ScratchDatabase } from '../../src/scenario/scenario-database';

export function testServerUrl(): string {
  const url = process.env.COSTCLOSE_TEST_SERVER_URL;
  if (!url) throw new Error('the global setup did not run (COSTCLOSE_TEST_SERVER_URL is unset)');
  return url;
}

export async function createTestDatabase(): Promise<ScratchDatabase> {
  return createScratchDatabase(testServerUrl(), process.env.COSTCLOSE_TEST_TEMPLATE as string, 'costclose_test');
}

/** No bootstrap admin from the developer's environment: tests create the users they need. */
export function testConfig(): AppConfig {
  return { ...loadAppConfig(), databaseUrl: null, logLevel: 'error' as const, systemUserId: 'TESTER', bootstrapAdmin: null };
}

/** The service's modules on a fresh database of this test file's own. */
export async function createTestContext(): Promise<{ app: INestApplicationContext; db: ScratchDatabase; close(): Promise<void> }> {
  const db = await createTestDatabase();
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config: testConfig(), databaseUrl: db.url, migrate: false }), { logger: false });
  return {
    app,
    db,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
