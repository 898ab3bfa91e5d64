/**
 * Loads what one batch of items needs for Adjust Cost, and nothing more (incremental by
 * construction, issue #3 item 10): the inbound entries flagged "Applied Entry to Adjust" and
 * everything cost can flow to from them (one recursive query over application entries), and for
 * Average items the periods from their first unadjusted entry point on, with the balance before
 * it as one aggregate. When most of a batch's entries are needed anyway (a first adjustment of a
 * year's postings), whole items are read instead: fewer, simpler queries.
 */
import { Dec, ZERO } from '../common/decimal';
import type { IsoDate } from '../common/dates';
import type { SqlSession } from '../database/sql-session';
import type { AverageBalance, AverageItemInput } from '../costing/adjustment/average-cost';
import { groupKey } from '../costing/adjustment/average-cost';
import { periodOf } from '../costing/average-cost-period';
import type { AverageCostCalcType, CostingItem, ItemApplicationEntry, ItemLedgerEntry, ValueEntry } from '../costing/types';
import type { PeriodCalendar } from '../costing/average-cost-period';
import { APP_SELECT, ILE_SELECT, loadItems, VE_SELECT } from '../ledgers/ledger-reader';
import { appFromRow, ileFromRow, veFromRow } from '../ledgers/ledger-rows';

export interface BatchSlice {
  items: CostingItem[];
  entries: ItemLedgerEntry[];
  valueEntries: ValueEntry[];
  applications: ItemApplicationEntry[];
  flaggedInbounds: number[];
  averageItems: AverageItemInput[];
  strategy: 'items' | 'closure';
}

export interface SliceOptions {
  calendar: PeriodCalendar;
  calcType: AverageCostCalcType;
  /** Automatic adjustment: only work dated from here on (R43, A-5). */
  fromDate: IsoDate | null;
}

/** Share of a batch's entries above which whole items are read. */
const WHOLE_ITEMS_SHARE = 0.3;

export async function loadBatchSlice(sql: SqlSession, itemNos: string[], options: SliceOptions): Promise<BatchSlice> {
  const items = await loadItems(sql, itemNos);
  const averageNos = items.filter((i) => i.costingMethod === 'Average').map((i) => i.no);

  const flagged = (
    await sql.queryArrays(
      `SELECT entry_no FROM item_ledger_entry WHERE applied_entry_to_adjust AND item_no = ANY($1::text[]) AND ($2::date IS NULL OR posting_date >= $2) ORDER BY entry_no`,
      [itemNos, options.fromDate],
    )
  ).map((r) => r[0] as number);

  const averageFrom = new Map<string, IsoDate>();
  if (averageNos.length) {
    const rows = await sql.queryArrays(
      `SELECT item_no, min(valuation_date) FROM avg_cost_adjmt_entry_point
        WHERE NOT cost_is_adjusted AND item_no = ANY($1::text[]) AND ($2::date IS NULL OR valuation_date >= $2) GROUP BY item_no`,
      [averageNos, options.fromDate],
    );
    for (const r of rows) averageFrom.set(r[0] as string, periodOf(options.calendar, r[1] as IsoDate).start);
  }

  const closure = await closureOf(sql, flagged);
  const averageEntries = await averageEntriesFrom(sql, averageFrom);
  const [{ total }] = await sql.query<{ total: string }>('SELECT count(*) AS total FROM item_ledger_entry WHERE item_no = ANY($1::text[])', [itemNos]);
  const wholeItems = closure.length + averageEntries.length > WHOLE_ITEMS_SHARE * Number(total);

  let entries: ItemLedgerEntry[];
  let valueEntries: ValueEntry[];
  let applications: ItemApplicationEntry[];
  if (wholeItems) {
    entries = (await sql.queryArrays(`${ILE_SELECT} WHERE e.item_no = ANY($1::text[]) ORDER BY e.entry_no`, [itemNos])).map(ileFromRow);
    valueEntries = (await sql.queryArrays(`${VE_SELECT} WHERE v.item_no = ANY($1::text[]) ORDER BY v.entry_no`, [itemNos])).map(veFromRow);
    applications = (
      await sql.queryArrays(
        `${APP_SELECT} JOIN item_ledger_entry e ON e.entry_no = a.item_ledger_entry_no WHERE e.item_no = ANY($1::text[]) ORDER BY a.entry_no`,
        [itemNos],
      )
    ).map(appFromRow);
  } else {
    const needed = new Set<number>([...closure, ...averageEntries]);
    // Everything the needed entries are applied to or from: the sources of the decreases, the
    // decreases of the increases, and the other side of every transfer and cost application.
    applications = (
      await sql.queryArrays(`${APP_SELECT} WHERE a.inbound_item_entry_no = ANY($1::int[]) OR a.outbound_item_entry_no = ANY($1::int[]) ORDER BY a.entry_no`, [[...needed]])
    ).map(appFromRow);
    const outbounds = new Set<number>();
    for (const a of applications) {
      if (needed.has(a.inboundItemEntryNo) && a.outboundItemEntryNo !== 0 && !a.costApplication && a.transferredFromEntryNo === null) outbounds.add(a.outboundItemEntryNo);
    }
    const more = [...outbounds].filter((no) => !needed.has(no));
    if (more.length) {
      const extra = (await sql.queryArrays(`${APP_SELECT} WHERE a.outbound_item_entry_no = ANY($1::int[]) ORDER BY a.entry_no`, [more])).map(appFromRow);
      const seen = new Set(applications.map((a) => a.entryNo));
      for (const a of extra) if (!seen.has(a.entryNo)) applications.push(a);
    }
    const all = new Set<number>(needed);
    for (const a of applications) {
      all.add(a.inboundItemEntryNo);
      if (a.outboundItemEntryNo) all.add(a.outboundItemEntryNo);
    }
    const list = [...all];
    entries = (await sql.queryArrays(`${ILE_SELECT} WHERE e.entry_no = ANY($1::int[]) ORDER BY e.entry_no`, [list])).map(ileFromRow);
    valueEntries = (await sql.queryArrays(`${VE_SELECT} WHERE v.item_ledger_entry_no = ANY($1::int[]) ORDER BY v.entry_no`, [list])).map(veFromRow);
  }

  const averageItems: AverageItemInput[] = [];
  if (averageFrom.size) {
    const opening = await openingBalances(sql, averageFrom, options.calcType);
    for (const [itemNo, from] of averageFrom) averageItems.push({ itemNo, from, opening: opening.get(itemNo) ?? new Map() });
  }
  return { items, entries, valueEntries, applications, flaggedInbounds: flagged, averageItems, strategy: wholeItems ? 'items' : 'closure' };
}

/**
 * The flagged inbound entries and every inbound entry their cost reaches: through the decreases
 * applied to them, to the increases that take a decrease's cost (the receiving leg of a transfer,
 * a return with Appl.-from), and on. UNION stops on circular applications.
 */
async function closureOf(sql: SqlSession, flagged: number[]): Promise<number[]> {
  if (flagged.length === 0) return [];
  const rows = await sql.queryArrays(
    `WITH RECURSIVE closure(no) AS (
       SELECT unnest($1::int[])
       UNION
       SELECT r.inbound_item_entry_no
         FROM closure c
         JOIN item_application_entry a ON a.inbound_item_entry_no = c.no AND a.outbound_item_entry_no <> 0
                                      AND NOT a.cost_application AND a.transferred_from_entry_no IS NULL
         JOIN item_application_entry r ON r.outbound_item_entry_no = a.outbound_item_entry_no
                                      AND (r.cost_application OR r.transferred_from_entry_no IS NOT NULL)
     )
     SELECT no FROM closure`,
    [flagged],
  );
  return rows.map((r) => r[0] as number);
}

/** Entries of Average items with anything valued in the periods to recompute (R46, R60). */
async function averageEntriesFrom(sql: SqlSession, averageFrom: Map<string, IsoDate>): Promise<number[]> {
  if (averageFrom.size === 0) return [];
  const rows = await sql.queryArrays(
    `SELECT DISTINCT v.item_ledger_entry_no FROM value_entry v JOIN unnest($1::text[], $2::date[]) f(item_no, from_date)
        ON v.item_no = f.item_no AND v.valuation_date >= f.from_date`,
    [[...averageFrom.keys()], [...averageFrom.values()]],
  );
  return rows.map((r) => r[0] as number);
}

/** R52.1: quantity and value of each average group valued before the first period recomputed. */
async function openingBalances(sql: SqlSession, averageFrom: Map<string, IsoDate>, calcType: AverageCostCalcType): Promise<Map<string, Map<string, AverageBalance>>> {
  const rows = await sql.queryArrays(
    `SELECT v.item_no, v.location_code, v.variant_code, sum(v.item_ledger_entry_quantity), sum(v.cost_amount_actual + v.cost_amount_expected)
       FROM value_entry v JOIN unnest($1::text[], $2::date[]) f(item_no, from_date)
         ON v.item_no = f.item_no AND v.valuation_date < f.from_date
      GROUP BY v.item_no, v.location_code, v.variant_code`,
    [[...averageFrom.keys()], [...averageFrom.values()]],
  );
  const result = new Map<string, Map<string, AverageBalance>>();
  for (const r of rows) {
    const itemNo = r[0] as string;
    const key = groupKey(calcType, itemNo, r[1] as string, r[2] as string);
    let groups = result.get(itemNo);
    if (!groups) {
      groups = new Map();
      result.set(itemNo, groups);
    }
    const b = groups.get(key) ?? { quantity: ZERO, value: ZERO };
    groups.set(key, { quantity: b.quantity.plus(new Dec(r[3] as string)), value: b.value.plus(new Dec(r[4] as string)) });
  }
  return result;
}
