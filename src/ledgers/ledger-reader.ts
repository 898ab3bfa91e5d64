/**
 * Bulk reads of the ledgers into the costing core's records, inside the caller's transaction.
 * Every function takes sets (items, entry numbers) and issues one query per set.
 */
import { Dec, ZERO } from '../common/decimal';
import type { SqlSession } from '../database/sql-session';
import type { CostingItem, CostingMethod, ItemApplicationEntry, ItemLedgerEntry, ValueEntry } from '../costing/types';
import type { ItemAtLocation } from '../costing/posting/open-entries-needed';
import { APP_COLUMNS, appFromRow, ILE_COLUMNS, ileFromRow, selectList, VE_COLUMNS, veFromRow } from './ledger-rows';

const ILE_SELECT = `SELECT ${selectList(ILE_COLUMNS, 'e')} FROM item_ledger_entry e`;
const VE_SELECT = `SELECT ${selectList(VE_COLUMNS, 'v')} FROM value_entry v`;
const APP_SELECT = `SELECT ${selectList(APP_COLUMNS, 'a')} FROM item_application_entry a`;

export async function loadItems(sql: SqlSession, itemNos: readonly string[]): Promise<CostingItem[]> {
  if (itemNos.length === 0) return [];
  const rows = await sql.queryArrays(
    `SELECT no, costing_method, unit_cost, standard_cost, last_direct_cost, indirect_cost_percent, overhead_rate,
            inventory_posting_group, gen_prod_posting_group, cost_is_adjusted
       FROM item WHERE no = ANY($1::text[])`,
    [itemNos],
  );
  return rows.map((r) => ({
    no: r[0] as string,
    costingMethod: r[1] as CostingMethod,
    unitCost: new Dec(r[2] as string),
    standardCost: new Dec(r[3] as string),
    lastDirectCost: new Dec(r[4] as string),
    indirectCostPercent: new Dec(r[5] as string),
    overheadRate: new Dec(r[6] as string),
    inventoryPostingGroup: r[7] as string,
    genProdPostingGroup: r[8] as string,
    costIsAdjusted: r[9] as boolean,
  }));
}

export async function loadEntries(sql: SqlSession, entryNos: readonly number[]): Promise<ItemLedgerEntry[]> {
  if (entryNos.length === 0) return [];
  return (await sql.queryArrays(`${ILE_SELECT} WHERE e.entry_no = ANY($1::int[])`, [entryNos])).map(ileFromRow);
}

export async function loadOpenEntries(sql: SqlSession, itemNos: readonly string[]): Promise<ItemLedgerEntry[]> {
  if (itemNos.length === 0) return [];
  return (await sql.queryArrays(`${ILE_SELECT} WHERE e.item_no = ANY($1::text[]) AND e.open`, [itemNos])).map(ileFromRow);
}

/** Open increases a batch's decreases may take at one item, variant and location, and in which order (R19). */
export interface OpenIncreaseLimit {
  itemNo: string;
  variantCode: string;
  locationCode: string;
  /** null: all of them. */
  quantity: Dec | null;
  latestFirst: boolean;
}

/**
 * Open entries of whole items; open decreases of other items where the batch's increases fill
 * them (R28); and open increases per limit (item, variant and location a batch's decreases take
 * from, R19): only the first ones in the taking order, until the limit's quantity is covered — the
 * rest cannot be reached by the batch's decreases — or all of them when it has no quantity
 * (openEntriesNeeded says which).
 */
export async function loadOpenEntriesAt(
  sql: SqlSession,
  wholeItems: readonly string[],
  decreasesAt: readonly ItemAtLocation[],
  limits: readonly OpenIncreaseLimit[],
): Promise<ItemLedgerEntry[]> {
  if (wholeItems.length === 0 && decreasesAt.length === 0 && limits.length === 0) return [];
  const rows = await sql.queryArrays(
    `${ILE_SELECT} WHERE e.item_no = ANY($1::text[]) AND e.open
     UNION ALL
     SELECT ${selectList(ILE_COLUMNS, 'e')} FROM unnest($2::text[], $3::text[]) AS p(item_no, location_code)
       JOIN item_ledger_entry e ON e.item_no = p.item_no AND e.location_code = p.location_code AND NOT e.positive AND e.open
     UNION ALL
     SELECT ${selectList(ILE_COLUMNS, 'e')}
       FROM unnest($4::text[], $5::text[], $6::text[], $7::numeric[], $8::bool[]) AS l(item_no, variant_code, location_code, quantity, latest_first)
      CROSS JOIN LATERAL (
             SELECT o.entry_no, sum(o.remaining_quantity) OVER (
                      ORDER BY CASE WHEN l.latest_first THEN date '2000-01-01' - o.posting_date ELSE o.posting_date - date '2000-01-01' END,
                               CASE WHEN l.latest_first THEN -o.entry_no ELSE o.entry_no END) - o.remaining_quantity AS before
               FROM item_ledger_entry o
              WHERE o.item_no = l.item_no AND o.location_code = l.location_code AND o.variant_code = l.variant_code AND o.positive AND o.open) k
       JOIN item_ledger_entry e ON e.entry_no = k.entry_no
      WHERE l.quantity IS NULL OR k.before < l.quantity`,
    [
      [...wholeItems],
      decreasesAt.map((p) => p.itemNo),
      decreasesAt.map((p) => p.locationCode),
      limits.map((l) => l.itemNo),
      limits.map((l) => l.variantCode),
      limits.map((l) => l.locationCode),
      limits.map((l) => (l.quantity === null ? null : l.quantity.toFixed())),
      limits.map((l) => l.latestFirst),
    ],
  );
  return rows.map(ileFromRow);
}

export async function loadValueEntriesOf(sql: SqlSession, entryNos: readonly number[]): Promise<ValueEntry[]> {
  if (entryNos.length === 0) return [];
  return (await sql.queryArrays(`${VE_SELECT} WHERE v.item_ledger_entry_no = ANY($1::int[]) ORDER BY v.entry_no`, [entryNos])).map(veFromRow);
}

/** Item of each entry number (item numbers never change, so this may run before locking). */
export async function itemsOfEntries(sql: SqlSession, entryNos: readonly number[]): Promise<Map<number, { itemNo: string; quantity: Dec }>> {
  if (entryNos.length === 0) return new Map();
  const rows = await sql.queryArrays('SELECT entry_no, item_no, quantity FROM item_ledger_entry WHERE entry_no = ANY($1::int[])', [entryNos]);
  return new Map(rows.map((r) => [r[0] as number, { itemNo: r[1] as string, quantity: new Dec(r[2] as string) }]));
}

/** Quantity already returned through cost applications (Appl.-from), per outbound entry. */
export async function loadCostAppliedQuantities(sql: SqlSession, outboundNos: readonly number[]): Promise<Map<number, Dec>> {
  if (outboundNos.length === 0) return new Map();
  const rows = await sql.queryArrays(
    'SELECT outbound_item_entry_no, sum(quantity) FROM item_application_entry WHERE cost_application AND outbound_item_entry_no = ANY($1::int[]) GROUP BY 1',
    [outboundNos],
  );
  return new Map(rows.map((r) => [r[0] as number, new Dec(r[1] as string)]));
}

/** Net invoiced quantity per item (R23), from the inventory totals (a few rows an item, not its history). */
export async function loadInvoicedQuantities(sql: SqlSession, itemNos: readonly string[]): Promise<Map<string, Dec>> {
  if (itemNos.length === 0) return new Map();
  const rows = await sql.queryArrays('SELECT item_no, sum(invoiced_quantity) FROM inventory_total WHERE item_no = ANY($1::text[]) GROUP BY 1', [itemNos]);
  const result = new Map<string, Dec>(itemNos.map((n) => [n, ZERO]));
  for (const r of rows) result.set(r[0] as string, new Dec(r[1] as string));
  return result;
}

export async function loadApplicationsTouching(sql: SqlSession, entryNos: readonly number[]): Promise<ItemApplicationEntry[]> {
  if (entryNos.length === 0) return [];
  return (
    await sql.queryArrays(`${APP_SELECT} WHERE a.inbound_item_entry_no = ANY($1::int[]) OR a.outbound_item_entry_no = ANY($1::int[]) ORDER BY a.entry_no`, [
      entryNos,
    ])
  ).map(appFromRow);
}

export { ILE_SELECT, VE_SELECT, APP_SELECT };
