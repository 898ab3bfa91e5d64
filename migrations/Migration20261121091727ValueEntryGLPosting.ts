import { Migration } from '@mikro-orm/migrations';

/**
 * Cost Posted to G/L moves out of value_entry into value_entry_gl_posting (one row per posted
 * value entry, written with COPY), so that posting never rewrites value entries; what was posted
 * so far is carried over. The view value_entry_with_gl shows a value entry with both figures.
 */
export class Migration20261121091727ValueEntryGLPosting extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "value_entry_gl_posting" ("value_entry_no" int not null, "gl_register_no" int not null, "cost_posted_to_gl" numeric not null default '0', "expected_cost_posted_to_gl" numeric not null default '0', constraint "value_entry_gl_posting_pkey" primary key ("value_entry_no"));`,
    );
    this.addSql(
      `insert into "value_entry_gl_posting" ("value_entry_no", "gl_register_no", "cost_posted_to_gl", "expected_cost_posted_to_gl")
       select v."entry_no", coalesce((select max(r."gl_register_no") from "gl_item_ledger_relation" r where r."value_entry_no" = v."entry_no"), 0),
              v."cost_posted_to_gl", v."expected_cost_posted_to_gl"
         from "value_entry" v where v."cost_posted_to_gl" <> 0 or v."expected_cost_posted_to_gl" <> 0;`,
    );
    this.addSql(`alter table "value_entry" drop column "cost_posted_to_gl", drop column "expected_cost_posted_to_gl";`);
    this.addSql(
      `create view "value_entry_with_gl" as
       select v.*, coalesce(p."cost_posted_to_gl", 0) as "cost_posted_to_gl", coalesce(p."expected_cost_posted_to_gl", 0) as "expected_cost_posted_to_gl"
         from "value_entry" v left join "value_entry_gl_posting" p on p."value_entry_no" = v."entry_no";`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop view if exists "value_entry_with_gl";`);
    this.addSql(
      `alter table "value_entry" add column "cost_posted_to_gl" numeric not null default '0', add column "expected_cost_posted_to_gl" numeric not null default '0';`,
    );
    this.addSql(
      `update "value_entry" v set "cost_posted_to_gl" = p."cost_posted_to_gl", "expected_cost_posted_to_gl" = p."expected_cost_posted_to_gl" from "value_entry_gl_posting" p where p."value_entry_no" = v."entry_no";`,
    );
    this.addSql(`drop table if exists "value_entry_gl_posting" cascade;`);
  }
}
