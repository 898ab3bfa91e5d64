import { Migration } from '@mikro-orm/migrations';

/** Decimal column defaults as numeric literals, so schema diffs stop proposing no-op changes. */
export class Migration20261121081235NumericDefaults extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "general_ledger_setup" alter column "amount_rounding_precision" type numeric using ("amount_rounding_precision"::numeric);`);
    this.addSql(`alter table "general_ledger_setup" alter column "amount_rounding_precision" set default 0.01;`);
    this.addSql(
      `alter table "general_ledger_setup" alter column "unit_amount_rounding_precision" type numeric using ("unit_amount_rounding_precision"::numeric);`,
    );
    this.addSql(`alter table "general_ledger_setup" alter column "unit_amount_rounding_precision" set default 0.00001;`);

    this.addSql(`alter table "item" alter column "unit_cost" type numeric using ("unit_cost"::numeric);`);
    this.addSql(`alter table "item" alter column "unit_cost" set default 0;`);
    this.addSql(`alter table "item" alter column "standard_cost" type numeric using ("standard_cost"::numeric);`);
    this.addSql(`alter table "item" alter column "standard_cost" set default 0;`);
    this.addSql(`alter table "item" alter column "last_direct_cost" type numeric using ("last_direct_cost"::numeric);`);
    this.addSql(`alter table "item" alter column "last_direct_cost" set default 0;`);
    this.addSql(`alter table "item" alter column "indirect_cost_percent" type numeric using ("indirect_cost_percent"::numeric);`);
    this.addSql(`alter table "item" alter column "indirect_cost_percent" set default 0;`);
    this.addSql(`alter table "item" alter column "overhead_rate" type numeric using ("overhead_rate"::numeric);`);
    this.addSql(`alter table "item" alter column "overhead_rate" set default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "general_ledger_setup" alter column "amount_rounding_precision" type numeric using ("amount_rounding_precision"::numeric);`);
    this.addSql(`alter table "general_ledger_setup" alter column "amount_rounding_precision" set default '0.01';`);
    this.addSql(
      `alter table "general_ledger_setup" alter column "unit_amount_rounding_precision" type numeric using ("unit_amount_rounding_precision"::numeric);`,
    );
    this.addSql(`alter table "general_ledger_setup" alter column "unit_amount_rounding_precision" set default '0.00001';`);

    this.addSql(`alter table "item" alter column "unit_cost" type numeric using ("unit_cost"::numeric);`);
    this.addSql(`alter table "item" alter column "unit_cost" set default '0';`);
    this.addSql(`alter table "item" alter column "standard_cost" type numeric using ("standard_cost"::numeric);`);
    this.addSql(`alter table "item" alter column "standard_cost" set default '0';`);
    this.addSql(`alter table "item" alter column "last_direct_cost" type numeric using ("last_direct_cost"::numeric);`);
    this.addSql(`alter table "item" alter column "last_direct_cost" set default '0';`);
    this.addSql(`alter table "item" alter column "indirect_cost_percent" type numeric using ("indirect_cost_percent"::numeric);`);
    this.addSql(`alter table "item" alter column "indirect_cost_percent" set default '0';`);
    this.addSql(`alter table "item" alter column "overhead_rate" type numeric using ("overhead_rate"::numeric);`);
    this.addSql(`alter table "item" alter column "overhead_rate" set default '0';`);
  }
}
