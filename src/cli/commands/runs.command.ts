import { CloseRunsService } from '../../pipeline/close-runs.service';
import { runLines } from '../../pipeline/run-view';
import { withAppContext } from '../app-context';
import { CliCommand, parseOptions, usageError } from './command';

/** `runs [--limit N]`: the latest close runs, each with its steps (status, time, counts, errors). */
export const runsCommand: CliCommand = {
  name: 'runs',
  usage: 'costclose runs [--limit 10]',
  async run(args) {
    const parsed = parseOptions(args, ['limit'], []);
    if (parsed.error || parsed.positional.length) return usageError(`runs: ${parsed.error ?? `unexpected argument "${parsed.positional[0]}"`}`, this.usage);
    const limit = parsed.options.limit === undefined ? 10 : Number(parsed.options.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) return usageError('runs: --limit must be a whole number from 1 to 500', this.usage);
    return withAppContext(async (app) => {
      const runs = await app.get(CloseRunsService).list({ limit });
      if (runs.length === 0) process.stdout.write('no close runs yet\n');
      for (const run of runs) process.stdout.write(runLines(run).join('\n') + '\n');
      return 0;
    });
  },
};
