import { Migration } from '@mikro-orm/migrations';

/**
 * The ledgers are append-only in the database, not by habit: a posted amount, quantity, date,
 * type or key cannot be changed, and no ledger row can be deleted or truncated, whatever code or
 * hand-run SQL tries. Only the bookkeeping columns the rules move stay writable:
 * - item_ledger_entry: remaining_quantity, open, invoiced_quantity (R4, R29, R62);
 * - value_entry: valuation_date, and only later (R58, R57 rule 3: a decrease applied late);
 * - everything else (item_application_entry, gl_entry, gl_register, item_register,
 *   gl_item_ledger_relation): nothing.
 * Cost Posted to G/L lives in value_entry_gl_posting, which posting updates by design.
 */
const LEDGERS = ['item_ledger_entry', 'value_entry', 'item_application_entry', 'gl_entry', 'gl_register', 'item_register', 'gl_item_ledger_relation'];

export class Migration20261203100000LedgersAppendOnly extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function ledger_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception '% is append-only: % is not allowed (post a correcting entry instead)', tg_table_name, tg_op using errcode = 'P0001';
      end $$;`);
    this.addSql(`create function item_ledger_entry_bookkeeping_only() returns trigger language plpgsql as $$
      begin
        if (new.entry_no, new.item_no, new.variant_code, new.location_code, new.posting_date, new.entry_type, new.document_no, new.quantity,
            new.positive, new.correction, new.applies_to_entry, new.serial_no, new.lot_no, new.gen_bus_posting_group, new.direct_unit_cost)
           is distinct from
           (old.entry_no, old.item_no, old.variant_code, old.location_code, old.posting_date, old.entry_type, old.document_no, old.quantity,
            old.positive, old.correction, old.applies_to_entry, old.serial_no, old.lot_no, old.gen_bus_posting_group, old.direct_unit_cost) then
          raise exception 'item_ledger_entry % is posted: only remaining quantity, open and invoiced quantity may change', old.entry_no using errcode = 'P0001';
        end if;
        return new;
      end $$;`);
    this.addSql(`create function value_entry_bookkeeping_only() returns trigger language plpgsql as $$
      begin
        if new.valuation_date < old.valuation_date then
          raise exception 'value_entry %: a valuation date only moves later (R58)', old.entry_no using errcode = 'P0001';
        end if;
        if (to_jsonb(new) - 'valuation_date') is distinct from (to_jsonb(old) - 'valuation_date') then
          raise exception 'value_entry % is posted: only its valuation date may change (R58)', old.entry_no using errcode = 'P0001';
        end if;
        return new;
      end $$;`);
    this.addSql(
      `create trigger item_ledger_entry_bookkeeping_only before update on "item_ledger_entry" for each row execute function item_ledger_entry_bookkeeping_only();`,
    );
    this.addSql(`create trigger value_entry_bookkeeping_only before update on "value_entry" for each row execute function value_entry_bookkeeping_only();`);
    for (const table of LEDGERS) {
      const events = table === 'item_ledger_entry' || table === 'value_entry' ? 'delete or truncate' : 'update or delete or truncate';
      this.addSql(`create trigger ${table}_append_only before ${events} on "${table}" for each statement execute function ledger_refuse_change();`);
    }
  }

  override async down(): Promise<void> {
    for (const table of LEDGERS) this.addSql(`drop trigger if exists ${table}_append_only on "${table}";`);
    this.addSql(`drop trigger if exists item_ledger_entry_bookkeeping_only on "item_ledger_entry";`);
    this.addSql(`drop trigger if exists value_entry_bookkeeping_only on "value_entry";`);
    this.addSql(`drop function if exists item_ledger_entry_bookkeeping_only();`);
    this.addSql(`drop function if exists value_entry_bookkeeping_only();`);
    this.addSql(`drop function if exists ledger_refuse_change();`);
  }
}
