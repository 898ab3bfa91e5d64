/**
 * Bulk writes to the ledgers, inside the caller's transaction. New rows go in with COPY; the
 * bookkeeping fields of existing rows move with one UPDATE … FROM unnest(…) per kind of change.
 * Nothing here loops over entries with a query each.
 */
import { Dec, ZERO } from '../common/decimal';
import type { IsoDate } from '../common/dates';
import { CopyTextBuffer, type SqlSession } from '../database/sql-session';
import type { AvgCostEntryPoint, CapacityLedgerEntry, CostingItem, ItemApplicationEntry, ItemLedgerEntry, ValueEntry } from '../costing/types';
import { APP_COLUMNS, appCopyLine, ILE_COLUMNS, ileCopyLine, VE_COLUMNS, veCopyLine } from './ledger-rows';

export const COUNTERS = [
  'item_ledger_entry',
  'value_entry',
  'item_application_entry',
  'item_register',
  'gl_entry',
  'gl_register',
  'inventory_period_entry',
  'capacity_ledger_entry',
] as const;
export type CounterName = (typeof COUNTERS)[number];
export type Counters = Record<CounterName, number>;

/**
 * Locks the entry-number counters for the rest of the transaction and returns the last numbers
 * used. Postings serialise here (as Business Central's do on its ledgers' last entry), which is
 * what keeps entry numbers gap-free and in posting order.
 */
export async function lockCounters(sql: SqlSession): Promise<Counters> {
  const rows = await sql.query<{ name: CounterName; last_no: number }>('SELECT name, last_no FROM ledger_counter ORDER BY name FOR UPDATE');
  const counters = Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counters;
  for (const r of rows) counters[r.name] = r.last_no;
  return counters;
}

export async function saveCounters(sql: SqlSession, counters: Partial<Counters>): Promise<void> {
  const names = Object.keys(counters);
  if (names.length === 0) return;
  await sql.query('UPDATE ledger_counter c SET last_no = v.n FROM unnest($1::text[], $2::int[]) v(name, n) WHERE c.name = v.name', [
    names,
    names.map((n) => counters[n as CounterName] as number),
  ]);
}

/**
 * Transaction-scoped advisory locks on items: posting and adjustment of the same item never
 * interleave. Taken in one statement, in key order, so two batches cannot deadlock on them.
 */
export async function lockItems(sql: SqlSession, itemNos: Iterable<string>): Promise<void> {
  const list = [...new Set(itemNos)];
  if (list.length === 0) return;
  await sql.query(
    `SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT DISTINCT hashtextextended('item:' || x, 0) AS k FROM unnest($1::text[]) x ORDER BY 1) s`,
    [list],
  );
}

export async function insertItemLedgerEntries(sql: SqlSession, entries: readonly ItemLedgerEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await sql.copyInText('item_ledger_entry', ILE_COLUMNS, copyLines(entries, ileCopyLine));
  await flagForAdjustment(
    sql,
    entries.filter((e) => e.appliedEntryToAdjust),
  );
}

/**
 * Records as COPY text lines, written before the COPY starts: a line per record, no array of
 * values per row (issue 12: rows as arrays, then each value's type tested, were a tenth of the W1
 * generator's time and most of journal posting's row writing).
 */
function copyLines<T>(records: readonly T[], line: (record: T) => string): CopyTextBuffer {
  const text = new CopyTextBuffer();
  for (const r of records) text.add(line(r));
  return text;
}

/** R40.1: puts inbound entries on the Applied Entry to Adjust list (idempotent). */
export async function flagForAdjustment(sql: SqlSession, entries: readonly Pick<ItemLedgerEntry, 'entryNo' | 'itemNo'>[]): Promise<void> {
  if (entries.length === 0) return;
  await sql.query('INSERT INTO applied_entry_to_adjust (item_ledger_entry_no, item_no) SELECT * FROM unnest($1::int[], $2::text[]) ON CONFLICT DO NOTHING', [
    entries.map((e) => e.entryNo),
    entries.map((e) => e.itemNo),
  ]);
}

/** How much a posting moves the net invoiced quantity at one item, location and variant (R23). */
export interface InvoicedMove {
  itemNo: string;
  locationCode: string;
  variantCode: string;
  quantity: Dec;
}

/**
 * The invoiced quantity a posting adds: that of its new entries, and what it invoiced of existing
 * ones (their invoiced quantity now less what it was when the posting read them).
 */
export function invoicedMoves(
  newEntries: readonly ItemLedgerEntry[],
  changed: readonly ItemLedgerEntry[],
  invoicedBefore: ReadonlyMap<number, Dec>,
): InvoicedMove[] {
  const moves: InvoicedMove[] = [];
  for (const e of newEntries) if (!e.invoicedQuantity.isZero()) moves.push(inventoryMove(e, e.invoicedQuantity));
  for (const e of changed) {
    const moved = e.invoicedQuantity.minus(invoicedBefore.get(e.entryNo) ?? ZERO);
    if (!moved.isZero()) moves.push(inventoryMove(e, moved));
  }
  return moves;
}

function inventoryMove(e: { itemNo: string; locationCode: string; variantCode: string }, quantity: Dec): InvoicedMove {
  return { itemNo: e.itemNo, locationCode: e.locationCode, variantCode: e.variantCode, quantity };
}

/**
 * Inserts value entries and moves the inventory totals (see InventoryTotal) by what they add and
 * by the posting's invoiced quantities, in one statement.
 */
export async function insertValueEntries(sql: SqlSession, values: readonly ValueEntry[], invoiced: readonly InvoicedMove[] = []): Promise<void> {
  await copyValueEntries(sql, values);
  const totals = new InventoryTotalMoves();
  totals.addValueEntries(values);
  totals.addInvoiced(invoiced);
  await moveInventoryTotals(sql, totals);
}

/** Value entries in with COPY, nothing else (the inventory totals are the caller's: `moveInventoryTotals`). */
export async function copyValueEntries(sql: SqlSession, values: readonly ValueEntry[]): Promise<void> {
  if (values.length) await sql.copyInText('value_entry', VE_COLUMNS, copyLines(values, veCopyLine));
}

/** Adds what `totals` gathered to the inventory totals, in one statement. */
async function moveInventoryTotals(sql: SqlSession, totals: InventoryTotalMoves): Promise<void> {
  const rows = totals.rows;
  if (rows.length === 0) return;
  await sql.query(
    `INSERT INTO inventory_total (item_no, location_code, variant_code, quantity, value, invoiced_quantity)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::numeric[], $5::numeric[], $6::numeric[])
     ON CONFLICT (item_no, location_code, variant_code)
     DO UPDATE SET quantity = inventory_total.quantity + excluded.quantity, value = inventory_total.value + excluded.value,
                   invoiced_quantity = inventory_total.invoiced_quantity + excluded.invoiced_quantity`,
    [
      rows.map((r) => r.itemNo),
      rows.map((r) => r.locationCode),
      rows.map((r) => r.variantCode),
      rows.map((r) => r.quantity),
      rows.map((r) => r.value),
      rows.map((r) => r.invoiced),
    ],
  );
}

interface InventoryTotalMove {
  itemNo: string;
  locationCode: string;
  variantCode: string;
  quantity: Dec;
  value: Dec;
  invoiced: Dec;
}

/**
 * What a posting adds to the inventory totals, per item, location and variant, in the order they
 * are first met. Found through a map per key part: a key text joined for every value entry was most
 * of this sum's time (issue 12: 3.7 s of the W1 generator's 212 s at a million entries).
 */
class InventoryTotalMoves {
  readonly rows: InventoryTotalMove[] = [];

  /** What value entries add: their quantity and their cost, actual and expected. */
  addValueEntries(values: readonly ValueEntry[]): void {
    for (const v of values) {
      // A capacity value entry is not inventory (no item ledger entry; R102).
      if (v.capacityLedgerEntryNo !== null) continue;
      const t = this.at(v);
      t.quantity = plusUnlessZero(t.quantity, v.itemLedgerEntryQuantity);
      t.value = plusUnlessZero(plusUnlessZero(t.value, v.costAmountActual), v.costAmountExpected);
    }
  }

  /** What a posting invoiced (R23). */
  addInvoiced(moves: readonly InvoicedMove[]): void {
    for (const m of moves) {
      const t = this.at(m);
      t.invoiced = plusUnlessZero(t.invoiced, m.quantity);
    }
  }

  private readonly byItem = new Map<string, Map<string, Map<string, InventoryTotalMove>>>();

  at(k: { itemNo: string; locationCode: string; variantCode: string }): InventoryTotalMove {
    let byLocation = this.byItem.get(k.itemNo);
    if (!byLocation) this.byItem.set(k.itemNo, (byLocation = new Map()));
    let byVariant = byLocation.get(k.locationCode);
    if (!byVariant) byLocation.set(k.locationCode, (byVariant = new Map()));
    let move = byVariant.get(k.variantCode);
    if (!move) {
      move = { itemNo: k.itemNo, locationCode: k.locationCode, variantCode: k.variantCode, quantity: ZERO, value: ZERO, invoiced: ZERO };
      byVariant.set(k.variantCode, move);
      this.rows.push(move);
    }
    return move;
  }
}

/** `sum + amount`, the same Dec when `amount` is zero (most value entries carry a zero quantity, actual or expected cost). */
function plusUnlessZero(sum: Dec, amount: Dec): Dec {
  return amount.isZero() ? sum : sum.plus(amount);
}

export async function insertApplicationEntries(sql: SqlSession, apps: readonly ItemApplicationEntry[]): Promise<void> {
  if (apps.length) await sql.copyInText('item_application_entry', APP_COLUMNS, copyLines(apps, appCopyLine));
}

/**
 * For statements that move entries' invoiced quantity in SQL (the adjustment's invoiced outputs):
 * adds a `moved (item_no, location_code, variant_code, invoiced)` CTE's quantities to the
 * inventory totals, as a CTE of the same statement.
 */
export const MOVE_INVOICED_TOTALS = `INSERT INTO inventory_total (item_no, location_code, variant_code, invoiced_quantity)
  SELECT item_no, location_code, variant_code, invoiced FROM moved
  ON CONFLICT (item_no, location_code, variant_code) DO UPDATE SET invoiced_quantity = inventory_total.invoiced_quantity + excluded.invoiced_quantity`;

/** Remaining quantity, open and invoiced quantity of existing entries, and flags they gained. */
export async function updateEntryBookkeeping(sql: SqlSession, entries: readonly ItemLedgerEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await sql.query(
    `UPDATE item_ledger_entry e
        SET remaining_quantity = v.remaining, open = v.open, invoiced_quantity = v.invoiced
       FROM unnest($1::int[], $2::numeric[], $3::bool[], $4::numeric[]) v(no, remaining, open, invoiced)
      WHERE e.entry_no = v.no AND (e.remaining_quantity, e.open, e.invoiced_quantity) IS DISTINCT FROM (v.remaining, v.open, v.invoiced)`,
    [entries.map((e) => e.entryNo), entries.map((e) => e.remainingQuantity), entries.map((e) => e.open), entries.map((e) => e.invoicedQuantity)],
  );
  await flagForAdjustment(
    sql,
    entries.filter((e) => e.appliedEntryToAdjust),
  );
}

/** Adjustment done: the entries leave the Applied Entry to Adjust list. */
export async function clearAdjustmentFlags(sql: SqlSession, entryNos: readonly number[]): Promise<void> {
  if (entryNos.length) await sql.query('DELETE FROM applied_entry_to_adjust WHERE item_ledger_entry_no = ANY($1::int[])', [entryNos]);
}

/** R58: a decrease applied late takes the valuation date of the increase it finally applies to. */
export async function updateValuationDates(sql: SqlSession, changes: ReadonlyMap<number, IsoDate>): Promise<void> {
  if (changes.size === 0) return;
  await sql.query('UPDATE value_entry v SET valuation_date = c.d FROM unnest($1::int[], $2::date[]) c(no, d) WHERE v.entry_no = c.no', [
    [...changes.keys()],
    [...changes.values()],
  ]);
}

/** R40.2, R51: a posted value creates or resets its entry point. */
export async function markEntryPoints(sql: SqlSession, points: readonly AvgCostEntryPoint[]): Promise<void> {
  if (points.length === 0) return;
  await sql.query(
    `INSERT INTO avg_cost_adjmt_entry_point (item_no, variant_code, location_code, valuation_date, cost_is_adjusted)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::bool[])
     ON CONFLICT (item_no, variant_code, location_code, valuation_date) DO UPDATE SET cost_is_adjusted = excluded.cost_is_adjusted`,
    [
      points.map((p) => p.itemNo),
      points.map((p) => p.variantCode),
      points.map((p) => p.locationCode),
      points.map((p) => p.valuationDate),
      points.map((p) => p.costIsAdjusted),
    ],
  );
}

/** Unit Cost, Last Direct Cost, Standard Cost and Cost is Adjusted of items (R23). */
export async function updateItems(sql: SqlSession, items: readonly CostingItem[]): Promise<void> {
  if (items.length === 0) return;
  await sql.query(
    `UPDATE item i SET unit_cost = v.unit_cost, last_direct_cost = v.ldc, standard_cost = v.std, cost_is_adjusted = v.adjusted
       FROM unnest($1::text[], $2::numeric[], $3::numeric[], $4::numeric[], $5::bool[]) v(no, unit_cost, ldc, std, adjusted)
      WHERE i.no = v.no`,
    [
      items.map((i) => i.no),
      items.map((i) => i.unitCost),
      items.map((i) => i.lastDirectCost),
      items.map((i) => i.standardCost),
      items.map((i) => i.costIsAdjusted),
    ],
  );
}

export interface RegisterRange {
  fromEntryNo: number;
  toEntryNo: number;
  fromValueEntryNo: number;
  toValueEntryNo: number;
}

export async function insertItemRegister(sql: SqlSession, no: number, range: RegisterRange, sourceCode: string, userId: string): Promise<void> {
  await sql.query(
    'INSERT INTO item_register (no, from_entry_no, to_entry_no, from_value_entry_no, to_value_entry_no, source_code, user_id) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [no, range.fromEntryNo, range.toEntryNo, range.fromValueEntryNo, range.toValueEntryNo, sourceCode, userId],
  );
}

export async function insertCapacityLedgerEntries(sql: SqlSession, entries: readonly CapacityLedgerEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await sql.copyIn(
    'capacity_ledger_entry',
    ['entry_no', 'order_no', 'type', 'no', 'posting_date', 'document_no', 'quantity', 'subcontracting', 'direct_cost', 'overhead_cost'],
    entries.map((c) => [c.entryNo, c.orderNo, c.type, c.no, c.postingDate, c.documentNo, c.quantity, c.subcontracting, c.directCost, c.overheadCost]),
  );
}
