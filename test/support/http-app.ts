/**
 * An HTTP app on a database of its own, with a user per role and the default chart of accounts:
 * what most e2e specs start from.
 */
import type { INestApplication } from '@nestjs/common';
import { createHttpApp } from '../../src/http-app';
import { SetupResourceService } from '../../src/setup/setup-resource.service';
import { chart } from './chart';
import { asUser, createTestUsers, UserClient } from './http-auth';
import { createTestDatabase, testConfig } from './test-database';

export interface HttpTestApp {
  app: INestApplication;
  admin: UserClient;
  finance: UserClient;
  auditor: UserClient;
  close(): Promise<void>;
}

export async function createHttpTestApp(): Promise<HttpTestApp> {
  const db = await createTestDatabase();
  const app = await createHttpApp({ config: testConfig(), databaseUrl: db.url, migrate: true });
  await app.init();
  const users = await createTestUsers(app);
  await app.get(SetupResourceService).applyAll(chart());
  return {
    app,
    admin: asUser(app, users.admin),
    finance: asUser(app, users.finance),
    auditor: asUser(app, users.auditor),
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
