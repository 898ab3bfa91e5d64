import { Migration } from '@mikro-orm/migrations';

/**
 * Auditor packages are immutable (issue 15, item 11): one row per revision of a period's package,
 * keyed by ending date and revision. Existing packages become revision 1, documenting the period's
 * latest close. Rows are never changed or removed: a rebuild after a reopen is a new revision, and
 * the database refuses UPDATE, DELETE and TRUNCATE, as it does for the ledgers and the audit log.
 */
export class Migration20261203110000PackageRevisions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "period_package" drop constraint "period_package_pkey";`);
    this.addSql(
      `alter table "period_package" add column "revision" int not null default 1, add column "previous_revision" int null, add column "close_entry_no" int null, add column "supersedes" jsonb null;`,
    );
    this.addSql(
      `update "period_package" p set "close_entry_no" = (select max(e."entry_no") from "inventory_period_entry" e where e."ending_date" = p."ending_date" and e."entry_type" = 'Close');`,
    );
    this.addSql(`update "period_package" set "previous_revision" = 1 where "previous_ending_date" is not null;`);
    this.addSql(`alter table "period_package" add constraint "period_package_file_name_unique" unique ("file_name");`);
    this.addSql(`alter table "period_package" add constraint "period_package_pkey" primary key ("ending_date", "revision");`);
    this.addSql(`create function period_package_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'period_package is append-only: % is not allowed (a package never changes; reopen and close the period to build a new revision)', tg_op using errcode = 'P0001';
      end $$;`);
    this.addSql(
      `create trigger period_package_append_only before update or delete or truncate on "period_package" for each statement execute function period_package_refuse_change();`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists period_package_append_only on "period_package";`);
    this.addSql(`drop function if exists period_package_refuse_change();`);
    // Only the latest revision of each period fits the old one-row-per-period table.
    this.addSql(
      `delete from "period_package" p where exists (select 1 from "period_package" n where n."ending_date" = p."ending_date" and n."revision" > p."revision");`,
    );
    this.addSql(`alter table "period_package" drop constraint "period_package_file_name_unique";`);
    this.addSql(`alter table "period_package" drop constraint "period_package_pkey";`);
    this.addSql(
      `alter table "period_package" drop column "revision", drop column "previous_revision", drop column "close_entry_no", drop column "supersedes";`,
    );
    this.addSql(`alter table "period_package" add constraint "period_package_pkey" primary key ("ending_date");`);
  }
}
