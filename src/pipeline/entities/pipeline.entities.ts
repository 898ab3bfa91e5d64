/**
 * Close schedules (admins), close runs and their steps. The pipeline reads and writes these with
 * SQL (a run's record must be updated outside the steps' own transactions); these schemas give
 * MikroORM the tables for migrations.
 */
import { EntitySchema } from '@mikro-orm/core';
import type { IsoDate } from '../../common/dates';
import type { Dec } from '../../common/decimal';
import { DecimalColumnType } from '../../database/decimal-column.type';

const timestamp = (nullable = false) => ({ type: 'datetime', columnType: 'timestamptz', nullable }) as const;

/** When a period closes: a cron expression in a time zone, what it closes, what it sends. */
export class CloseSchedule {
  id!: string;
  name!: string;
  /** month | week | quarter */
  periodKind!: string;
  cron!: string;
  timeZone!: string;
  /** Which period a tick closes: this many periods before the one the tick falls in (1: the previous). */
  periodOffset = 1;
  reports: string[] = [];
  locale = 'en';
  recipients: string[] = [];
  /** Largest Inventory – G/L difference (per account type) a close accepts. */
  tolerance!: Dec;
  enabled = true;
  createdAt!: Date;
  updatedAt!: Date;
}

export const CloseScheduleSchema = new EntitySchema<CloseSchedule>({
  class: CloseSchedule,
  tableName: 'close_schedule',
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'string', unique: 'close_schedule_name_key' },
    periodKind: { type: 'string' },
    cron: { type: 'string' },
    timeZone: { type: 'string' },
    periodOffset: { type: 'integer', default: 1 },
    reports: { type: 'json' },
    locale: { type: 'string', default: 'en' },
    recipients: { type: 'json' },
    tolerance: { type: DecimalColumnType, columnType: 'numeric', default: '0' },
    enabled: { type: 'boolean', default: true },
    createdAt: timestamp(),
    updatedAt: timestamp(),
  },
});

/**
 * One attempt to close a period: manual, or one tick of a schedule (unique per schedule and tick,
 * so that several instances ticking together create one run). Resuming continues the same run.
 */
export class CloseRun {
  id!: string;
  scheduleId: string | null = null;
  tickAt: Date | null = null;
  periodKind!: string;
  periodLabel!: string;
  periodStart!: IsoDate;
  periodEnd!: IsoDate;
  dryRun = false;
  /** pending | running | succeeded | stopped | failed */
  status!: string;
  trigger!: string;
  requestedBy!: string;
  reports: string[] = [];
  locale = 'en';
  recipients: string[] = [];
  tolerance!: Dec;
  attempts = 0;
  error: string | null = null;
  createdAt!: Date;
  startedAt: Date | null = null;
  finishedAt: Date | null = null;
}

export const CloseRunSchema = new EntitySchema<CloseRun>({
  class: CloseRun,
  tableName: 'close_run',
  properties: {
    id: { type: 'uuid', primary: true },
    scheduleId: { type: 'uuid', nullable: true },
    tickAt: timestamp(true),
    periodKind: { type: 'string' },
    periodLabel: { type: 'string' },
    periodStart: { type: 'date', columnType: 'date' },
    periodEnd: { type: 'date', columnType: 'date' },
    dryRun: { type: 'boolean', default: false },
    status: { type: 'string' },
    trigger: { type: 'string' },
    requestedBy: { type: 'string' },
    reports: { type: 'json' },
    locale: { type: 'string', default: 'en' },
    recipients: { type: 'json' },
    tolerance: { type: DecimalColumnType, columnType: 'numeric', default: '0' },
    attempts: { type: 'integer', default: 0 },
    error: { type: 'text', nullable: true },
    createdAt: timestamp(),
    startedAt: timestamp(true),
    finishedAt: timestamp(true),
  },
  uniques: [{ name: 'close_run_schedule_tick_key', properties: ['scheduleId', 'tickAt'] }],
  indexes: [{ name: 'close_run_period_idx', properties: ['periodEnd', 'createdAt'] }],
});

/** One step of a run: its state, times, counts, what it produced, and why it stopped. */
export class CloseRunStep {
  runId!: string;
  step!: string;
  position!: number;
  /** pending | running | done | skipped | stopped | failed */
  status!: string;
  startedAt: Date | null = null;
  finishedAt: Date | null = null;
  counts: Record<string, unknown> = {};
  output: Record<string, unknown> = {};
  error: string | null = null;
}

export const CloseRunStepSchema = new EntitySchema<CloseRunStep>({
  class: CloseRunStep,
  tableName: 'close_run_step',
  properties: {
    runId: { type: 'uuid', primary: true },
    step: { type: 'string', primary: true },
    position: { type: 'integer' },
    status: { type: 'string' },
    startedAt: timestamp(true),
    finishedAt: timestamp(true),
    counts: { type: 'json' },
    output: { type: 'json' },
    error: { type: 'text', nullable: true },
  },
});

export const PIPELINE_ENTITIES = [CloseScheduleSchema, CloseRunSchema, CloseRunStepSchema];
