/**
 * Loads what one batch of items needs for Adjust Cost, and nothing more (incremental by
 * construction, issue #3 item 10): the inbound entries flagged "Applied Entry to Adjust" and
 * everything cost can flow to from them (one recursive query over application entries), and for
 * Average items the periods from their first unadjusted entry point on, with the balance before
 * it as one aggregate. When most of a batch's entries are needed anyway (a first adjustment of a
 * year's postings), whole items are read instead: fewer, simpler queries.
 */
import { Dec, ZERO } from '../common/decimal';
import { groupBy } from '../common/group-by';
import type { IsoDate } from '../common/dates';
import type { SqlSession } from '../database/sql-session';
import type { AverageBalance, AverageItemInput } from '../costing/adjustment/average-cost';
import type { OrderInput } from '../costing/adjustment/adjustment-book';
import { sharesFromText } from '../costing/standard-cost/calculate-standard-cost';
import { SINGLE_LEVEL_SHARE_COLUMNS } from '../setup/entities/manufacturing.entities';
import { groupKey } from '../costing/adjustment/average-cost';
import { periodOf } from '../costing/average-cost-period';
import type { AdjustmentItemEntry, AdjustmentValueEntry, AverageCostCalcType, CostingItem, ItemApplicationEntry } from '../costing/types';
import type { PeriodCalendar } from '../costing/average-cost-period';
import { APP_SELECT, loadItems } from '../ledgers/ledger-reader';
import { adjustmentEntryFromRow, adjustmentValueOf, appFromRow, ILE_ADJUST_COLUMNS, selectList, VE_ADJUST_COLUMNS } from '../ledgers/ledger-rows';

const ILE_SELECT = `SELECT ${selectList(ILE_ADJUST_COLUMNS, 'e')} FROM item_ledger_entry e`;
const VE_SELECT = `SELECT ${selectList(VE_ADJUST_COLUMNS, 'v')} FROM value_entry v`;

export interface BatchSlice {
  items: CostingItem[];
  entries: AdjustmentItemEntry[];
  valueEntries: AdjustmentValueEntry[];
  applications: ItemApplicationEntry[];
  flaggedInbounds: number[];
  averageItems: AverageItemInput[];
  /** Assembly and production orders whose output is in the slice, with their consumption and output entries added to it (R94, R96). */
  orders: OrderInput[];
  strategy: 'items' | 'closure';
}

export interface SliceOptions {
  calendar: PeriodCalendar;
  calcType: AverageCostCalcType;
  /** Automatic adjustment: only work dated from here on (R43, A-5). */
  fromDate: IsoDate | null;
  /** Average number of item ledger entries per item (whole ledger), to size a batch cheaply. */
  entriesPerItem: number;
}

/** Share of a batch's entries above which whole items are read. */
const WHOLE_ITEMS_SHARE = 0.3;

export async function loadBatchSlice(sql: SqlSession, itemNos: string[], options: SliceOptions): Promise<BatchSlice> {
  // A batch is read while Node costs the one before (AdjustmentService), so a faster read gains
  // nothing, and parallel workers for the application query (a parallel hash join over the whole
  // table, three processes) took the core Node needs: 0.47 s of CPU a batch for 0.17 s sooner
  // (issue 12). One process per read; for the rest of this transaction only.
  await sql.query('SET LOCAL max_parallel_workers_per_gather = 0');
  const items = await loadItems(sql, itemNos);
  const averageNos = items.filter((i) => i.costingMethod === 'Average').map((i) => i.no);

  const flagged = (
    await sql.queryArrays(
      `SELECT q.item_ledger_entry_no FROM applied_entry_to_adjust q
        WHERE q.item_no = ANY($1::text[])
          AND ($2::date IS NULL OR EXISTS (SELECT 1 FROM item_ledger_entry e WHERE e.entry_no = q.item_ledger_entry_no AND e.posting_date >= $2))
        ORDER BY 1`,
      [itemNos, options.fromDate],
    )
  ).map((r) => r[0] as number);

  const averageFrom = new Map<string, IsoDate>();
  if (averageNos.length) {
    const rows = await sql.queryArrays(
      `SELECT item_no, min(valuation_date) FROM avg_cost_adjmt_entry_point
        WHERE NOT cost_is_adjusted AND item_no = ANY($1::text[]) AND ($2::date IS NULL OR valuation_date >= $2) GROUP BY item_no ORDER BY item_no`,
      [averageNos, options.fromDate],
    );
    for (const r of rows) averageFrom.set(r[0] as string, periodOf(options.calendar, r[1] as IsoDate).start);
  }

  // Decide first, on cheap counts, whether whole items are read: the closure query only pays
  // when the flags reach a small part of the batch (the incremental case).
  const averageEntries = await averageEntriesFrom(sql, averageFrom);
  const wholeItems = flagged.length + averageEntries.length > WHOLE_ITEMS_SHARE * options.entriesPerItem * itemNos.length;
  let entries: AdjustmentItemEntry[];
  let valueEntries: AdjustmentValueEntry[];
  let applications: ItemApplicationEntry[];
  if (wholeItems) {
    entries = await sql.queryMapped(`${ILE_SELECT} WHERE e.item_no = ANY($1::text[]) ORDER BY e.entry_no`, [itemNos], adjustmentEntryFromRow);
    valueEntries = await sql.queryMapped(
      `${VE_SELECT} WHERE v.item_no = ANY($1::text[]) ORDER BY v.entry_no`,
      [itemNos],
      adjustmentValueOf(byEntryNo(entries)),
    );
    // The items' applications are those whose increase is one of their entries (an application
    // never crosses items): found through the inbound index from the entries just read. Joining
    // the item ledger on item no. hashed the whole application table for every batch — 0.2 s of
    // the database's time a batch, 29 times at a million entries (issue 12).
    applications = await sql.queryMapped(
      `${APP_SELECT} WHERE a.inbound_item_entry_no = ANY($1::int[]) ORDER BY a.entry_no`,
      [entries.map((e) => e.entryNo)],
      appFromRow,
    );
  } else {
    // Average items' periods to recompute: their decreases are valued by the average, so their
    // sources are not needed, only the links that carry a decrease's cost on (returns with
    // Appl.-from, transfers) and, for fixed-applied decreases (R32), their sources. The
    // increases those links reach, and every flagged increase, get the full closure.
    const averageEntryRows = (await sql.queryArrays(`${ILE_SELECT} WHERE e.entry_no = ANY($1::int[])`, [averageEntries])).map(adjustmentEntryFromRow);
    const fixed = averageEntryRows.filter((e) => !e.positive && e.appliesToEntry !== null).map((e) => e.entryNo);
    // Probed entry by entry through both link indexes (a nested loop over the entry numbers),
    // not by reading every link of the ledger: the planner scans a whole link index and visits the
    // heap page of each of its links (10,003 pages at a million entries) for as few as a few
    // thousand entries. For an incremental run's largest batch (4,952 entries, 386 + 367 links):
    // 9–20 ms against 47 ms with the pages cached and 819 ms without (EXPLAIN ANALYZE; issue 12).
    // In entry order, as the scan gave them: the order decides the order of the entries written.
    const averageLinks = [
      ...(
        await withProbesPerRow(sql, () =>
          sql.queryArrays(
            `${APP_SELECT} JOIN unnest($1::int[]) n(no) ON a.outbound_item_entry_no = n.no
              WHERE a.cost_application OR a.transferred_from_entry_no IS NOT NULL
             UNION
             ${APP_SELECT} JOIN unnest($1::int[]) n(no) ON a.inbound_item_entry_no = n.no
              WHERE a.cost_application OR a.transferred_from_entry_no IS NOT NULL
             ORDER BY 1`,
            [averageEntries],
          ),
        )
      ).map(appFromRow),
      ...(fixed.length ? (await sql.queryArrays(`${APP_SELECT} WHERE a.outbound_item_entry_no = ANY($1::int[])`, [fixed])).map(appFromRow) : []),
    ];
    const needed = new Set<number>(flagged);
    for (const a of averageLinks) if (a.costApplication || a.transferredFromEntryNo !== null) needed.add(a.inboundItemEntryNo);
    const byNo = new Map<number, ItemApplicationEntry>(averageLinks.map((a) => [a.entryNo, a]));
    // A decrease the average values needs none of its sources, even where an increase takes its cost.
    const valuedByAverage = new Set(averageEntryRows.filter((e) => !e.positive && e.appliesToEntry === null).map((e) => e.entryNo));
    for (const a of await applicationsReachedFrom(sql, needed, valuedByAverage)) byNo.set(a.entryNo, a);
    applications = [...byNo.values()].sort((a, b) => a.entryNo - b.entryNo);
    const all = new Set<number>([...needed, ...averageEntries]);
    for (const a of applications) {
      all.add(a.inboundItemEntryNo);
      if (a.outboundItemEntryNo) all.add(a.outboundItemEntryNo);
    }
    const list = [...all];
    // The Average items' entries were read above; only the rest are read now (an incremental
    // run's Average periods are most of its entries, and were read twice).
    const averageRead = new Set(averageEntries);
    entries = [
      ...averageEntryRows,
      ...(await sql.queryMapped(`${ILE_SELECT} WHERE e.entry_no = ANY($1::int[])`, [list.filter((no) => !averageRead.has(no))], adjustmentEntryFromRow)),
    ].sort((a, b) => a.entryNo - b.entryNo);
    valueEntries = await sql.queryMapped(
      `${VE_SELECT} WHERE v.item_ledger_entry_no = ANY($1::int[]) ORDER BY v.entry_no`,
      [list],
      adjustmentValueOf(byEntryNo(entries)),
    );
  }

  const averageItems: AverageItemInput[] = [];
  if (averageFrom.size) {
    const opening = await openingBalances(sql, averageFrom, valueEntries, options.calcType);
    for (const [itemNo, from] of averageFrom) averageItems.push({ itemNo, from, opening: opening.get(itemNo) ?? new Map() });
  }
  const orders = await ordersOf(sql, entries, valueEntries);
  const isFlagged = new Set(flagged);
  for (const e of entries) e.appliedEntryToAdjust = isFlagged.has(e.entryNo);
  return { items, entries, valueEntries, applications, flaggedInbounds: flagged, averageItems, orders, strategy: wholeItems ? 'items' : 'closure' };
}

/**
 * R94, R96: the orders whose output is in the slice — production and assembly alike. Their
 * consumption and output entries are added to the slice with their value entries (whatever their
 * item), with the orders' capacity costs, the production orders' status and kept overhead, and the
 * produced or assembled item's overhead and, when Standard, its single-level shares now. One query
 * per table.
 */
async function ordersOf(sql: SqlSession, entries: AdjustmentItemEntry[], valueEntries: AdjustmentValueEntry[]): Promise<OrderInput[]> {
  const outputs = entries.filter((e) => (e.entryType === 'Output' || e.entryType === 'AssemblyOutput') && e.orderNo !== null);
  const orderNos = [...new Set(outputs.map((e) => e.orderNo as string))];
  if (!orderNos.length) return [];
  const loaded = new Set(entries.map((e) => e.entryNo));
  const orderEntries = (await sql.queryArrays(`${ILE_SELECT} WHERE e.order_no = ANY($1::text[]) ORDER BY e.entry_no`, [orderNos])).map(adjustmentEntryFromRow);
  const added = orderEntries.filter((e) => !loaded.has(e.entryNo));
  entries.push(...added);
  if (added.length)
    valueEntries.push(
      ...(await sql.queryMapped(
        `${VE_SELECT} WHERE v.item_ledger_entry_no = ANY($1::int[]) ORDER BY v.entry_no`,
        [added.map((e) => e.entryNo)],
        adjustmentValueOf(byEntryNo(added)),
      )),
    );
  const entriesOf = groupBy(orderEntries, (e) => e.orderNo as string);
  const capacityOf = groupBy(
    await sql.query<{ order_no: string; direct_cost: string; overhead_cost: string; subcontracting: boolean }>(
      'SELECT order_no, direct_cost::text, overhead_cost::text, subcontracting FROM capacity_ledger_entry WHERE order_no = ANY($1::text[]) ORDER BY entry_no',
      [orderNos],
    ),
    (c) => c.order_no,
  );
  const production = new Map(
    (
      await sql.query<{ no: string; status: string; indirect: string; rate: string }>(
        'SELECT no, status, indirect_cost_percent::text AS indirect, overhead_rate::text AS rate FROM production_order WHERE no = ANY($1::text[])',
        [orderNos],
      )
    ).map((o) => [o.no, o]),
  );
  const items = new Map(
    (
      await sql.queryArrays(
        `SELECT no, costing_method, standard_cost::text, indirect_cost_percent::text, overhead_rate::text, ${SINGLE_LEVEL_SHARE_COLUMNS.map((c) => `${c}::text`).join(', ')}
           FROM item WHERE no = ANY($1::text[])`,
        [[...new Set(outputs.map((e) => e.itemNo))]],
      )
    ).map((r) => [r[0] as string, r]),
  );
  const orders: OrderInput[] = [];
  for (const orderNo of orderNos) {
    const mine = entriesOf.get(orderNo) ?? [];
    const capacity = (capacityOf.get(orderNo) ?? []).map((c) => ({
      direct: new Dec(c.direct_cost),
      overhead: new Dec(c.overhead_cost),
      subcontracting: c.subcontracting,
    }));
    const output = mine.find((e) => e.entryType === 'Output' || e.entryType === 'AssemblyOutput') as AdjustmentItemEntry;
    const item = items.get(output.itemNo) as unknown[];
    const shares = item[1] === 'Standard' ? sharesFromText(item.slice(5, 10)) : null;
    const order = production.get(orderNo);
    if (output.entryType === 'Output' && order)
      orders.push({
        kind: 'Production',
        orderNo,
        finished: order.status === 'Finished',
        outputEntryNos: mine.filter((e) => e.entryType === 'Output').map((e) => e.entryNo),
        consumptionEntryNos: mine.filter((e) => e.entryType === 'Consumption').map((e) => e.entryNo),
        capacity,
        // The production order keeps the overhead it was released with.
        indirectCostPercent: new Dec(order.indirect),
        overheadRate: new Dec(order.rate),
        standardSharesPerUnit: shares,
      });
    else if (output.entryType === 'AssemblyOutput')
      orders.push({
        kind: 'Assembly',
        orderNo,
        outputEntryNo: output.entryNo,
        consumptionEntryNos: mine.filter((e) => e.entryType === 'AssemblyConsumption').map((e) => e.entryNo),
        resources: capacity,
        indirectCostPercent: new Dec(item[3] as string),
        overheadRate: new Dec(item[4] as string),
        standard: shares ? { standardCost: new Dec(item[2] as string), sharesPerUnit: shares } : null,
      });
  }
  return orders;
}

/**
 * The application entries cost can travel along from the given entries: their own, those of the
 * decreases applied to them or whose cost they take (all their sources), and, through the
 * increases that take a decrease's cost (the receiving leg of a transfer, a return with
 * Appl.-from), on to the next level, until a level adds nothing new (which also ends circular
 * chains). The `needed` set grows with every increase reached. Two indexed queries per level.
 */
async function applicationsReachedFrom(sql: SqlSession, needed: Set<number>, valuedByAverage: ReadonlySet<number>): Promise<ItemApplicationEntry[]> {
  const byNo = new Map<number, ItemApplicationEntry>();
  const seenOutbounds = new Set<number>();
  let frontier = [...needed];
  while (frontier.length) {
    const own = (
      await sql.queryArrays(`${APP_SELECT} WHERE a.inbound_item_entry_no = ANY($1::int[]) OR a.outbound_item_entry_no = ANY($1::int[])`, [frontier])
    ).map(appFromRow);
    own.forEach((a) => byNo.set(a.entryNo, a));
    const outbounds = new Set<number>();
    // The decreases applied to these increases, and the decrease a linked increase takes its cost
    // from (a transfer's sending leg, a return's sale): the adjustment brings that decrease to its
    // cost too (runApplicationFlow), which needs all of its own applications — unless the average
    // values it (the flow leaves it to the average).
    for (const a of own) {
      const source = a.outboundItemEntryNo;
      if (!source || !needed.has(a.inboundItemEntryNo) || seenOutbounds.has(source)) continue;
      if ((a.costApplication || a.transferredFromEntryNo !== null) && valuedByAverage.has(source)) continue;
      outbounds.add(source);
    }
    outbounds.forEach((o) => seenOutbounds.add(o));
    const theirs = outbounds.size
      ? (await sql.queryArrays(`${APP_SELECT} WHERE a.outbound_item_entry_no = ANY($1::int[])`, [[...outbounds]])).map(appFromRow)
      : [];
    theirs.forEach((a) => byNo.set(a.entryNo, a));
    frontier = [];
    for (const a of theirs) {
      if ((a.costApplication || a.transferredFromEntryNo !== null) && !needed.has(a.inboundItemEntryNo)) {
        needed.add(a.inboundItemEntryNo);
        frontier.push(a.inboundItemEntryNo);
      }
    }
  }
  return [...byNo.values()].sort((a, b) => a.entryNo - b.entryNo);
}

/**
 * `read` planned as index probes per row of its driving list (no hash, merge or parallel join),
 * then the settings as they were, for the rest of the transaction.
 */
async function withProbesPerRow<T>(sql: SqlSession, read: () => Promise<T>): Promise<T> {
  const settings = ['enable_hashjoin', 'enable_mergejoin', 'max_parallel_workers_per_gather'];
  const [was] = await sql.query<Record<string, string>>(
    `SELECT ${settings.map((name) => `current_setting('${name}') AS ${name}`).join(', ')},
            set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true),
            set_config('max_parallel_workers_per_gather', '0', true)`,
  );
  const result = await read();
  await sql.query(
    `SELECT ${settings.map((name, i) => `set_config('${name}', $${i + 1}, true)`).join(', ')}`,
    settings.map((name) => was[name]),
  );
  return result;
}

/** Entries of Average items with anything valued in the periods to recompute (R46, R60). */
async function averageEntriesFrom(sql: SqlSession, averageFrom: Map<string, IsoDate>): Promise<number[]> {
  if (averageFrom.size === 0) return [];
  // LATERAL with an OFFSET 0 fence (else PostgreSQL flattens it into a hash join over the whole
  // table): one index range scan on (item, valuation date) per item.
  const rows = await sql.queryArrays(
    `SELECT DISTINCT x.item_ledger_entry_no FROM unnest($1::text[], $2::date[]) f(item_no, from_date)
       CROSS JOIN LATERAL (SELECT v.item_ledger_entry_no FROM value_entry v WHERE v.item_no = f.item_no AND v.valuation_date >= f.from_date OFFSET 0) x`,
    [[...averageFrom.keys()], [...averageFrom.values()]],
  );
  return rows.map((r) => r[0] as number);
}

/**
 * R52.1: quantity and value of each average group valued before the first period recomputed:
 * what is on hand now (the inventory totals) less everything valued from that period on, which
 * the batch has loaded anyway. No scan of the item's history.
 */
async function openingBalances(
  sql: SqlSession,
  averageFrom: Map<string, IsoDate>,
  loaded: readonly AdjustmentValueEntry[],
  calcType: AverageCostCalcType,
): Promise<Map<string, Map<string, AverageBalance>>> {
  const result = new Map<string, Map<string, AverageBalance>>();
  const add = (itemNo: string, key: string, quantity: Dec, value: Dec) => {
    let groups = result.get(itemNo);
    if (!groups) result.set(itemNo, (groups = new Map()));
    const b = groups.get(key) ?? { quantity: ZERO, value: ZERO };
    groups.set(key, { quantity: b.quantity.plus(quantity), value: b.value.plus(value) });
  };
  const rows = await sql.queryArrays('SELECT item_no, location_code, variant_code, quantity, value FROM inventory_total WHERE item_no = ANY($1::text[])', [
    [...averageFrom.keys()],
  ]);
  for (const r of rows)
    add(r[0] as string, groupKey(calcType, r[0] as string, r[1] as string, r[2] as string), new Dec(r[3] as string), new Dec(r[4] as string));
  for (const v of loaded) {
    const from = averageFrom.get(v.itemNo);
    if (!from || v.valuationDate < from) continue;
    add(
      v.itemNo,
      groupKey(calcType, v.itemNo, v.locationCode, v.variantCode),
      v.itemLedgerEntryQuantity.negated(),
      v.costAmountActual.plus(v.costAmountExpected).negated(),
    );
  }
  return result;
}

function byEntryNo(entries: readonly AdjustmentItemEntry[]): Map<number, AdjustmentItemEntry> {
  return new Map(entries.map((e) => [e.entryNo, e]));
}
