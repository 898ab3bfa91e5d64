import { Migration } from '@mikro-orm/migrations';

/**
 * Manufacturing and assembly master data (issue 11; scenario-format.md § Setup additions):
 * Manufacturing Setup, work centers, resources, BOM lines and routing lines, and on the item its
 * replenishment system, lot size and single-level and rolled-up cost shares (R80, R81, R120).
 * A typed-in standard cost is all material (AL codeunit 5804), so existing Standard items get
 * their standard cost as material share.
 */
export class Migration20261211090000ManufacturingMasterData extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "manufacturing_setup" ("id" int not null, "cost_incl_setup" boolean not null default true, constraint "manufacturing_setup_pkey" primary key ("id"));`,
    );
    this.addSql(`insert into "manufacturing_setup" ("id") values (1);`);
    this.addSql(
      `create table "work_center" ("no" varchar(255) not null, "name" varchar(255) not null default '', "direct_unit_cost" numeric not null default 0,
        "indirect_cost_percent" numeric not null default 0, "overhead_rate" numeric not null default 0, "unit_cost_calculation" varchar(255) not null default 'Time',
        "subcontracting" boolean not null default false, "gen_prod_posting_group" varchar(255) not null default 'RETAIL', constraint "work_center_pkey" primary key ("no"));`,
    );
    this.addSql(
      `create table "resource" ("no" varchar(255) not null, "name" varchar(255) not null default '', "direct_unit_cost" numeric not null default 0,
        "indirect_cost_percent" numeric not null default 0, "overhead_rate" numeric not null default 0,
        "gen_prod_posting_group" varchar(255) not null default 'RETAIL', constraint "resource_pkey" primary key ("no"));`,
    );
    this.addSql(
      `create table "bom_line" ("parent_item_no" varchar(255) not null, "line_no" int not null, "type" varchar(255) not null default 'Item',
        "no" varchar(255) not null default '', "quantity_per" numeric not null default 0, constraint "bom_line_pkey" primary key ("parent_item_no", "line_no"));`,
    );
    this.addSql(
      `create table "routing_line" ("item_no" varchar(255) not null, "operation_no" int not null, "work_center_no" varchar(255) not null default '',
        "setup_time" numeric not null default 0, "run_time" numeric not null default 0, constraint "routing_line_pkey" primary key ("item_no", "operation_no"));`,
    );
    this.addSql(
      `alter table "item" add column "replenishment_system" varchar(255) not null default 'Purchase', add column "lot_size" numeric not null default 1,
        add column "production_bom_status" varchar(255) not null default 'Certified';`,
    );
    for (const share of SHARE_COLUMNS) this.addSql(`alter table "item" add column "${share}" numeric not null default 0;`);
    this.addSql(`update "item" set "single_level_material_cost" = "standard_cost", "rolled_up_material_cost" = "standard_cost";`);
  }

  override async down(): Promise<void> {
    for (const share of SHARE_COLUMNS) this.addSql(`alter table "item" drop column "${share}";`);
    this.addSql(`alter table "item" drop column "replenishment_system", drop column "lot_size", drop column "production_bom_status";`);
    for (const table of ['routing_line', 'bom_line', 'resource', 'work_center', 'manufacturing_setup']) this.addSql(`drop table "${table}";`);
  }
}

const SHARE_COLUMNS = ['single_level', 'rolled_up'].flatMap((level) =>
  ['material', 'capacity', 'subcontracted', 'cap_overhead', 'mfg_overhead'].map((share) => `${level}_${share}_cost`),
);
