import { Injectable } from '@nestjs/common';
import type { SqlSession } from '../database/sql-session';

/** What a batch's lines refer to, read in one go per kind of record (validated before posting). */
export interface JournalReferences {
  items: { no: string; inventoryPostingGroup: string; genProdPostingGroup: string }[];
  locations: string[];
  itemCharges: { no: string; genProdPostingGroup: string }[];
  entries: { entryNo: number; itemNo: string; locationCode: string; genBusPostingGroup: string }[];
  inventoryPostingSetups: { locationCode: string; inventoryPostingGroup: string }[];
  generalPostingSetups: { genBusPostingGroup: string; genProdPostingGroup: string }[];
}

export interface StockRow {
  itemNo: string;
  locationCode: string;
  variantCode: string;
  /** Decimal text. */
  quantity: string;
}

/**
 * What the item journal reads besides the ledger slice it posts on (the ledger reader's job): the
 * master data and entries a batch refers to, and what Prevent Negative Inventory needs. Every
 * method takes the posting's session, so it reads under the posting's locks.
 */
@Injectable()
export class ItemJournalRepository {
  async references(
    sql: SqlSession,
    wanted: { itemNos: readonly string[]; locations: readonly string[]; itemCharges: readonly string[]; entryNos: readonly number[] },
  ): Promise<JournalReferences> {
    // One connection runs one statement at a time: these are sequential on purpose.
    const items = await sql.query<{ no: string; inventory_posting_group: string; gen_prod_posting_group: string }>(
      'SELECT no, inventory_posting_group, gen_prod_posting_group FROM item WHERE no = ANY($1::text[])',
      [[...wanted.itemNos]],
    );
    const locations = await sql.query<{ code: string }>('SELECT code FROM location WHERE code = ANY($1::text[])', [[...wanted.locations]]);
    const charges = await sql.query<{ no: string; gen_prod_posting_group: string }>(
      'SELECT no, gen_prod_posting_group FROM item_charge WHERE no = ANY($1::text[])',
      [[...wanted.itemCharges]],
    );
    const entries = await sql.query<{ entry_no: number; item_no: string; location_code: string; gen_bus_posting_group: string }>(
      'SELECT entry_no, item_no, location_code, gen_bus_posting_group FROM item_ledger_entry WHERE entry_no = ANY($1::int[])',
      [[...wanted.entryNos]],
    );
    // Posting setup tables are small (locations × groups): read whole.
    const inventorySetups = await sql.query<{ location_code: string; inventory_posting_group: string }>(
      'SELECT location_code, inventory_posting_group FROM inventory_posting_setup',
    );
    const generalSetups = await sql.query<{ gen_bus_posting_group: string; gen_prod_posting_group: string }>(
      'SELECT gen_bus_posting_group, gen_prod_posting_group FROM general_posting_setup',
    );
    return {
      items: items.map((r) => ({ no: r.no, inventoryPostingGroup: r.inventory_posting_group, genProdPostingGroup: r.gen_prod_posting_group })),
      locations: locations.map((r) => r.code),
      itemCharges: charges.map((r) => ({ no: r.no, genProdPostingGroup: r.gen_prod_posting_group })),
      entries: entries.map((r) => ({ entryNo: r.entry_no, itemNo: r.item_no, locationCode: r.location_code, genBusPostingGroup: r.gen_bus_posting_group })),
      inventoryPostingSetups: inventorySetups.map((r) => ({ locationCode: r.location_code, inventoryPostingGroup: r.inventory_posting_group })),
      generalPostingSetups: generalSetups.map((r) => ({ genBusPostingGroup: r.gen_bus_posting_group, genProdPostingGroup: r.gen_prod_posting_group })),
    };
  }

  /** The entries' item, location, variant and quantity (what an undo reverses). */
  async entryStock(sql: SqlSession, entryNos: readonly number[]): Promise<Map<number, StockRow>> {
    const rows = await sql.query<{ entry_no: number; item_no: string; location_code: string; variant_code: string; quantity: string }>(
      'SELECT entry_no, item_no, location_code, variant_code, quantity::text FROM item_ledger_entry WHERE entry_no = ANY($1::int[])',
      [[...entryNos]],
    );
    return new Map(rows.map((r) => [r.entry_no, { itemNo: r.item_no, locationCode: r.location_code, variantCode: r.variant_code, quantity: r.quantity }]));
  }

  /** The items Prevent Negative Inventory applies to: their own Yes, or Default with Inventory Setup's on. */
  async itemsPreventingNegative(sql: SqlSession, itemNos: readonly string[]): Promise<Set<string>> {
    const rows = await sql.query<{ no: string }>(
      `SELECT i.no FROM item i CROSS JOIN inventory_setup s
        WHERE s.id = 1 AND i.no = ANY($1::text[])
          AND (i.prevent_negative_inventory = 'Yes' OR (i.prevent_negative_inventory = 'Default' AND s.prevent_negative_inventory))`,
      [[...itemNos]],
    );
    return new Set(rows.map((r) => r.no));
  }

  /** Quantity on hand per item, location and variant. */
  async onHand(sql: SqlSession, itemNos: readonly string[]): Promise<StockRow[]> {
    const rows = await sql.query<{ item_no: string; location_code: string; variant_code: string; quantity: string }>(
      'SELECT item_no, location_code, variant_code, sum(quantity)::text AS quantity FROM item_ledger_entry WHERE item_no = ANY($1::text[]) GROUP BY 1, 2, 3',
      [[...itemNos]],
    );
    return rows.map((r) => ({ itemNo: r.item_no, locationCode: r.location_code, variantCode: r.variant_code, quantity: r.quantity }));
  }
}
