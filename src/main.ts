import * as fs from 'fs';
import * as path from 'path';
import { Logger } from '@nestjs/common';
import { loadAppConfig } from './config/app-config';
import { resolveDatabaseServer } from './database/database-server';
import { demoSummary } from './demo/demo-summary';
import { DemoService } from './demo/demo.service';
import { createHttpApp } from './http-app';
import { PipelineRunner } from './pipeline/pipeline-runner';
import { AdjustmentRunsService } from './adjustment/adjustment-runs.service';
import { sweepStaleTemporaryFiles } from './period-package/stale-temporary-files';

/** On later starts of the demo: where the demo users' console passwords are. */
function consoleUsersHint(outDir: string): string {
  const file = path.join(outDir, 'demo-users.txt');
  return fs.existsSync(file) ? `; demo users demo-finance, demo-auditor, demo-admin: passwords in ${file}` : '';
}

/**
 * `costclose serve` / `npm start`: the HTTP service on DATABASE_URL or the embedded database.
 * On a first start on an empty embedded database (COSTCLOSE_DEMO=auto) it seeds the demo
 * company and closes last month, printing where the reports and the package are; later starts
 * find the demo in place and only serve.
 */
export async function serve(): Promise<void> {
  const config = loadAppConfig();
  const logger = new Logger('Costclose');
  const server = await resolveDatabaseServer(config, (m) => logger.log(m));
  const app = await createHttpApp({ config, databaseUrl: server.url, migrate: true });
  await app.listen(config.port, config.listenAddress);
  // Temporary files a killed build left behind (issue 15, item 12).
  const swept = await sweepStaleTemporaryFiles([config.packageDir, config.close.outDir]);
  if (swept > 0) logger.log(`Removed ${swept} temporary file${swept === 1 ? '' : 's'} an interrupted build left behind`);
  // Close runs this or another instance was running when it died (issue 15, item 10).
  await app.get(AdjustmentRunsService).markInterrupted();
  const interrupted = await app.get(PipelineRunner).markInterruptedRuns();
  if (interrupted.length > 0)
    logger.warn(`Close run${interrupted.length === 1 ? '' : 's'} ${interrupted.join(', ')} had been interrupted: resume with costclose close --resume RUN`);
  const url = `http://${config.listenAddress === '0.0.0.0' ? 'localhost' : config.listenAddress}:${config.port}`;
  logger.log(`Costclose listening on ${url} (API docs: /api/docs); database ${server.embedded ? 'embedded' : 'from DATABASE_URL'}`);
  logger.log(`Console: ${url}/ (sign in with user name and password)${consoleUsersHint(config.close.outDir)}`);
  const shutdown = async () => {
    await app.close();
    await server.embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);

  const demo = config.close.demo === 'on' || (config.close.demo === 'auto' && server.embedded !== null);
  if (demo) {
    const service = app.get(DemoService);
    if ((await service.isEmpty()) || config.close.demo === 'on') {
      const outcome = await service.ensure();
      const signIn = outcome.usersFile
        ? `\nConsole: ${url}/ — sign in as demo-finance, demo-auditor or demo-admin with the password in ${outcome.usersFile}`
        : `\nConsole: ${url}/`;
      process.stdout.write(
        `\n${demoSummary(outcome, config.close.outDir).join('\n')}${signIn}\n\nCostclose keeps serving on http://localhost:${config.port} (Ctrl-C stops it).\n`,
      );
    } else logger.log('The database holds data already: no demo seeded.');
  }
}
