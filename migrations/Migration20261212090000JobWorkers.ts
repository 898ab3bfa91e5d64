import { Migration } from '@mikro-orm/migrations';

/**
 * Job workers (issue 13). `job_worker`: the processes taking jobs, each with its heartbeat, so a
 * run knows whether anybody will take its jobs. `adjustment_batch`: one row per item batch an
 * Adjust Cost run handed out as a job; its counts are added inside the batch's own transactions,
 * so they are exact even when a killed worker's job runs again. `job_output`: what a job made for
 * the process that waits for it (a rendered report), until that process has stored it. pg-boss's own tables live in the
 * `pgboss` schema, which pg-boss creates at first start (under our migration lock).
 */
export class Migration20261212090000JobWorkers extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "job_worker" ("id" varchar(255) not null, "host" varchar(255) not null, "pid" int not null, "concurrency" int not null,
        "started_at" timestamptz not null, "heartbeat_at" timestamptz not null, "stopped_at" timestamptz null,
        constraint "job_worker_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create table "adjustment_batch" ("run_id" uuid not null, "batch_no" int not null, "items" text[] not null, "status" varchar(255) not null default 'queued',
        "job_id" varchar(255) null, "worker_id" varchar(255) null, "attempts" int not null default 0, "items_adjusted" int not null default 0,
        "entries_written" int not null default 0, "rounding_entries" int not null default 0, "warnings" jsonb not null default '[]',
        "error" text null, "done_at" timestamptz null,
        constraint "adjustment_batch_pkey" primary key ("run_id", "batch_no"));`,
    );
    this.addSql(
      `create table "job_output" ("job_id" uuid not null, "run_id" uuid not null, "name" varchar(255) not null, "content_type" varchar(255) not null,
        "body" bytea not null, "created_at" timestamptz not null default now(), constraint "job_output_pkey" primary key ("job_id"));`,
    );
    this.addSql(`create index "job_output_run_idx" on "job_output" ("run_id");`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "job_output";');
    this.addSql('drop table if exists "adjustment_batch";');
    this.addSql('drop table if exists "job_worker";');
  }
}
