import { loadAppConfig } from '../../config/app-config';
import { WorkerHost } from '../../jobs/worker-host';
import { cliConfig, withAppContext } from '../app-context';
import { CliCommand, parseOptions, usageError } from './command';

const USAGE = 'costclose worker [--concurrency N]';

/**
 * `worker`: a process that takes jobs (Adjust Cost's item batches) from the queue in the service's
 * database, on this machine or any other that reaches it, until SIGTERM or SIGINT. It serves no
 * HTTP and runs no schedules. Concurrency: --concurrency, else COSTCLOSE_WORKERS, else 1.
 */
export const workerCommand: CliCommand = {
  name: 'worker',
  usage: USAGE,
  async run(args) {
    const parsed = parseOptions(args, ['concurrency'], []);
    if (parsed.error || parsed.positional.length) return usageError(`worker: ${parsed.error ?? `unexpected argument "${parsed.positional[0]}"`}`, USAGE);
    const base = cliConfig();
    const configured = loadAppConfig().workers.concurrency; // COSTCLOSE_WORKERS, which cliConfig() turns off for other commands
    const concurrency = parsed.options.concurrency === undefined ? configured || 1 : Number(parsed.options.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
      return usageError('worker: --concurrency must be a whole number from 1 to 64', USAGE);
    const config = { ...base, workers: { ...base.workers, concurrency } };
    return withAppContext(async (app) => {
      process.stderr.write(`costclose worker ${app.get(WorkerHost).id}: taking jobs, ${concurrency} at a time; SIGTERM stops it\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGTERM', resolve);
        process.once('SIGINT', resolve);
      });
      process.stderr.write('costclose worker: stopping (a job in hand may finish first)\n');
      return 0;
    }, config);
  },
};
