import { ConsoleLogger } from '@nestjs/common';

/**
 * The service's logger (issue 15, item 12). A start prints what a person needs — where it
 * listens, the database, the demo, warnings — not Nest's ~150 lines of modules loaded and routes
 * mapped: those come back with COSTCLOSE_LOG_LEVEL=debug. COSTCLOSE_LOG_FORMAT=json writes one
 * JSON object per line, for log collectors.
 */
const START_UP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

export type LogLevelName = 'error' | 'warn' | 'log' | 'debug';

export function loggerLevels(level: LogLevelName): LogLevelName[] {
  const order = ['error', 'warn', 'log', 'debug'] as const;
  return order.slice(0, order.indexOf(level) + 1) as LogLevelName[];
}

export class AppLogger extends ConsoleLogger {
  constructor(
    private readonly level: LogLevelName,
    format: 'text' | 'json',
  ) {
    super({ logLevels: loggerLevels(level), json: format === 'json', colors: format === 'text' ? undefined : false });
  }

  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    // Start-up chatter is debug: shown only when asked for.
    if (typeof context === 'string' && START_UP_CONTEXTS.has(context) && this.level !== 'debug') return;
    super.log(message, ...(rest as [string?]));
  }
}
