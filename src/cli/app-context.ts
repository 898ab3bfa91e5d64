import { ConsoleLogger, INestApplicationContext, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { AppConfig, loadAppConfig } from '../config/app-config';
import { resolveDatabaseServer } from '../database/database-server';
import { loggerLevels } from '../http-app';

/** Nest's log lines on standard error: a command's standard output is its result (a token, a run). */
class StderrLogger extends ConsoleLogger {
  protected override printMessages(messages: unknown[], context?: string, logLevel?: LogLevel): void {
    super.printMessages(messages, context, logLevel, 'stderr');
  }
}

/**
 * The configuration of a CLI command: the service's own, but no schedules ticking in it and no
 * job workers (`costclose worker` asks for those itself).
 */
export function cliConfig(): AppConfig {
  const config = loadAppConfig();
  return { ...config, close: { ...config.close, runSchedules: false }, workers: { ...config.workers, concurrency: 0 } };
}

/**
 * Runs a CLI command against the service's own database (DATABASE_URL, or the embedded one),
 * migrated first, with the service's modules but without HTTP; stops what it started.
 */
export async function withAppContext<T>(work: (app: INestApplicationContext, config: AppConfig) => Promise<T>, config: AppConfig = cliConfig()): Promise<T> {
  const server = await resolveDatabaseServer(config, (m) => process.stderr.write(m + '\n'));
  try {
    const logger = new StderrLogger();
    // The command reports what it does itself; Nest's own lines only when something goes wrong (or LOG_LEVEL asks).
    logger.setLogLevels(loggerLevels(config.logLevel === 'log' ? 'error' : config.logLevel));
    const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, databaseUrl: server.url, migrate: true }), { logger });
    try {
      return await work(app, config);
    } finally {
      await app.close();
    }
  } finally {
    await server.embedded?.stop();
  }
}
