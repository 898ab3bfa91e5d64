/**
 * Writes workload W1 into a database: the year's operations, day by day, through the same pure
 * posting engine the item journal service uses, rows streamed to PostgreSQL with COPY. Memory
 * stays bounded: only open entries and the receipts and sales a planned follow-up (a late
 * invoice, a charge, a return) still refers to are kept as objects. An item ledger entry is
 * written once it can change no more (closed, invoiced, referred to by no planned follow-up), or
 * at the end of the year: written the day it was posted, most of them had to be updated again.
 */
import { Dec, ZERO } from '../common/decimal';
import { ErrorDetail, PostingRefusedError, ValidationError } from '../common/errors';
import type { SqlSession } from '../database/sql-session';
import type { LedgerSnapshot } from '../costing/posting/ledger-state';
import type { PostingOperation } from '../costing/posting/operations';
import { policyFor } from '../costing/methods';
import { inTakingOrder } from '../costing/methods/order';
import { postOperations } from '../costing/posting/posting-engine';
import { openEntriesNeeded } from '../costing/posting/open-entries-needed';
import { AvgCostEntryPoint, CostingItem, entryPointKey, ItemLedgerEntry, PostingWindow, SOURCE_CODES, ValueEntry } from '../costing/types';
import { insertApplicationEntries, insertItemLedgerEntries, copyValueEntries, markEntryPoints, saveCounters, updateItems } from '../ledgers/ledger-writer';
import { DEFAULT_ACCOUNTS } from '../scenario/default-chart';
import { dayDate, Planned, W1_LOCATIONS, W1Item, w1Items, W1Planner } from './w1-workload';

export interface W1Options {
  entries: number;
  seed: number;
  items?: number;
  /** Days to post (365 for the year); the planner's target per day is entries / 365. */
  days?: number;
  log?: (message: string) => void;
  /**
   * Read for each day what the item journal would (`openEntriesNeeded`): every open entry of each
   * item a late invoice, charge or return refers to. Off by default: those operations read only
   * the entry they refer to, so the sides and prefixes the day's lines need are enough, and the
   * ledgers come out the same (a test generates a year both ways and compares them).
   */
  wholeItemsForReferences?: boolean;
}

export interface W1Stats {
  itemLedgerEntries: number;
  valueEntries: number;
  applicationEntries: number;
  skipped: number;
}

/** Entries kept only because a planned follow-up refers to them are looked at again every this many days. */
const RECHECK_DAYS = 5;
const OPEN_WINDOW: PostingWindow = {
  glAllowFrom: null,
  glAllowTo: null,
  userAllowFrom: null,
  userAllowTo: null,
  lastClosedPeriodEnd: null,
  earliestAllowedValuationDate: null,
};

export async function writeW1Setup(sql: SqlSession, items: W1Item[]): Promise<void> {
  await sql.query(
    `UPDATE inventory_setup SET average_cost_period = 'Month', average_cost_calc_type = 'Item', automatic_cost_adjustment = 'Never', automatic_cost_posting = false`,
  );
  await sql.query(`UPDATE general_ledger_setup SET company_name = 'W1 Distribution AS'`);
  await sql.query('INSERT INTO location (code, name) SELECT unnest($1::text[]), unnest($1::text[])', [W1_LOCATIONS]);
  await sql.query("INSERT INTO item_charge (no, description, gen_prod_posting_group) VALUES ('FREIGHT', 'Freight', 'RETAIL')");
  await sql.query(
    `INSERT INTO item (no, description, costing_method, unit_cost, standard_cost, inventory_posting_group, gen_prod_posting_group, cost_is_adjusted)
     SELECT no, 'Article ' || no, m, c, CASE WHEN m = 'Standard' THEN c ELSE 0 END, 'RESALE', 'RETAIL', true
       FROM unnest($1::text[], $2::text[], $3::numeric[]) AS x(no, m, c)`,
    [items.map((i) => i.no), items.map((i) => i.method), items.map((i) => i.baseCost.toFixed(2))],
  );
  await sql.query('INSERT INTO gl_account (no, name) SELECT unnest($1::text[]), unnest($2::text[])', [
    Object.values(DEFAULT_ACCOUNTS).map((a) => a.no),
    Object.values(DEFAULT_ACCOUNTS).map((a) => a.name),
  ]);
  const a = Object.fromEntries(Object.entries(DEFAULT_ACCOUNTS).map(([role, acc]) => [role, acc.no]));
  await sql.query(
    `INSERT INTO general_posting_setup (gen_bus_posting_group, gen_prod_posting_group, cogs_account, cogs_interim_account, inventory_adjmt_account, direct_cost_applied_account, overhead_applied_account, purchase_variance_account, invt_accrual_interim_account)
     VALUES ('', 'RETAIL', $1, $2, $3, $4, $5, $6, $7)`,
    [
      a.cogsAccount,
      a.cogsInterimAccount,
      a.inventoryAdjmtAccount,
      a.directCostAppliedAccount,
      a.overheadAppliedAccount,
      a.purchaseVarianceAccount,
      a.invtAccrualInterimAccount,
    ],
  );
  await sql.query(
    `INSERT INTO inventory_posting_setup (location_code, inventory_posting_group, inventory_account, inventory_interim_account, wip_account, material_variance_account, capacity_variance_account, subcontracted_variance_account, cap_overhead_variance_account, mfg_overhead_variance_account)
     SELECT l, 'RESALE', $2, $3, $4, $5, $6, $7, $8, $9 FROM unnest($1::text[]) l`,
    [
      ['', ...W1_LOCATIONS],
      a.inventoryAccount,
      a.inventoryInterimAccount,
      a.wipAccount,
      a.materialVarianceAccount,
      a.capacityVarianceAccount,
      a.subcontractedVarianceAccount,
      a.capOverheadVarianceAccount,
      a.mfgOverheadVarianceAccount,
    ],
  );
  const ends = Array.from({ length: 12 }, (_, m) => new Date(Date.UTC(2025, m + 1, 0)).toISOString().slice(0, 10));
  await sql.query("INSERT INTO inventory_period (ending_date, name, closed) SELECT d, to_char(d, 'YYYY-MM'), false FROM unnest($1::date[]) d", [ends]);
  await sql.query(
    "INSERT INTO accounting_period (starting_date, name, new_fiscal_year) SELECT d, to_char(d, 'YYYY-MM'), extract(month from d) = 1 FROM generate_series('2025-01-01'::date, '2026-12-01', '1 month') d",
  );
}

export async function generateW1(sql: SqlSession, options: W1Options): Promise<W1Stats> {
  const log = options.log ?? (() => undefined);
  const itemDefs = w1Items(options.items ?? 5000, options.seed);
  await writeW1Setup(sql, itemDefs);
  const items = new Map<string, CostingItem>(
    itemDefs.map((d) => [
      d.no,
      {
        no: d.no,
        costingMethod: d.method,
        unitCost: new Dec(d.baseCost.toFixed(2)),
        standardCost: d.method === 'Standard' ? new Dec(d.baseCost.toFixed(2)) : ZERO,
        lastDirectCost: ZERO,
        indirectCostPercent: ZERO,
        overheadRate: ZERO,
        inventoryPostingGroup: 'RESALE',
        genProdPostingGroup: 'RETAIL',
        costIsAdjusted: true,
      },
    ]),
  );
  const planner = new W1Planner(itemDefs, options.seed);
  const days = options.days ?? 365;
  const perDay = Math.ceil(options.entries / 365);
  const ledger = new HotLedger(options.wholeItemsForReferences ?? false);
  const counters = { itemLedgerEntry: 0, valueEntry: 0, itemApplicationEntry: 0 };
  const entryPoints = new Map<string, AvgCostEntryPoint>();
  const stats: W1Stats = { itemLedgerEntries: 0, valueEntries: 0, applicationEntries: 0, skipped: 0 };
  const valuationMoves = new Map<number, string>();
  const ctx = {
    precisions: { amount: new Dec('0.01'), unitAmount: new Dec('0.00001') },
    window: OPEN_WINDOW,
    calendar: { period: 'Month' as const, accountingPeriodStarts: [] },
    userId: 'W1',
  };

  for (let day = 0; day < days; day++) {
    const date = dayDate(day);
    let planned = planner.plan(day, perDay);
    for (let attempt = 0; ; attempt++) {
      const lines = planned
        .map((p) => ({ p, op: toOperation(p, date, itemDefs, ledger) }))
        .filter((x): x is { p: Planned; op: PostingOperation & { key?: number } } => x.op !== null);
      lines.forEach((x, i) => (x.op.lineNo = i + 1));
      const ops = lines.map((x) => x.op);
      try {
        const { state, results } = postOperations(ledger.snapshot(ops, items, counters), ops, ctx);
        Object.assign(counters, state.counters);
        await copyValueEntries(sql, state.newValueEntries);
        await insertApplicationEntries(sql, state.newApplications);
        ledger.absorb(state, day);
        for (const r of results) {
          const key = lines[r.lineNo - 1].op.key;
          if (key !== undefined && r.itemLedgerEntryNos.length && planner.isReferenced(key)) ledger.remember(key, r.itemLedgerEntryNos[0]);
        }
        for (const [no, d] of state.valuationDateChanges) valuationMoves.set(no, d);
        for (const p of state.entryPoints.values()) entryPoints.set(entryPointKey(p), p);
        for (const no of state.changedItems) items.set(no, state.item(no));
        stats.itemLedgerEntries += state.newEntries.length;
        stats.valueEntries += state.newValueEntries.length;
        stats.applicationEntries += state.newApplications.length;
        // A follow-up whose posting was dropped (its line failed) has nothing to refer to.
        stats.skipped += planned.length - lines.length;
        break;
      } catch (e) {
        // A follow-up that no longer fits (a return of more than is left to reverse, say) is
        // dropped, and the rest of the day is posted again.
        const line = (e instanceof ValidationError || e instanceof PostingRefusedError) && (e.details[0] as ErrorDetail | undefined)?.line;
        if (!line || attempt > 50) throw e;
        const failing = lines[line - 1].p;
        planned = planned.filter((p) => p !== failing);
        stats.skipped++;
      }
    }
    await writeEntries(
      sql,
      ledger.evict(day, (key) => planner.isReferenced(key)),
    );
    if (day % 30 === 29) log(`  ${date}: ${stats.itemLedgerEntries} item ledger entries, RSS ${Math.round(process.memoryUsage().rss / 1048576)} MB`);
  }

  await writeEntries(sql, ledger.rest());
  await sql.query(W1_INVENTORY_TOTALS);
  if (valuationMoves.size)
    await sql.query('UPDATE value_entry v SET valuation_date = c.d FROM unnest($1::int[], $2::date[]) c(no, d) WHERE v.entry_no = c.no', [
      [...valuationMoves.keys()],
      [...valuationMoves.values()],
    ]);
  await markEntryPoints(sql, [...entryPoints.values()]);
  await updateItems(sql, [...items.values()]);
  await sql.query(
    `INSERT INTO item_register (no, from_entry_no, to_entry_no, from_value_entry_no, to_value_entry_no, source_code, user_id) VALUES (1, 1, $1, 1, $2, $3, 'W1')`,
    [counters.itemLedgerEntry, counters.valueEntry, SOURCE_CODES.itemJournal],
  );
  await saveCounters(sql, {
    item_ledger_entry: counters.itemLedgerEntry,
    value_entry: counters.valueEntry,
    item_application_entry: counters.itemApplicationEntry,
    item_register: 1,
  });
  for (const table of ['item_ledger_entry', 'value_entry', 'item_application_entry', 'avg_cost_adjmt_entry_point']) await sql.query(`ANALYZE ${table}`);
  return stats;
}

/** A planned posting as an engine operation (lineNo is set by the caller); null if its reference is gone. */
function toOperation(p: Planned, date: string, items: W1Item[], ledger: HotLedger): (PostingOperation & { key?: number }) | null {
  const lineNo = 0;
  switch (p.kind) {
    case 'purchase':
      return journalLine(date, 'Purchase', items[p.item].no, new Dec(p.qty), W1_LOCATIONS[p.location], p.key, {
        unitCost: new Dec(p.unitCost),
        invoice: p.invoice,
      });
    case 'sale':
      return journalLine(date, 'Sale', items[p.item].no, new Dec(p.qty), W1_LOCATIONS[p.location], p.key);
    case 'transfer':
      return journalLine(date, 'Transfer', items[p.item].no, new Dec(p.qty), W1_LOCATIONS[p.location], p.key, { newLocationCode: W1_LOCATIONS[p.to] });
    case 'return': {
      const sale = ledger.entryOf(p.sale);
      if (!sale) return null;
      return journalLine(date, 'Sale', sale.itemNo, new Dec(-p.qty), sale.locationCode, p.key, { appliesFromEntry: sale.entryNo });
    }
    case 'invoice': {
      const receipt = ledger.entryOf(p.receipt);
      if (!receipt) return null;
      return {
        kind: 'invoice',
        lineNo,
        postingDate: date,
        documentNo: `W1-INV-${date}`,
        itemLedgerEntryNo: receipt.entryNo,
        quantity: null,
        unitCost: new Dec(p.unitCost),
      };
    }
    case 'charge': {
      const receipt = ledger.entryOf(p.receipt);
      if (!receipt) return null;
      return {
        kind: 'itemCharge',
        lineNo,
        postingDate: date,
        documentNo: `W1-CHG-${date}`,
        itemChargeNo: 'FREIGHT',
        genProdPostingGroup: 'RETAIL',
        assignments: [{ itemLedgerEntryNo: receipt.entryNo, amount: new Dec(p.amount) }],
      };
    }
  }
}

/**
 * An item journal line of the day, every field written out: spreading a shared base into each of a
 * year's million lines was 5 s of the generator's 212 s at a million entries.
 */
function journalLine(
  date: string,
  entryType: 'Purchase' | 'Sale' | 'Transfer',
  itemNo: string,
  quantity: Dec,
  locationCode: string,
  key: number,
  more: { unitCost?: Dec; invoice?: boolean; newLocationCode?: string; appliesFromEntry?: number } = {},
): PostingOperation & { key: number } {
  return {
    kind: 'line',
    lineNo: 0,
    postingDate: date,
    documentNo: `W1-${date}`,
    entryType,
    itemNo,
    quantity,
    unitCost: more.unitCost ?? null,
    amount: null,
    variantCode: '',
    locationCode,
    newLocationCode: more.newLocationCode ?? null,
    invoice: more.invoice ?? true,
    appliesToEntry: null,
    appliesFromEntry: more.appliesFromEntry ?? null,
    serialNo: null,
    lotNo: null,
    genBusPostingGroup: '',
    key,
  };
}

/**
 * Open entry numbers of one item: all of them, and by location and sign (the sides a line reads,
 * see `openEntriesNeeded`). Kept per item and location rather than under a joined key text: a key
 * built for every entry a day posts or changes was 5 s of the generator's 212 s at a million entries.
 */
class OpenEntriesOfItem {
  readonly all = new Set<number>();
  private readonly byLocation = new Map<string, [negative: Set<number>, positive: Set<number>]>();

  side(locationCode: string, positive: boolean): Set<number> | undefined {
    return this.byLocation.get(locationCode)?.[positive ? 1 : 0];
  }

  /** Keeps the sets current as an entry opens or closes. */
  track(e: ItemLedgerEntry): void {
    let sides = this.byLocation.get(e.locationCode);
    if (!sides) this.byLocation.set(e.locationCode, (sides = [new Set(), new Set()]));
    const side = sides[e.positive ? 1 : 0];
    if (e.open) {
      this.all.add(e.entryNo);
      side.add(e.entryNo);
    } else {
      this.all.delete(e.entryNo);
      side.delete(e.entryNo);
    }
  }
}

/**
 * The generator's view of the ledger: full records for open entries and those a planned
 * follow-up refers to (what the next days can read), until they are settled and written. Memory
 * follows a day's postings and the stock, not the year (issue 12: five million entries).
 */
class HotLedger {
  private readonly entries = new Map<number, ItemLedgerEntry>();
  private readonly values = new Map<number, ValueEntry[]>();
  private readonly open = new Map<string, OpenEntriesOfItem>();
  /** Entries by the day they were posted. */
  private readonly postedOn: number[][] = [];
  /**
   * Entries kept for being open or not fully invoiced, and those of them a day's posting changed:
   * only a posting can settle one, so only those are looked at again. Looking at every kept entry
   * every few days (the stock, hundreds of thousands at a million entries) was 5.8 s of 212.
   */
  private readonly unsettled = new Set<number>();
  private changedUnsettled: number[] = [];
  /** Settled entries kept because a planned follow-up refers to them. */
  private referenced: number[] = [];
  /** Entry numbers of the postings a planned follow-up refers to, by planner key, and back. */
  private readonly byKey = new Map<number, number>();
  private readonly keyOf = new Map<number, number>();
  private readonly costApplied = new Map<number, Dec>();
  private readonly invoicedByItem = new Map<string, Dec>();

  constructor(private readonly wholeItemsForReferences: boolean) {}

  entryOf(key: number): ItemLedgerEntry | undefined {
    const no = this.byKey.get(key);
    return no === undefined ? undefined : this.entries.get(no);
  }

  snapshot(ops: PostingOperation[], items: Map<string, CostingItem>, counters: LedgerSnapshot['counters']): LedgerSnapshot {
    const itemNos = new Set<string>();
    const refs = new Set<number>();
    for (const op of ops) {
      if (op.kind === 'line') {
        itemNos.add(op.itemNo);
        if (op.appliesFromEntry) refs.add(op.appliesFromEntry);
      } else if (op.kind === 'itemCharge') op.assignments.forEach((a) => refs.add(a.itemLedgerEntryNo));
      else refs.add(op.itemLedgerEntryNo);
    }
    const refItemNos = [...refs].map((no) => (this.entries.get(no) as ItemLedgerEntry).itemNo);
    refItemNos.forEach((no) => itemNos.add(no));
    // The open entries the item journal reads (the side each line applies to at its location),
    // but not whole items for references: an invoice or an item charge reads only the entry it
    // refers to (and its value entries), a return only the sale it reverses, and the open entries
    // of an item were most of what each day copied (1.87 million entries over a million-entry year).
    const needed = openEntriesNeeded(ops, this.wholeItemsForReferences ? refItemNos : []);
    const entryNos = new Set(refs);
    for (const itemNo of needed.wholeItems) for (const no of this.open.get(itemNo)?.all ?? []) entryNos.add(no);
    for (const p of needed.decreasesAt) for (const no of this.open.get(p.itemNo)?.side(p.locationCode, false) ?? []) entryNos.add(no);
    // Open increases only as far as the day's decreases can take them, in their taking order
    // (R19): the prefix the item journal reads too (loadOpenEntriesAt).
    for (const d of needed.demands) {
      const open = [...(this.open.get(d.itemNo)?.side(d.locationCode, true) ?? [])]
        .map((no) => this.entries.get(no) as ItemLedgerEntry)
        .filter((e) => e.variantCode === d.variantCode);
      const order = policyFor((items.get(d.itemNo) as CostingItem).costingMethod).takingOrder;
      let before = ZERO;
      for (const e of inTakingOrder(order, open)) {
        if (d.quantity !== null && !before.lessThan(d.quantity)) break;
        entryNos.add(e.entryNo);
        before = before.plus(e.remainingQuantity);
      }
    }
    const entries: ItemLedgerEntry[] = [];
    // A loop, not flatMap: the snapshot's value entries are thousands a day, and flatMap was 3.8 s
    // of the generator's 212 s at a million entries.
    const valueEntries: ValueEntry[] = [];
    for (const no of entryNos) {
      entries.push(this.entries.get(no) as ItemLedgerEntry);
      const values = this.values.get(no);
      if (values) for (const v of values) valueEntries.push(v);
    }
    return {
      items: [...itemNos].map((no) => items.get(no) as CostingItem),
      entries,
      valueEntries,
      costAppliedQuantity: new Map([...refs].filter((no) => this.costApplied.has(no)).map((no) => [no, this.costApplied.get(no) as Dec])),
      invoicedQuantityByItem: new Map([...itemNos].map((no) => [no, this.invoicedByItem.get(no) ?? ZERO])),
      counters: { ...counters },
    };
  }

  absorb(state: ReturnType<typeof postOperations>['state'], day: number): void {
    const fresh = new Set(state.newEntries.map((e) => e.entryNo));
    const today = (this.postedOn[day] ??= []);
    for (const e of state.newEntries) {
      this.put(e);
      today.push(e.entryNo);
    }
    for (const no of state.changedEntryNos) {
      this.put(state.entries.get(no) as ItemLedgerEntry);
      if (!fresh.has(no) && this.unsettled.has(no)) this.changedUnsettled.push(no);
    }
    for (const v of state.newValueEntries) this.values.get(v.itemLedgerEntryNo)?.push(v);
    // The engine moved the valuation date of a copy; the kept record follows. Found through the
    // day's own value entries by item ledger entry: a map of every kept value entry by number,
    // only for these few, cost 2.9 s of a million-entry year to fill and empty.
    if (state.valuationDateChanges.size > 0)
      for (const [entryNo, list] of state.valueEntriesByEntry)
        for (const v of list) {
          const date = state.valuationDateChanges.get(v.entryNo);
          if (date === undefined) continue;
          for (const kept of this.values.get(entryNo) ?? []) if (kept.entryNo === v.entryNo) kept.valuationDate = date;
        }
    for (const a of state.newApplications)
      if (a.costApplication) this.costApplied.set(a.outboundItemEntryNo, (this.costApplied.get(a.outboundItemEntryNo) ?? ZERO).plus(a.quantity));
    for (const [itemNo, qty] of state.invoicedQuantityByItem) this.invoicedByItem.set(itemNo, qty);
  }

  remember(key: number, entryNo: number): void {
    this.byKey.set(key, entryNo);
    this.keyOf.set(entryNo, key);
  }

  private put(e: ItemLedgerEntry): void {
    this.entries.set(e.entryNo, e);
    if (!this.values.has(e.entryNo)) this.values.set(e.entryNo, []);
    let open = this.open.get(e.itemNo);
    if (!open) this.open.set(e.itemNo, (open = new OpenEntriesOfItem()));
    open.track(e);
  }

  /**
   * Drops the entries that are closed, invoiced and referred to by no planned follow-up: nothing
   * will change them any more, so they are returned to be written. Looked at: the entries posted
   * on `day`, the kept ones a posting has changed since, and every RECHECK_DAYS days those kept
   * for a reference.
   */
  evict(day: number, isReferenced: (key: number) => boolean): ItemLedgerEntry[] {
    const settled: ItemLedgerEntry[] = [];
    const candidates = this.postedOn[day] ?? [];
    delete this.postedOn[day];
    const changed = this.changedUnsettled;
    this.changedUnsettled = [];
    const referenced = day % RECHECK_DAYS === 0 ? this.referenced : [];
    // Those still referred to are kept in a new list, never in the one being walked.
    if (referenced === this.referenced) this.referenced = [];
    for (const list of [candidates, changed, referenced]) {
      for (const no of list) {
        const e = this.entries.get(no);
        if (!e) continue;
        if (e.open || (e.positive && !e.invoicedQuantity.eq(e.quantity))) {
          this.unsettled.add(no);
          continue;
        }
        this.unsettled.delete(no);
        const key = this.keyOf.get(no);
        if (key !== undefined && isReferenced(key)) {
          this.referenced.push(no);
          continue;
        }
        if (key !== undefined) {
          this.byKey.delete(key);
          this.keyOf.delete(no);
        }
        settled.push(e);
        this.entries.delete(no);
        this.values.delete(no);
        this.costApplied.delete(no);
      }
    }
    return settled;
  }

  /** The entries still kept at the end of the year, to be written as they are. */
  rest(): ItemLedgerEntry[] {
    return [...this.entries.values()];
  }
}

/**
 * Writes item ledger entries that will not change any more, in entry order, with their final
 * remaining and invoiced quantities (R29, R23) and on the Applied Entry to Adjust list if the
 * posting engine ever flagged them (it only sets the flag).
 */
async function writeEntries(sql: SqlSession, entries: ItemLedgerEntry[]): Promise<void> {
  if (entries.length === 0) return;
  entries.sort((a, b) => a.entryNo - b.entryNo);
  await insertItemLedgerEntries(sql, entries);
}

/**
 * The year's inventory totals (see InventoryTotal), summed by PostgreSQL from the ledgers once
 * they are written, into the table the generator has left empty until then: what the ledger
 * writer adds up for a posting — quantity and cost of the value entries that are inventory (not
 * capacity, R102), invoiced quantity of the item ledger entries (R23) — for the whole year at
 * once. Summed in the generator, a million entries' value entries cost its main thread about 7 s;
 * this statement takes 1.1–2.0 s at 500,000 entries.
 */
const W1_INVENTORY_TOTALS = `
  INSERT INTO inventory_total (item_no, location_code, variant_code, quantity, value, invoiced_quantity)
  SELECT item_no, location_code, variant_code, sum(quantity), sum(value), sum(invoiced)
    FROM (SELECT item_no, location_code, variant_code, item_ledger_entry_quantity AS quantity,
                 cost_amount_actual + cost_amount_expected AS value, 0 AS invoiced
            FROM value_entry WHERE capacity_ledger_entry_no IS NULL
          UNION ALL
          SELECT item_no, location_code, variant_code, 0, 0, invoiced_quantity
            FROM item_ledger_entry WHERE invoiced_quantity <> 0) m
   GROUP BY 1, 2, 3`;
