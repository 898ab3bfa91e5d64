import { Logger } from '@nestjs/common';
import { loadAppConfig } from './config/app-config';
import { resolveDatabaseServer } from './database/database-server';
import { createHttpApp } from './http-app';

/** `costclose serve` / `npm start`: the HTTP service on DATABASE_URL or the embedded database. */
export async function serve(): Promise<void> {
  const config = loadAppConfig();
  const logger = new Logger('Costclose');
  const server = await resolveDatabaseServer(config, (m) => logger.log(m));
  const app = await createHttpApp({ config, databaseUrl: server.url, migrate: true });
  await app.listen(config.port, '0.0.0.0');
  logger.log(`Costclose listening on http://localhost:${config.port} (API docs: http://localhost:${config.port}/api/docs)`);
  const shutdown = async () => {
    await app.close();
    await server.embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

