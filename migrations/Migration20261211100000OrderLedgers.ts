import { Migration } from '@mikro-orm/migrations';

/**
 * Assembly and production orders (issue 11, R79, R92–R96): released and finished production orders, the capacity ledger (a resource's time used by an order,
 * append-only like the other ledgers), the order an item ledger entry and a value entry belong to (and on the value entry its order type),
 * and on a capacity value entry its capacity ledger entry (its item ledger entry no. is 0 and its
 * item ledger entry type blank, as in Business Central).
 */
const VIEW = `create view "value_entry_with_gl" as
  select v.*, coalesce(p."cost_posted_to_gl", 0) as "cost_posted_to_gl", coalesce(p."expected_cost_posted_to_gl", 0) as "expected_cost_posted_to_gl"
    from "value_entry" v left join "value_entry_gl_posting" p on p."value_entry_no" = v."entry_no";`;

export class Migration20261211100000OrderLedgers extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "capacity_ledger_entry" ("entry_no" int not null, "order_no" varchar(255) not null, "type" varchar(255) not null,
        "no" varchar(255) not null, "posting_date" date not null, "document_no" varchar(255) not null default '', "quantity" numeric not null default 0,
        "subcontracting" boolean not null default false, "direct_cost" numeric not null default 0, "overhead_cost" numeric not null default 0,
        constraint "capacity_ledger_entry_pkey" primary key ("entry_no"));`,
    );
    this.addSql(`create index "capacity_ledger_entry_order_idx" on "capacity_ledger_entry" ("order_no");`);
    this.addSql(`insert into "ledger_counter" ("name", "last_no") values ('capacity_ledger_entry', 0);`);
    this.addSql(`alter table "item_ledger_entry" add column "order_no" varchar(255) null;`);
    this.addSql(
      `alter table "value_entry" add column "order_type" varchar(255) null, add column "order_no" varchar(255) null, add column "capacity_ledger_entry_no" int null;`,
    );
    this.addSql(
      `create table "production_order" ("no" varchar(255) not null, "item_no" varchar(255) not null, "quantity" numeric not null, "location_code" varchar(255) not null default '',
        "due_date" date not null, "status" varchar(255) not null default 'Released', "finished_date" date null, "unit_cost" numeric not null default 0,
        "indirect_cost_percent" numeric not null default 0, "overhead_rate" numeric not null default 0, "cost_is_adjusted" boolean not null default false,
        constraint "production_order_pkey" primary key ("no"));`,
    );
    this.addSql(`insert into "ledger_counter" ("name", "last_no") values ('production_order', 0);`);
    // Released orders copy the item's BOM and routing (what the order was planned with).
    this.addSql(
      `create table "production_order_component" ("order_no" varchar(255) not null, "line_no" int not null, "item_no" varchar(255) not null,
        "quantity_per" numeric not null, "expected_quantity" numeric not null, constraint "production_order_component_pkey" primary key ("order_no", "line_no"));`,
    );
    this.addSql(
      `create table "production_order_routing" ("order_no" varchar(255) not null, "operation_no" int not null, "work_center_no" varchar(255) not null,
        "setup_time" numeric not null, "run_time" numeric not null, constraint "production_order_routing_pkey" primary key ("order_no", "operation_no"));`,
    );
    // The view lists value_entry's columns as they were when it was made: made again with the new ones.
    this.addSql(`drop view "value_entry_with_gl";`);
    this.addSql(VIEW);
    this.addSql(`create index "item_ledger_entry_order_idx" on "item_ledger_entry" ("order_no") where "order_no" is not null;`);
    this.addSql(`create index "value_entry_order_idx" on "value_entry" ("order_no") where "order_no" is not null;`);
    this.addSql(
      `create trigger capacity_ledger_entry_append_only before update or delete or truncate on "capacity_ledger_entry" for each statement execute function ledger_refuse_change();`,
    );
    // The order an entry was posted for is part of what was posted.
    this.addSql(`create or replace function item_ledger_entry_bookkeeping_only() returns trigger language plpgsql as $$
      begin
        if (new.entry_no, new.item_no, new.variant_code, new.location_code, new.posting_date, new.entry_type, new.document_no, new.quantity,
            new.positive, new.correction, new.applies_to_entry, new.serial_no, new.lot_no, new.gen_bus_posting_group, new.direct_unit_cost, new.order_no)
           is distinct from
           (old.entry_no, old.item_no, old.variant_code, old.location_code, old.posting_date, old.entry_type, old.document_no, old.quantity,
            old.positive, old.correction, old.applies_to_entry, old.serial_no, old.lot_no, old.gen_bus_posting_group, old.direct_unit_cost, old.order_no) then
          raise exception 'item_ledger_entry % is posted: only remaining quantity, open and invoiced quantity may change', old.entry_no using errcode = 'P0001';
        end if;
        return new;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "capacity_ledger_entry";`);
    this.addSql(`delete from "ledger_counter" where "name" = 'capacity_ledger_entry';`);
    this.addSql(`drop view "value_entry_with_gl";`);
    this.addSql(`alter table "value_entry" drop column "order_type", drop column "order_no", drop column "capacity_ledger_entry_no";`);
    this.addSql(`drop table "production_order_routing";`);
    this.addSql(`drop table "production_order_component";`);
    this.addSql(`drop table "production_order";`);
    this.addSql(`delete from "ledger_counter" where "name" = 'production_order';`);
    this.addSql(VIEW);
    this.addSql(`alter table "item_ledger_entry" drop column "order_no";`);
  }
}
