/**
 * A step of the close pipeline. Every step is idempotent: run again after a crash (or on a
 * resumed run) it produces exactly what one uninterrupted run would have — it either does
 * nothing twice by construction (adjustment, G/L posting: they work on what is not done yet)
 * or checks what is already there (close), or rewrites the same bytes (reports, package).
 */
import type { RunRecord, StepName } from '../close-runs.store';

export interface StepContext {
  run: RunRecord;
  /** Where the run writes its files: <outDir>/<period label>/ (with `-draft` for dry runs). */
  runDir: string;
  /** The output an earlier step of this run recorded. */
  outputOf(step: StepName): Record<string, unknown>;
  /** Progress of a long step (counts), shown in logs, the API and the CLI. */
  progress(counts: Record<string, unknown>): Promise<void>;
}

export interface StepResult {
  /** done; skipped (not for this run, e.g. G/L posting in a dry run); stopped (the run must not go on). */
  status: 'done' | 'skipped' | 'stopped';
  counts?: Record<string, unknown>;
  output?: Record<string, unknown>;
  /** Why a step stopped the run, or was skipped. */
  reason?: string;
}

export interface PipelineStep {
  readonly name: StepName;
  run(ctx: StepContext): Promise<StepResult>;
}
