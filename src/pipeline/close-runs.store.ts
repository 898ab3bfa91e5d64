/**
 * The records of close runs and their steps, read and written with SQL. Each write is its own
 * short statement, outside the steps' transactions, so that a run's state survives whatever its
 * step does (a step's transaction rolls back; the record of the attempt stays).
 */
import { randomUUID } from 'crypto';
import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import type { IsoDate } from '../common/dates';
import { NotFoundError } from '../common/errors';
import { SqlSession, withSession } from '../database/sql-session';
import type { ClosePeriod } from './close-period';

export const STEP_NAMES = ['adjust', 'post', 'reconcile', 'close', 'reports', 'package', 'email'] as const;
export type StepName = (typeof STEP_NAMES)[number];

/** `interrupted`: it was running when the process running it stopped (a crash, kill -9); resumable. */
export type RunStatus = 'pending' | 'running' | 'succeeded' | 'stopped' | 'failed' | 'interrupted';
export type StepStatus = 'pending' | 'running' | 'done' | 'skipped' | 'stopped' | 'failed';

export interface RunSettings {
  dryRun: boolean;
  reports: string[];
  locale: string;
  recipients: string[];
  /** Decimal text. */
  tolerance: string;
}

export interface StepRecord {
  step: StepName;
  status: StepStatus;
  startedAt: Date | null;
  finishedAt: Date | null;
  counts: Record<string, unknown>;
  output: Record<string, unknown>;
  error: string | null;
}

export interface RunRecord extends RunSettings {
  id: string;
  scheduleId: string | null;
  tickAt: Date | null;
  period: ClosePeriod;
  status: RunStatus;
  trigger: 'manual' | 'schedule';
  requestedBy: string;
  attempts: number;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  steps: StepRecord[];
}

interface RunRow {
  id: string;
  schedule_id: string | null;
  tick_at: Date | null;
  period_kind: ClosePeriod['kind'];
  period_label: string;
  period_start: IsoDate;
  period_end: IsoDate;
  dry_run: boolean;
  status: RunStatus;
  trigger: RunRecord['trigger'];
  requested_by: string;
  reports: string[];
  locale: string;
  recipients: string[];
  tolerance: string;
  attempts: number;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const RUN_COLUMNS = `id, schedule_id, tick_at, period_kind, period_label, period_start::text, period_end::text, dry_run, status, trigger, requested_by,
  reports, locale, recipients, tolerance::text, attempts, error, created_at, started_at, finished_at`;

function toRecord(r: RunRow, steps: StepRecord[]): RunRecord {
  return {
    id: r.id,
    scheduleId: r.schedule_id,
    tickAt: r.tick_at,
    period: { kind: r.period_kind, label: r.period_label, startingDate: r.period_start, endingDate: r.period_end },
    dryRun: r.dry_run,
    status: r.status,
    trigger: r.trigger,
    requestedBy: r.requested_by,
    reports: r.reports,
    locale: r.locale,
    recipients: r.recipients,
    tolerance: r.tolerance,
    attempts: r.attempts,
    error: r.error,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    steps,
  };
}

@Injectable()
export class CloseRunsStore {
  constructor(private readonly orm: MikroORM) {}

  private sql<T>(work: (sql: SqlSession) => Promise<T>): Promise<T> {
    return withSession(this.orm, work);
  }

  /**
   * A new run with all its steps pending. For a schedule's tick, the (schedule, tick) pair is
   * unique: when another instance created the run for the same tick first, this returns null.
   */
  async create(input: {
    period: ClosePeriod;
    settings: RunSettings;
    trigger: RunRecord['trigger'];
    requestedBy: string;
    scheduleId?: string | null;
    tickAt?: Date | null;
    createdAt: Date;
  }): Promise<string | null> {
    const id = randomUUID();
    return this.sql(async (sql) => {
      const inserted = await sql.query(
        `INSERT INTO close_run (id, schedule_id, tick_at, period_kind, period_label, period_start, period_end, dry_run, status, trigger, requested_by, reports, locale, recipients, tolerance, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10, $11::jsonb, $12, $13::jsonb, $14, $15)
         ON CONFLICT (schedule_id, tick_at) DO NOTHING RETURNING id`,
        [
          id,
          input.scheduleId ?? null,
          input.tickAt ?? null,
          input.period.kind,
          input.period.label,
          input.period.startingDate,
          input.period.endingDate,
          input.settings.dryRun,
          input.trigger,
          input.requestedBy,
          JSON.stringify(input.settings.reports),
          input.settings.locale,
          JSON.stringify(input.settings.recipients),
          input.settings.tolerance,
          input.createdAt,
        ],
      );
      if (inserted.length === 0) return null;
      await sql.query(
        `INSERT INTO close_run_step (run_id, step, position, status, counts, output) SELECT $1, s, p, 'pending', '{}', '{}' FROM unnest($2::text[]) WITH ORDINALITY AS x(s, p)`,
        [id, [...STEP_NAMES]],
      );
      return id;
    });
  }

  async get(id: string): Promise<RunRecord> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new NotFoundError(`There is no close run ${id}`);
    return this.sql(async (sql) => {
      const [row] = await sql.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM close_run WHERE id = $1`, [id]);
      if (!row) throw new NotFoundError(`There is no close run ${id}`);
      const steps = await sql.query<{
        step: StepName;
        status: StepStatus;
        started_at: Date | null;
        finished_at: Date | null;
        counts: Record<string, unknown>;
        output: Record<string, unknown>;
        error: string | null;
      }>('SELECT step, status, started_at, finished_at, counts, output, error FROM close_run_step WHERE run_id = $1 ORDER BY position', [id]);
      return toRecord(
        row,
        steps.map((s) => ({
          step: s.step,
          status: s.status,
          startedAt: s.started_at,
          finishedAt: s.finished_at,
          counts: s.counts,
          output: s.output,
          error: s.error,
        })),
      );
    });
  }

  /** Newest first; filtered by the period's ending date or a status. */
  async list(filter: { periodEnd?: IsoDate | null; status?: RunStatus | null; limit?: number }): Promise<RunRecord[]> {
    const rows = await this.sql((sql) =>
      sql.query<RunRow>(
        `SELECT ${RUN_COLUMNS} FROM close_run
          WHERE ($1::date IS NULL OR period_end = $1) AND ($2::text IS NULL OR status = $2)
          ORDER BY created_at DESC, id LIMIT $3`,
        [filter.periodEnd ?? null, filter.status ?? null, filter.limit ?? 50],
      ),
    );
    return Promise.all(rows.map((r) => this.get(r.id)));
  }

  /** Whether a run (not a dry run) already closed and packaged this period successfully. */
  async succeededFor(periodEnd: IsoDate): Promise<string | null> {
    const [row] = await this.sql((sql) =>
      sql.query<{ id: string }>("SELECT id FROM close_run WHERE period_end = $1 AND status = 'succeeded' AND NOT dry_run ORDER BY created_at LIMIT 1", [
        periodEnd,
      ]),
    );
    return row?.id ?? null;
  }

  async startAttempt(id: string, at: Date): Promise<void> {
    await this.sql((sql) =>
      sql.query(
        "UPDATE close_run SET status = 'running', attempts = attempts + 1, started_at = coalesce(started_at, $2), finished_at = NULL, error = NULL WHERE id = $1",
        [id, at],
      ),
    );
  }

  async finish(id: string, status: Exclude<RunStatus, 'pending' | 'running'>, at: Date, error: string | null = null): Promise<void> {
    await this.sql((sql) => sql.query('UPDATE close_run SET status = $2, finished_at = $3, error = $4 WHERE id = $1', [id, status, at, error]));
  }

  /** Ids and period ends of the runs recorded as running. */
  async running(): Promise<{ id: string; periodEnd: IsoDate }[]> {
    return this.sql((sql) =>
      sql.query<{ id: string; periodEnd: IsoDate }>(`SELECT id, period_end::text AS "periodEnd" FROM close_run WHERE status = 'running'`),
    );
  }

  /** Running → interrupted, only if it is still recorded as running (another instance may have finished it). */
  async markInterrupted(id: string, at: Date, reason: string): Promise<boolean> {
    const rows = await this.sql((sql) =>
      sql.query("UPDATE close_run SET status = 'interrupted', finished_at = $2, error = $3 WHERE id = $1 AND status = 'running' RETURNING id", [
        id,
        at,
        reason,
      ]),
    );
    return rows.length > 0;
  }

  async stepStarted(id: string, step: StepName, at: Date): Promise<void> {
    await this.sql((sql) =>
      sql.query("UPDATE close_run_step SET status = 'running', started_at = $3, finished_at = NULL, error = NULL WHERE run_id = $1 AND step = $2", [
        id,
        step,
        at,
      ]),
    );
  }

  /** Marks a finished step to be run again (its last result stays until then). */
  async stepReset(id: string, step: StepName): Promise<void> {
    await this.sql((sql) =>
      sql.query("UPDATE close_run_step SET status = 'pending' WHERE run_id = $1 AND step = $2 AND status IN ('done', 'skipped')", [id, step]),
    );
  }

  async stepProgress(id: string, step: StepName, counts: Record<string, unknown>): Promise<void> {
    await this.sql((sql) => sql.query('UPDATE close_run_step SET counts = $3::jsonb WHERE run_id = $1 AND step = $2', [id, step, JSON.stringify(counts)]));
  }

  async stepFinished(
    id: string,
    step: StepName,
    status: Exclude<StepStatus, 'pending' | 'running'>,
    at: Date,
    result: { counts?: Record<string, unknown>; output?: Record<string, unknown>; error?: string | null },
  ): Promise<void> {
    await this.sql((sql) =>
      sql.query('UPDATE close_run_step SET status = $3, finished_at = $4, counts = $5::jsonb, output = $6::jsonb, error = $7 WHERE run_id = $1 AND step = $2', [
        id,
        step,
        status,
        at,
        JSON.stringify(result.counts ?? {}),
        JSON.stringify(result.output ?? {}),
        result.error ?? null,
      ]),
    );
  }
}
