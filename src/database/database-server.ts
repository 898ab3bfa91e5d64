import type { AppConfig } from '../config/app-config';
import { EmbeddedServer, startEmbeddedPostgres } from './embedded-postgres';

export interface DatabaseServer {
  /** URL of the service's own database on that server. */
  url: string;
  embedded: EmbeddedServer | null;
}

/** DATABASE_URL when it is set; otherwise the embedded server under the data directory. */
export async function resolveDatabaseServer(config: AppConfig, log: (message: string) => void): Promise<DatabaseServer> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: null };
  const embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort, log);
  return { url: embedded.url, embedded };
}
