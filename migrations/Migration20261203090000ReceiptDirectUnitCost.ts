import { Migration } from '@mikro-orm/migrations';

/**
 * The Direct Unit Cost an inbound line was posted with, kept on its item ledger entry: an invoice
 * of a receipt that names no unit cost takes it (R24, R77). Entries posted before this column
 * existed stay null; their invoices fall back to the receipt's expected cost as before.
 */
export class Migration20261203090000ReceiptDirectUnitCost extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "item_ledger_entry" add column "direct_unit_cost" numeric null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "item_ledger_entry" drop column "direct_unit_cost";`);
  }
}
