import { Migration } from '@mikro-orm/migrations';

/** Each value entry's share of the G/L entry it fed (traceability of per-posting-group G/L entries). */
export class Migration20261121084629GlRelationAmount extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "gl_item_ledger_relation" add column "amount" numeric not null default '0';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "gl_item_ledger_relation" drop column "amount";`);
  }
}
