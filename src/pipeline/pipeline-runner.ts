/**
 * Runs a close run, step by step: adjust → post to G/L → reconcile → close → reports → package
 * → e-mail. Every step's state is recorded before and after it runs, so a run cut off anywhere
 * (a crash, a kill -9, a failing step) is resumed by running it again: finished steps are passed
 * over, the first unfinished one is run again — which is safe because every step is idempotent.
 *
 * One run per period at a time, across all instances: the runner holds a PostgreSQL advisory
 * lock on the period for the whole run (released by the server if the process dies).
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ConflictError } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RunOutputStore } from './run-output-store';
import { CloseRunLock } from './close-run-lock';
import { CloseRunsStore, RunRecord, StepName } from './close-runs.store';
import { AdjustStep } from './steps/adjust.step';
import { CloseStep } from './steps/close.step';
import { EmailStep } from './steps/email.step';
import { PackageStep } from './steps/package.step';
import type { PipelineStep, StepResult } from './steps/pipeline-step';
import { PostStep } from './steps/post.step';
import { ReconcileStep } from './steps/reconcile.step';
import { ReportsStep } from './steps/reports.step';

export type RunEvent =
  | { kind: 'step-started'; step: StepName }
  | { kind: 'progress'; step: StepName; counts: Record<string, unknown>; elapsedSeconds: number; estimateSeconds: number | null }
  | { kind: 'step-finished'; step: StepName; result: StepResult; seconds: number };

/** Seconds still to go, from done/total counts and the time spent so far (null when unknown). */
export function estimateSeconds(counts: Record<string, unknown>, elapsedSeconds: number): number | null {
  for (const [done, total] of [
    ['itemsDone', 'itemsTotal'],
    ['filesWritten', 'filesTotal'],
  ]) {
    const d = Number(counts[done]);
    const t = Number(counts[total]);
    if (Number.isFinite(d) && Number.isFinite(t) && d > 0 && t >= d) return Math.round((elapsedSeconds * (t - d)) / d);
  }
  return null;
}

@Injectable()
export class PipelineRunner {
  private readonly logger = new Logger('ClosePipeline');
  private readonly steps: PipelineStep[];

  constructor(
    private readonly lock: CloseRunLock,
    private readonly store: CloseRunsStore,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outputs: RunOutputStore,
    adjust: AdjustStep,
    post: PostStep,
    reconcile: ReconcileStep,
    close: CloseStep,
    reports: ReportsStep,
    pkg: PackageStep,
    email: EmailStep,
  ) {
    this.steps = [adjust, post, reconcile, close, reports, pkg, email];
  }

  /** Runs (or resumes) in the background; the run's record tells how it went. */
  start(runId: string): void {
    this.execute(runId).catch((e: unknown) => this.logger.error(`Close run ${runId}: ${e instanceof Error ? e.message : String(e)}`));
  }

  /** Runs (or resumes) the run to its end, or to the step that stops or fails it. */
  async execute(runId: string, onEvent: (event: RunEvent) => void = () => undefined): Promise<RunRecord> {
    const first = await this.store.get(runId);
    if (first.status === 'succeeded') return first;
    return this.lock.withLock(
      first.period.endingDate,
      () => this.executeLocked(runId, onEvent),
      async () => {
        const message = `Another close run for the period ending ${first.period.endingDate} is running now; resume this one when it has ended`;
        if (first.status === 'pending') await this.store.finish(runId, 'failed', this.clock.now(), message);
        throw new ConflictError(message);
      },
    );
  }

  /**
   * Runs recorded as running whose runner is gone (issue 15, item 10). A runner holds its period's
   * advisory lock for the whole run, on its own connection: the lock is the run's lease, renewed
   * by the connection being alive and released by the server when the process dies. A run recorded
   * as running whose lock nobody holds was cut off; it is marked interrupted — visible in the API
   * and `costclose runs`, and resumable like any run that did not succeed.
   */
  async markInterruptedRuns(): Promise<string[]> {
    const marked: string[] = [];
    for (const run of await this.store.running()) {
      const orphaned = !(await this.lock.isHeld(run.periodEnd));
      const reason =
        'The process running this close run stopped before it ended (no instance holds its lock); resume it to continue from its first unfinished step';
      if (orphaned && (await this.store.markInterrupted(run.id, this.clock.now(), reason))) {
        this.logger.warn(`Close run ${run.id} was interrupted: marked so, to be resumed`);
        marked.push(run.id);
      }
    }
    return marked;
  }

  private async executeLocked(runId: string, onEvent: (event: RunEvent) => void): Promise<RunRecord> {
    // Read again under the lock: another instance may have moved the run on since.
    const before = await this.store.get(runId);
    // A run the reconciliation or the close refused waited for someone to fix the ledgers, and the
    // fix posted something: resuming it adjusts and posts again first (both do only what is new).
    // A run that was cut off resumes exactly at its first unfinished step.
    const refused = before.steps.find((s) => (s.status === 'stopped' || s.status === 'failed') && (s.step === 'reconcile' || s.step === 'close'));
    if ((before.status === 'stopped' || before.status === 'failed') && refused) {
      for (const step of ['adjust', 'post'] as const) await this.store.stepReset(runId, step);
    }
    await this.store.startAttempt(runId, this.clock.now());
    const run = await this.store.get(runId);
    const outputs = new Map<StepName, Record<string, unknown>>(run.steps.map((s) => [s.step, s.output]));
    const runDir = this.outputs.dirOf(run);
    this.logger.log(`Close run ${run.id} (${run.period.label}${run.dryRun ? ', dry run' : ''}, attempt ${run.attempts}) started`);
    for (const step of this.steps) {
      const record = run.steps.find((s) => s.step === step.name);
      if (record && (record.status === 'done' || record.status === 'skipped')) continue;
      const started = this.clock.now();
      await this.store.stepStarted(run.id, step.name, started);
      onEvent({ kind: 'step-started', step: step.name });
      await this.pauseIfAsked(step.name, 'before');
      let result: StepResult;
      try {
        result = await step.run({
          run,
          runDir,
          outputOf: (name) => outputs.get(name) ?? {},
          progress: this.progressReporter(run.id, step.name, started, onEvent),
        });
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        await this.store.stepFinished(run.id, step.name, 'failed', this.clock.now(), { error: message });
        await this.store.finish(run.id, 'failed', this.clock.now(), `${step.name}: ${message}`);
        this.logger.error(`Close run ${run.id}: step ${step.name} failed: ${message}`);
        return this.store.get(run.id);
      }
      await this.pauseIfAsked(step.name, 'after');
      const finished = this.clock.now();
      await this.store.stepFinished(run.id, step.name, result.status, finished, { counts: result.counts, output: result.output, error: result.reason ?? null });
      outputs.set(step.name, result.output ?? {});
      onEvent({ kind: 'step-finished', step: step.name, result, seconds: (finished.getTime() - started.getTime()) / 1000 });
      this.logger.log(`Close run ${run.id}: ${step.name} ${result.status}${result.reason ? ` — ${result.reason}` : ''}`);
      if (result.status === 'stopped') {
        await this.store.finish(run.id, 'stopped', finished, result.reason ?? `stopped at ${step.name}`);
        return this.store.get(run.id);
      }
    }
    await this.store.finish(run.id, 'succeeded', this.clock.now());
    this.logger.log(`Close run ${run.id} (${run.period.label}) succeeded`);
    return this.store.get(run.id);
  }

  /** Records a long step's counts (at most once a second) and says how long it should still take. */
  private progressReporter(runId: string, step: StepName, started: Date, onEvent: (event: RunEvent) => void) {
    let last = 0;
    return async (counts: Record<string, unknown>) => {
      const now = this.clock.now().getTime();
      if (now - last < 1000) return;
      last = now;
      const elapsedSeconds = (now - started.getTime()) / 1000;
      const estimate = estimateSeconds(counts, elapsedSeconds);
      await this.store.stepProgress(runId, step, { ...counts, elapsedSeconds: Math.round(elapsedSeconds), estimateSeconds: estimate });
      onEvent({ kind: 'progress', step, counts, elapsedSeconds, estimateSeconds: estimate });
      this.logger.log(
        `Close run ${runId}: ${step} ${JSON.stringify(counts)}, ${Math.round(elapsedSeconds)} s${estimate !== null ? `, about ${estimate} s to go` : ''}`,
      );
    };
  }

  /** Fault injection for the crash tests (COSTCLOSE_FAULT_PAUSE_AT=step:before|after): wait here to be killed. */
  private async pauseIfAsked(step: StepName, when: 'before' | 'after'): Promise<void> {
    if (this.config.close.pauseAt !== `${step}:${when}`) return;
    process.stdout.write(`PAUSED ${step}:${when}\n`);
    await new Promise<never>(() => undefined);
  }
}
