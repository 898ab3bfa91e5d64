import type { RunView } from '../../adjustment/adjustment-runs.service';
import { AdjustmentRunsService } from '../../adjustment/adjustment-runs.service';
import { withAppContext } from '../app-context';
import { isIsoDate } from '../../common/dates';
import { CliCommand, commaList, parseOptions, usageError } from './command';

const USAGE = 'costclose adjust [--items A,B,…] [--up-to 2026-10-31]';

function progressLine(run: RunView): string {
  const p = run.progress;
  const batches = p.batches
    ? `, batches ${p.batches.done}/${p.batches.total} (${p.batches.workers.map((w) => `${w.workerId}: ${w.batchesDone}`).join(', ') || 'none done yet'})`
    : '';
  return `  items ${p.itemsDone}/${p.itemsTotal}, ${p.entriesWritten} entries written${batches}, ${p.elapsedSeconds} s\n`;
}

/**
 * `adjust`: Adjust Cost – Item Entries now (R42), as a run the API also shows. With job workers
 * alive the items go out to them in batches, and the progress lines say how many each has done;
 * without workers this process adjusts. Exit 0 when the run succeeded, 1 when it failed.
 */
export const adjustCommand: CliCommand = {
  name: 'adjust',
  usage: USAGE,
  async run(args) {
    const parsed = parseOptions(args, ['items', 'up-to'], []);
    if (parsed.error || parsed.positional.length) return usageError(`adjust: ${parsed.error ?? `unexpected argument "${parsed.positional[0]}"`}`, USAGE);
    const items = commaList(parsed.options.items);
    const upTo = parsed.options['up-to'] ?? null;
    if (upTo !== null && !isIsoDate(upTo)) return usageError('adjust: --up-to must be a date (YYYY-MM-DD)', USAGE);
    return withAppContext(async (app, config) => {
      const runs = app.get(AdjustmentRunsService);
      const started = await runs.start(config.systemUserId, items ?? null, upTo);
      process.stderr.write(`adjustment run ${started.id}\n`);
      let last = '';
      const timer = setInterval(() => {
        runs.get(started.id).then(
          (run) => {
            const line = progressLine(run);
            if (line !== last) process.stderr.write((last = line));
          },
          () => undefined,
        );
      }, 1000);
      const run = await runs.settle(started.id).finally(() => clearInterval(timer));
      process.stdout.write(JSON.stringify(run, null, 2) + '\n');
      return run.status === 'succeeded' ? 0 : 1;
    });
  },
};
