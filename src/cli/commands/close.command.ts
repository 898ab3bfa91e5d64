import { CostcloseError } from '../../common/errors';
import { CloseRunsService } from '../../pipeline/close-runs.service';
import type { RunEvent } from '../../pipeline/pipeline-runner';
import { runLines } from '../../pipeline/run-view';
import { PipelineRunner } from '../../pipeline/pipeline-runner';
import { withAppContext } from '../app-context';
import { CliCommand, commaList, parseOptions, usageError } from './command';

const USAGE = `costclose close --period 2026-10 [--dry-run] [--locale en|nb-NO] [--recipients a@x,b@y] [--reports NAME,…] [--tolerance 0.00]
costclose close --resume RUN`;

function printEvent(event: RunEvent): void {
  if (event.kind === 'step-started') process.stderr.write(`${event.step} …\n`);
  else if (event.kind === 'progress') {
    const estimate = event.estimateSeconds !== null ? `, about ${event.estimateSeconds} s to go` : '';
    process.stderr.write(`  ${event.step}: ${JSON.stringify(event.counts)}, ${Math.round(event.elapsedSeconds)} s${estimate}\n`);
  } else
    process.stderr.write(`${event.step} ${event.result.status} (${event.seconds.toFixed(1)} s)${event.result.reason ? ` — ${event.result.reason}` : ''}\n`);
}

/**
 * `close --period P`: closes a period now, in this process, printing each step as it goes;
 * `close --resume RUN` continues a run that stopped, failed or was cut off. Exit 0 when the run
 * succeeded, 1 when it stopped or failed (the reason is printed), 2 for bad arguments.
 */
export const closeCommand: CliCommand = {
  name: 'close',
  usage: USAGE,
  async run(args) {
    const parsed = parseOptions(args, ['period', 'resume', 'locale', 'recipients', 'reports', 'tolerance'], ['dry-run']);
    if (parsed.error) return usageError(`close: ${parsed.error}`, USAGE);
    if (parsed.positional.length) return usageError(`close: unexpected argument "${parsed.positional[0]}"`, USAGE);
    const o = parsed.options;
    if (!o.period === !o.resume) return usageError('close: give either --period or --resume', USAGE);
    try {
      return await withAppContext(async (app, config) => {
        const runs = app.get(CloseRunsService);
        const id = o.resume
          ? (await runs.resumable(o.resume)).id
          : (
              await runs.create(
                {
                  period: o.period,
                  dryRun: parsed.switches.has('dry-run'),
                  locale: o.locale,
                  recipients: commaList(o.recipients),
                  reports: commaList(o.reports),
                  tolerance: o.tolerance,
                },
                config.systemUserId,
              )
            ).id;
        process.stderr.write(`close run ${id}\n`);
        const run = await app.get(PipelineRunner).execute(id, printEvent);
        process.stdout.write(runLines(run).join('\n') + '\n');
        return run.status === 'succeeded' ? 0 : 1;
      });
    } catch (e) {
      if (!(e instanceof CostcloseError)) throw e;
      process.stderr.write(`close: ${e.message}\n`);
      return e.status === 422 ? 2 : 1;
    }
  },
};
