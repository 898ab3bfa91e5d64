import { Migration } from '@mikro-orm/migrations';

/**
 * The stored period-close package of each inventory period (issue #6): file, zip and manifest
 * checksums, and the previous package's manifest checksum the chain link recorded.
 */
export class Migration20261121090100PeriodPackages extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "period_package" ("ending_date" date not null, "starting_date" date not null, "file_name" text not null, "zip_sha256" varchar(64) not null, "manifest_sha256" varchar(64) not null, "size" bigint not null, "run_id" text not null, "created_at" timestamptz not null, "previous_ending_date" date null, "previous_manifest_sha256" varchar(64) null, constraint "period_package_pkey" primary key ("ending_date"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "period_package" cascade;`);
  }
}
