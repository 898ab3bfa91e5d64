import { Migration } from '@mikro-orm/migrations';

/** The close pipeline: schedules (admins), runs (one per tick or manual close) and their steps. */
export class Migration20261121093022ClosePipeline extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "close_run" ("id" uuid not null, "schedule_id" uuid null, "tick_at" timestamptz null, "period_kind" varchar(255) not null, "period_label" varchar(255) not null, "period_start" date not null, "period_end" date not null, "dry_run" boolean not null default false, "status" varchar(255) not null, "trigger" varchar(255) not null, "requested_by" varchar(255) not null, "reports" jsonb not null, "locale" varchar(255) not null default 'en', "recipients" jsonb not null, "tolerance" numeric not null default '0', "attempts" int not null default 0, "error" text null, "created_at" timestamptz not null, "started_at" timestamptz null, "finished_at" timestamptz null, constraint "close_run_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "close_run_period_idx" on "close_run" ("period_end", "created_at");`);
    this.addSql(`alter table "close_run" add constraint "close_run_schedule_tick_key" unique ("schedule_id", "tick_at");`);

    this.addSql(
      `create table "close_run_step" ("run_id" uuid not null, "step" varchar(255) not null, "position" int not null, "status" varchar(255) not null, "started_at" timestamptz null, "finished_at" timestamptz null, "counts" jsonb not null, "output" jsonb not null, "error" text null, constraint "close_run_step_pkey" primary key ("run_id", "step"));`,
    );

    this.addSql(
      `create table "close_schedule" ("id" uuid not null, "name" varchar(255) not null, "period_kind" varchar(255) not null, "cron" varchar(255) not null, "time_zone" varchar(255) not null, "period_offset" int not null default 1, "reports" jsonb not null, "locale" varchar(255) not null default 'en', "recipients" jsonb not null, "tolerance" numeric not null default '0', "enabled" boolean not null default true, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "close_schedule_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "close_schedule" add constraint "close_schedule_name_key" unique ("name");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "close_run" cascade;`);

    this.addSql(`drop table if exists "close_run_step" cascade;`);

    this.addSql(`drop table if exists "close_schedule" cascade;`);
  }
}
