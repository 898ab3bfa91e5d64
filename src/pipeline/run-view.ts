import type { RunRecord } from './close-runs.store';

/** A run as the API and the CLI show it: the record, plus how long each step took or is taking. */
export function runView(run: RunRecord) {
  return {
    ...run,
    steps: run.steps.map((s) => ({
      ...s,
      seconds: s.startedAt && s.finishedAt ? (s.finishedAt.getTime() - s.startedAt.getTime()) / 1000 : null,
    })),
  };
}

/** One line per step for a terminal: status, time, counts, and the reason a step stopped or failed. */
export function runLines(run: RunRecord): string[] {
  const head = `run ${run.id}  ${run.period.label} (${run.period.startingDate}..${run.period.endingDate})${run.dryRun ? '  DRY RUN' : ''}  ${run.status}  ${run.trigger} by ${run.requestedBy}  attempt ${run.attempts}`;
  const steps = runView(run).steps.map((s) => {
    const counts = Object.keys(s.counts).length ? `  ${JSON.stringify(s.counts)}` : '';
    const time = s.seconds !== null ? `  ${s.seconds.toFixed(1)} s` : '';
    return `  ${s.step.padEnd(10)} ${s.status.padEnd(8)}${time}${counts}${s.error ? `  — ${s.error}` : ''}`;
  });
  return [head, ...steps, ...(run.error && !run.steps.some((s) => s.error === run.error) ? [`  ${run.error}`] : [])];
}
