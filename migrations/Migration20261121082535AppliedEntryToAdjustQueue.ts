import { Migration } from '@mikro-orm/migrations';

/** Applied Entry to Adjust as a table of its own (a work queue), no longer a flag on the ledger row. */
export class Migration20261121082535AppliedEntryToAdjustQueue extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "applied_entry_to_adjust" ("item_ledger_entry_no" int not null, "item_no" varchar(255) not null, constraint "applied_entry_to_adjust_pkey" primary key ("item_ledger_entry_no"));`,
    );
    this.addSql(`create index "applied_entry_to_adjust_item_idx" on "applied_entry_to_adjust" ("item_no");`);

    this.addSql(
      `insert into "applied_entry_to_adjust" ("item_ledger_entry_no", "item_no") select "entry_no", "item_no" from "item_ledger_entry" where "applied_entry_to_adjust";`,
    );
    this.addSql(`drop index "item_ledger_entry_to_adjust_idx";`);
    this.addSql(`alter table "item_ledger_entry" drop column "applied_entry_to_adjust";`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "item_ledger_entry" add column "applied_entry_to_adjust" bool not null default false;`);
    this.addSql(
      `update "item_ledger_entry" e set "applied_entry_to_adjust" = true from "applied_entry_to_adjust" q where q."item_ledger_entry_no" = e."entry_no";`,
    );
    this.addSql(`CREATE INDEX item_ledger_entry_to_adjust_idx ON public.item_ledger_entry USING btree (item_no) WHERE applied_entry_to_adjust;`);
    this.addSql(`drop table if exists "applied_entry_to_adjust" cascade;`);
  }
}
