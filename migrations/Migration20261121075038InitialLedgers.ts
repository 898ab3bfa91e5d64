import { Migration } from '@mikro-orm/migrations';

/** The ledgers, setup and master data of costing-rules §1–§4, §7 (issue #2). */
export class Migration20261121075038InitialLedgers extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "accounting_period" ("starting_date" date not null, "name" varchar(255) not null default '', "new_fiscal_year" boolean not null default false, constraint "accounting_period_pkey" primary key ("starting_date"));`,
    );

    this.addSql(
      `create table "avg_cost_adjmt_entry_point" ("item_no" varchar(255) not null, "variant_code" varchar(255) not null default '', "location_code" varchar(255) not null default '', "valuation_date" date not null, "cost_is_adjusted" boolean not null default false, constraint "avg_cost_adjmt_entry_point_pkey" primary key ("item_no", "variant_code", "location_code", "valuation_date"));`,
    );
    this.addSql(`create index "avg_cost_entry_point_pending_idx" on "avg_cost_adjmt_entry_point" ("item_no", "valuation_date") where not "cost_is_adjusted";`);

    this.addSql(
      `create table "general_ledger_setup" ("id" int not null default 1, "company_name" varchar(255) not null default 'Costclose demo company', "amount_rounding_precision" numeric not null default '0.01', "unit_amount_rounding_precision" numeric not null default '0.00001', "allow_posting_from" date null, "allow_posting_to" date null, constraint "general_ledger_setup_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "general_posting_setup" ("gen_bus_posting_group" varchar(255) not null default '', "gen_prod_posting_group" varchar(255) not null, "cogs_account" varchar(255) not null default '', "cogs_interim_account" varchar(255) not null default '', "inventory_adjmt_account" varchar(255) not null default '', "direct_cost_applied_account" varchar(255) not null default '', "overhead_applied_account" varchar(255) not null default '', "purchase_variance_account" varchar(255) not null default '', "invt_accrual_interim_account" varchar(255) not null default '', constraint "general_posting_setup_pkey" primary key ("gen_bus_posting_group", "gen_prod_posting_group"));`,
    );

    this.addSql(
      `create table "gl_account" ("no" varchar(255) not null, "name" varchar(255) not null default '', constraint "gl_account_pkey" primary key ("no"));`,
    );

    this.addSql(
      `create table "gl_entry" ("entry_no" int not null, "posting_date" date not null, "account_no" varchar(255) not null, "amount" numeric not null default '0', "document_no" varchar(255) not null default '', "description" varchar(255) not null default '', "register_no" int not null, "source_code" varchar(255) not null default '', "user_id" varchar(255) not null default '', constraint "gl_entry_pkey" primary key ("entry_no"));`,
    );
    this.addSql(`create index "gl_entry_account_date_idx" on "gl_entry" ("account_no", "posting_date");`);

    this.addSql(
      `create table "gl_item_ledger_relation" ("gl_entry_no" int not null, "value_entry_no" int not null, "gl_register_no" int not null, constraint "gl_item_ledger_relation_pkey" primary key ("gl_entry_no", "value_entry_no"));`,
    );
    this.addSql(`create index "gl_item_ledger_relation_value_entry_idx" on "gl_item_ledger_relation" ("value_entry_no");`);

    this.addSql(
      `create table "gl_register" ("no" int not null, "from_entry_no" int not null default 0, "to_entry_no" int not null default 0, "source_code" varchar(255) not null default '', "user_id" varchar(255) not null default '', "created_at" timestamptz not null default now(), constraint "gl_register_pkey" primary key ("no"));`,
    );

    this.addSql(
      `create table "inventory_period" ("ending_date" date not null, "name" varchar(255) not null default '', "closed" boolean not null default false, constraint "inventory_period_pkey" primary key ("ending_date"));`,
    );

    this.addSql(
      `create table "inventory_period_entry" ("entry_no" int not null, "ending_date" date not null, "entry_type" varchar(255) not null, "closing_item_register_no" int null, "user_id" varchar(255) not null default '', "created_at" timestamptz not null default now(), constraint "inventory_period_entry_pkey" primary key ("entry_no"));`,
    );

    this.addSql(
      `create table "inventory_posting_setup" ("location_code" varchar(255) not null default '', "inventory_posting_group" varchar(255) not null, "inventory_account" varchar(255) not null default '', "inventory_interim_account" varchar(255) not null default '', "wip_account" varchar(255) not null default '', "material_variance_account" varchar(255) not null default '', "capacity_variance_account" varchar(255) not null default '', "subcontracted_variance_account" varchar(255) not null default '', "cap_overhead_variance_account" varchar(255) not null default '', "mfg_overhead_variance_account" varchar(255) not null default '', constraint "inventory_posting_setup_pkey" primary key ("location_code", "inventory_posting_group"));`,
    );

    this.addSql(
      `create table "inventory_setup" ("id" int not null default 1, "automatic_cost_posting" boolean not null default false, "expected_cost_posting_to_gl" boolean not null default false, "automatic_cost_adjustment" varchar(255) not null default 'Never', "average_cost_calc_type" varchar(255) not null default 'Item', "average_cost_period" varchar(255) not null default 'Day', "earliest_allowed_valuation_date" date null, constraint "inventory_setup_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "item" ("no" varchar(255) not null, "description" varchar(255) not null default '', "base_unit_of_measure" varchar(255) not null default 'PCS', "costing_method" varchar(255) not null default 'FIFO', "unit_cost" numeric not null default '0', "standard_cost" numeric not null default '0', "last_direct_cost" numeric not null default '0', "indirect_cost_percent" numeric not null default '0', "overhead_rate" numeric not null default '0', "inventory_posting_group" varchar(255) not null default 'RESALE', "gen_prod_posting_group" varchar(255) not null default 'RETAIL', "cost_is_adjusted" boolean not null default true, constraint "item_pkey" primary key ("no"));`,
    );

    this.addSql(
      `create table "item_application_entry" ("entry_no" int not null, "item_ledger_entry_no" int not null, "inbound_item_entry_no" int not null, "outbound_item_entry_no" int not null, "quantity" numeric not null default '0', "posting_date" date not null, "cost_application" boolean not null default false, "transferred_from_entry_no" int null, constraint "item_application_entry_pkey" primary key ("entry_no"));`,
    );
    this.addSql(`create index "item_application_entry_inbound_idx" on "item_application_entry" ("inbound_item_entry_no");`);
    this.addSql(`create index "item_application_entry_outbound_idx" on "item_application_entry" ("outbound_item_entry_no");`);

    this.addSql(
      `create table "item_charge" ("no" varchar(255) not null, "description" varchar(255) not null default '', "gen_prod_posting_group" varchar(255) not null default 'RETAIL', constraint "item_charge_pkey" primary key ("no"));`,
    );

    this.addSql(
      `create table "item_ledger_entry" ("entry_no" int not null, "item_no" varchar(255) not null, "variant_code" varchar(255) not null default '', "location_code" varchar(255) not null default '', "posting_date" date not null, "entry_type" varchar(255) not null, "document_no" varchar(255) not null default '', "quantity" numeric not null default '0', "remaining_quantity" numeric not null default '0', "invoiced_quantity" numeric not null default '0', "open" boolean not null, "positive" boolean not null, "correction" boolean not null default false, "applies_to_entry" int null, "serial_no" varchar(255) null, "lot_no" varchar(255) null, "applied_entry_to_adjust" boolean not null default false, "gen_bus_posting_group" varchar(255) not null default '', constraint "item_ledger_entry_pkey" primary key ("entry_no"));`,
    );
    this.addSql(`create index "item_ledger_entry_item_date_idx" on "item_ledger_entry" ("item_no", "posting_date");`);
    this.addSql(`create index "item_ledger_entry_open_idx" on "item_ledger_entry" ("item_no", "location_code", "variant_code", "positive") where "open";`);
    this.addSql(`create index "item_ledger_entry_to_adjust_idx" on "item_ledger_entry" ("item_no") where "applied_entry_to_adjust";`);

    this.addSql(
      `create table "item_register" ("no" int not null, "from_entry_no" int not null default 0, "to_entry_no" int not null default 0, "from_value_entry_no" int not null default 0, "to_value_entry_no" int not null default 0, "source_code" varchar(255) not null default '', "user_id" varchar(255) not null default '', "created_at" timestamptz not null default now(), constraint "item_register_pkey" primary key ("no"));`,
    );

    this.addSql(
      `create table "ledger_counter" ("name" varchar(255) not null, "last_no" int not null default 0, constraint "ledger_counter_pkey" primary key ("name"));`,
    );

    this.addSql(
      `create table "location" ("code" varchar(255) not null, "name" varchar(255) not null default '', constraint "location_pkey" primary key ("code"));`,
    );

    this.addSql(
      `create table "user_setup" ("user_id" varchar(255) not null, "allow_posting_from" date null, "allow_posting_to" date null, constraint "user_setup_pkey" primary key ("user_id"));`,
    );

    this.addSql(
      `create table "value_entry" ("entry_no" int not null, "item_ledger_entry_no" int not null, "item_no" varchar(255) not null, "variant_code" varchar(255) not null default '', "location_code" varchar(255) not null default '', "posting_date" date not null, "valuation_date" date not null, "document_no" varchar(255) not null default '', "entry_type" varchar(255) not null, "variance_type" varchar(255) null, "item_ledger_entry_type" varchar(255) not null, "adjustment" boolean not null default false, "applies_to_entry" int null, "item_charge_no" varchar(255) null, "valued_quantity" numeric not null default '0', "item_ledger_entry_quantity" numeric not null default '0', "invoiced_quantity" numeric not null default '0', "cost_amount_actual" numeric not null default '0', "cost_amount_expected" numeric not null default '0', "cost_posted_to_gl" numeric not null default '0', "expected_cost_posted_to_gl" numeric not null default '0', "expected_cost" boolean not null default false, "valued_by_average_cost" boolean not null default false, "source_code" varchar(255) not null default '', "inventory_posting_group" varchar(255) not null default '', "gen_bus_posting_group" varchar(255) not null default '', "gen_prod_posting_group" varchar(255) not null default '', "user_id" varchar(255) not null default '', constraint "value_entry_pkey" primary key ("entry_no"));`,
    );
    this.addSql(`create index "value_entry_item_ledger_entry_idx" on "value_entry" ("item_ledger_entry_no");`);
    this.addSql(`create index "value_entry_item_valuation_idx" on "value_entry" ("item_no", "valuation_date");`);
    this.addSql(`create index "value_entry_posting_date_idx" on "value_entry" ("posting_date");`);

    // One counter per ledger: entry numbers are taken from here inside the posting transaction.
    this.addSql(
      `insert into "ledger_counter" ("name", "last_no") values ('item_ledger_entry', 0), ('value_entry', 0), ('item_application_entry', 0), ('item_register', 0), ('gl_entry', 0), ('gl_register', 0), ('inventory_period_entry', 0);`,
    );
    // The two setup records exist from the start, with the scenario format's defaults.
    this.addSql(`insert into "inventory_setup" ("id") values (1);`);
    this.addSql(`insert into "general_ledger_setup" ("id") values (1);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "accounting_period" cascade;`);
    this.addSql(`drop table if exists "avg_cost_adjmt_entry_point" cascade;`);
    this.addSql(`drop table if exists "general_ledger_setup" cascade;`);
    this.addSql(`drop table if exists "general_posting_setup" cascade;`);
    this.addSql(`drop table if exists "gl_account" cascade;`);
    this.addSql(`drop table if exists "gl_entry" cascade;`);
    this.addSql(`drop table if exists "gl_item_ledger_relation" cascade;`);
    this.addSql(`drop table if exists "gl_register" cascade;`);
    this.addSql(`drop table if exists "inventory_period" cascade;`);
    this.addSql(`drop table if exists "inventory_period_entry" cascade;`);
    this.addSql(`drop table if exists "inventory_posting_setup" cascade;`);
    this.addSql(`drop table if exists "inventory_setup" cascade;`);
    this.addSql(`drop table if exists "item" cascade;`);
    this.addSql(`drop table if exists "item_application_entry" cascade;`);
    this.addSql(`drop table if exists "item_charge" cascade;`);
    this.addSql(`drop table if exists "item_ledger_entry" cascade;`);
    this.addSql(`drop table if exists "item_register" cascade;`);
    this.addSql(`drop table if exists "ledger_counter" cascade;`);
    this.addSql(`drop table if exists "location" cascade;`);
    this.addSql(`drop table if exists "user_setup" cascade;`);
    this.addSql(`drop table if exists "value_entry" cascade;`);
  }
}
