import { Migration } from '@mikro-orm/migrations';

/** Adjustment runs started through the API, with their progress (issue #3). */
export class Migration20261121080441AdjustmentRuns extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "adjustment_run" ("id" uuid not null, "status" varchar(255) not null default 'running', "requested_by" varchar(255) not null default '', "item_filter" jsonb null, "up_to" date null, "items_total" int not null default 0, "items_done" int not null default 0, "items_adjusted" int not null default 0, "entries_written" int not null default 0, "rounding_entries" int not null default 0, "warnings" jsonb not null, "error" text null, "started_at" timestamptz not null, "finished_at" timestamptz null, constraint "adjustment_run_pkey" primary key ("id"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "adjustment_run" cascade;`);
  }
}
