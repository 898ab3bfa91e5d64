import { Migration } from '@mikro-orm/migrations';

/**
 * The net invoiced quantity per item, location and variant beside the quantity and value on hand
 * in `inventory_total` (issue 12): posting an invoiced purchase asks whether the item's net
 * invoiced quantity turns positive (R23), and summing every entry of the item's history for it
 * made each journal batch slower as the year went on.
 */
export class Migration20261213090000InvoicedQuantityTotals extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "inventory_total" add column "invoiced_quantity" numeric not null default '0';`);
    this.addSql(`insert into "inventory_total" ("item_no", "location_code", "variant_code", "invoiced_quantity")
      select "item_no", "location_code", "variant_code", sum("invoiced_quantity") from "item_ledger_entry" group by 1, 2, 3
      on conflict ("item_no", "location_code", "variant_code") do update set "invoiced_quantity" = excluded."invoiced_quantity";`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "inventory_total" drop column "invoiced_quantity";`);
  }
}
