import { Migration } from '@mikro-orm/migrations';

/** Issue 15, item 9: Prevent Negative Inventory in Inventory Setup, and per item (Default, No, Yes) as Business Central has it. */
export class Migration20261203093000PreventNegativeInventory extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "inventory_setup" add column "prevent_negative_inventory" boolean not null default false;`);
    this.addSql(`alter table "item" add column "prevent_negative_inventory" varchar(255) not null default 'Default';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "item" drop column "prevent_negative_inventory";`);
    this.addSql(`alter table "inventory_setup" drop column "prevent_negative_inventory";`);
  }
}
