/**
 * Before any database test: find the PostgreSQL server (DATABASE_URL, or an embedded one for
 * the test run) and build the migrated template every test file clones its database from.
 */
import * as path from 'path';
import { loadAppConfig } from '../../src/config/app-config';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { ensureTemplate } from '../../src/scenario/scenario-database';

export default async function globalSetup(): Promise<void> {
  const config = loadAppConfig();
  let serverUrl = config.databaseUrl;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres(path.join(config.dataDir, 'test'), config.embeddedPgPort + 1, (m) => process.stderr.write(`${m}\n`));
    (globalThis as { __EMBEDDED_PG__?: unknown }).__EMBEDDED_PG__ = embedded;
    serverUrl = embedded.url;
  }
  process.env.COSTCLOSE_TEST_SERVER_URL = serverUrl;
  // COSTCLOSE_TEST_DB_PREFIX keeps two checkouts testing against one server from rebuilding
  // each other's template mid-run.
  const prefix = process.env.COSTCLOSE_TEST_DB_PREFIX?.trim() || 'costclose_test';
  process.env.COSTCLOSE_TEST_TEMPLATE = await ensureTemplate(serverUrl, prefix, true);
}
