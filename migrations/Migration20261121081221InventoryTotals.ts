import { Migration } from '@mikro-orm/migrations';

/**
 * Quantity and value on hand per item, location and variant, kept current with every value entry
 * inserted (issue #3: adjustment reads them instead of summing each item's history).
 */
export class Migration20261121081221InventoryTotals extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "inventory_total" ("item_no" varchar(255) not null, "location_code" varchar(255) not null default '', "variant_code" varchar(255) not null default '', "quantity" numeric not null default '0', "value" numeric not null default '0', constraint "inventory_total_pkey" primary key ("item_no", "location_code", "variant_code"));`,
    );
    this.addSql(`insert into "inventory_total" ("item_no", "location_code", "variant_code", "quantity", "value")
      select "item_no", "location_code", "variant_code", sum("item_ledger_entry_quantity"), sum("cost_amount_actual" + "cost_amount_expected")
        from "value_entry" group by 1, 2, 3;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "inventory_total" cascade;`);
  }
}
