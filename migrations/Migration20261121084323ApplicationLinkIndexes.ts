import { Migration } from '@mikro-orm/migrations';

/** Partial indexes on the application links (transfers, Appl.-from) that Average recomputation follows. */
export class Migration20261121084323ApplicationLinkIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index "item_application_entry_link_outbound_idx" on "item_application_entry" ("outbound_item_entry_no") where "cost_application" or "transferred_from_entry_no" is not null;`,
    );
    this.addSql(
      `create index "item_application_entry_link_inbound_idx" on "item_application_entry" ("inbound_item_entry_no") where "cost_application" or "transferred_from_entry_no" is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "item_application_entry_link_outbound_idx";`);
    this.addSql(`drop index "item_application_entry_link_inbound_idx";`);
  }
}
