import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Dec, exactDifference, exactSum, ZERO } from '../common/decimal';
import type { IsoDate } from '../common/dates';
import { ValidationError } from '../common/errors';
import { SqlSession, SqlValue, withSession } from '../database/sql-session';
import { ACCOUNT_TYPES, AccountType, accountPairRows } from '../costing/gl-posting-matrix';
import { PostingAccounts } from '../posting/posting-accounts';
import { loadCostingSetup } from '../setup/costing-setup';

export const CAUSES = ['notPostedToGL', 'expectedCostNotPosted', 'skippedPostingDate', 'directGLPosting', 'postingSetupChanged', 'unexplained'] as const;
export type Cause = (typeof CAUSES)[number];

export interface ReconciliationOptions {
  startDate: IsoDate | null;
  endDate: IsoDate | null;
  itemNos?: readonly string[] | null;
  locationCode?: string | null;
}

export interface ReconciliationLine {
  accountType: AccountType;
  /** Account numbers that count as this type in the current posting setup. */
  accounts: string[];
  inventory: Dec;
  inventoryInterim: Dec;
  wip: Dec;
  total: Dec;
  glTotal: Dec;
  difference: Dec;
}

export interface ReconciliationCause {
  accountType: AccountType;
  cause: Cause;
  amount: Dec;
  entryCount: number;
}

export interface Reconciliation {
  options: ReconciliationOptions;
  lines: ReconciliationLine[];
  causes: ReconciliationCause[];
  notes: string[];
}

/**
 * Inventory – G/L Reconciliation (R123), with the cause of every difference.
 *
 * Each value entry is shown as if posted (R123): its actual part in the Inventory column, its
 * expected part in Inventory (Interim), each on the two account types of its pair (R101), the
 * balancing side negated. G/L Total is the balance of the accounts the current posting setup
 * gives each type. Difference = G/L Total − Total, and it is split into causes that add up
 * to it exactly, by construction:
 *   notPostedToGL / expectedCostNotPosted / skippedPostingDate — what value entries have not yet
 *     posted (−unposted amount), by why: not run yet, expected cost posting off, or a posting date
 *     outside the allowed range;
 *   directGLPosting — G/L entries on the type's accounts that no value entry made;
 *   postingSetupChanged — what value entries posted to accounts other than those the setup names
 *     now (G/L from inventory posting on the type's accounts − what should be there);
 *   unexplained — whatever is left (zero unless the ledgers are damaged).
 * With an item or location filter, G/L Total counts only G/L entries made from the filtered value
 * entries, and direct postings (which belong to no item) are left out.
 */
@Injectable()
export class InventoryGLReconciliationService {
  constructor(private readonly orm: MikroORM) {}

  async reconcile(options: ReconciliationOptions, userId: string): Promise<Reconciliation> {
    if (options.startDate && options.endDate && options.startDate > options.endDate) throw ValidationError.at(undefined, 'startDate', 'must not be after endDate');
    return withSession(this.orm, (sql) => reconcileInventoryWithGL(sql, options, userId));
  }

  async drillDown(options: ReconciliationOptions, type: AccountType, figure: DrillFigure, after: number, limit: number, userId: string): Promise<DrillPage> {
    return withSession(this.orm, (sql) => drillDown(sql, options, type, figure, after, limit, userId));
  }
}

/**
 * Every value entry in the filter as "sides": its actual and its expected part, each on the
 * account type of its account (sign +1) and of its balancing account (sign −1), with the reason
 * any unposted amount is unposted. Parameters: see sidesParams.
 */
const SIDES_SQL = `
  WITH m AS (SELECT * FROM unnest($5::text[], $6::text[], $7::bool[], $8::text[], $9::text[]) AS m(ile_type, ve_type, expected, account_type, balancing_type)),
  ve AS (SELECT * FROM value_entry_with_gl
          WHERE ($1::date IS NULL OR posting_date >= $1) AND ($2::date IS NULL OR posting_date <= $2)
            AND ($3::text[] IS NULL OR item_no = ANY($3::text[])) AND ($4::text IS NULL OR location_code = $4)),
  parts AS (
    SELECT entry_no, item_ledger_entry_type, entry_type, posting_date, false AS expected, cost_amount_actual AS amount, cost_posted_to_gl AS posted FROM ve
    UNION ALL
    SELECT entry_no, item_ledger_entry_type, entry_type, posting_date, true, cost_amount_expected, expected_cost_posted_to_gl FROM ve
     WHERE cost_amount_expected <> 0 OR expected_cost_posted_to_gl <> 0),
  raw_sides AS (
    SELECT p.*, m.account_type AS type, 1 AS sign FROM parts p JOIN m ON m.ile_type = p.item_ledger_entry_type AND m.ve_type = p.entry_type AND m.expected = p.expected
    UNION ALL
    SELECT p.*, m.balancing_type, -1 FROM parts p JOIN m ON m.ile_type = p.item_ledger_entry_type AND m.ve_type = p.entry_type AND m.expected = p.expected),
  sides AS (
    SELECT s.*, CASE WHEN amount = posted THEN NULL
                     WHEN expected AND NOT $10 THEN 'expectedCostNotPosted'
                     WHEN ($11::date IS NOT NULL AND posting_date < $11) OR ($12::date IS NOT NULL AND posting_date > $12) THEN 'skippedPostingDate'
                     ELSE 'notPostedToGL' END AS cause
      FROM raw_sides s)`;

function filterParams(options: ReconciliationOptions): [IsoDate | null, IsoDate | null, string[] | null, string | null] {
  return [options.startDate, options.endDate, options.itemNos?.length ? [...options.itemNos] : null, options.locationCode ?? null];
}

function sidesParams(options: ReconciliationOptions, expectedOn: boolean, allowFrom: IsoDate | null, allowTo: IsoDate | null): SqlValue[] {
  const matrix = accountPairRows();
  return [
    ...filterParams(options),
    matrix.map((m) => m.ileType),
    matrix.map((m) => m.veType),
    matrix.map((m) => m.expected),
    matrix.map((m) => m.account),
    matrix.map((m) => m.balancing),
    expectedOn,
    allowFrom,
    allowTo,
  ];
}

export type DrillFigure = 'total' | 'glTotal' | Exclude<Cause, 'unexplained'>;

export interface DrillPage {
  kind: 'valueEntries' | 'glEntries';
  items: Record<string, unknown>[];
  nextAfter: number | null;
}

/**
 * The entries behind one figure of the reconciliation (R123 drill-down), a page at a time:
 * value entries for Total and the unposted causes, G/L entries for G/L Total, direct postings and
 * postings to accounts the setup no longer names.
 */
export async function drillDown(sql: SqlSession, options: ReconciliationOptions, type: AccountType, figure: DrillFigure, after: number, limit: number, userId: string): Promise<DrillPage> {
  const setup = await loadCostingSetup(sql, userId);
  const accounts = await PostingAccounts.load(sql);
  const typeAccounts = [...accounts.accountsOf(type)];
  const page = (items: Record<string, unknown>[], key: string) => ({ items: items.slice(0, limit), nextAfter: items.length > limit ? (items[limit - 1][key] as number) : null });
  if (figure === 'total' || figure === 'notPostedToGL' || figure === 'expectedCostNotPosted' || figure === 'skippedPostingDate') {
    const params = [...sidesParams(options, setup.expectedCostPostingToGL, setup.window.glAllowFrom, setup.window.glAllowTo), type, figure === 'total' ? null : figure, after, limit + 1];
    const rows = await sql.query<Record<string, unknown>>(
      `${SIDES_SQL}
       SELECT v.entry_no AS "entryNo", v.item_ledger_entry_no AS "itemLedgerEntryNo", v.item_no AS "itemNo", v.posting_date AS "postingDate",
              v.entry_type AS "entryType", v.item_ledger_entry_type AS "itemLedgerEntryType",
              v.cost_amount_actual::text AS "costAmountActual", v.cost_posted_to_gl::text AS "costPostedToGL",
              v.cost_amount_expected::text AS "costAmountExpected", v.expected_cost_posted_to_gl::text AS "expectedCostPostedToGL"
         FROM value_entry_with_gl v
        WHERE v.entry_no IN (SELECT entry_no FROM sides WHERE type = $13 AND ($14::text IS NULL OR cause = $14)) AND v.entry_no > $15
        ORDER BY v.entry_no LIMIT $16`,
      params,
    );
    return { kind: 'valueEntries', ...page(rows, 'entryNo') };
  }
  // Posting setup changed: G/L entries made from value entries on accounts the setup no longer
  // names for any type (where the amounts the type misses went).
  const rows = await sql.query<Record<string, unknown>>(
    `SELECT g.entry_no AS "entryNo", g.posting_date AS "postingDate", g.account_no AS "accountNo", g.amount::text AS amount, g.document_no AS "documentNo", g.register_no AS "registerNo"
       FROM gl_entry g
      WHERE ($1::date IS NULL OR g.posting_date >= $1) AND ($2::date IS NULL OR g.posting_date <= $2) AND g.entry_no > $4
        AND CASE $7::text
              WHEN 'directGLPosting' THEN g.account_no = ANY($3::text[]) AND NOT EXISTS (SELECT 1 FROM gl_item_ledger_relation r WHERE r.gl_entry_no = g.entry_no)
              WHEN 'postingSetupChanged' THEN g.account_no <> ALL($6::text[]) AND EXISTS (SELECT 1 FROM gl_item_ledger_relation r WHERE r.gl_entry_no = g.entry_no)
              ELSE g.account_no = ANY($3::text[]) END
      ORDER BY g.entry_no LIMIT $5`,
    [options.startDate, options.endDate, typeAccounts, after, limit + 1, allSetupAccounts(accounts), figure],
  );
  return { kind: 'glEntries', ...page(rows, 'entryNo') };
}

function allSetupAccounts(accounts: PostingAccounts): string[] {
  const all = new Set<string>();
  for (const t of ACCOUNT_TYPES) for (const a of accounts.accountsOf(t)) all.add(a);
  return [...all];
}

/**
 * Every figure is exact (issue 15, item 4): Dec arithmetic rounds to 40 significant digits, which
 * let an entry of 10^45 swallow a 2.00 difference and invent an "unexplained" to balance it.
 */
const plus = (a: Dec, b: Dec | string): Dec => exactSum([a, b]);
const minus = (a: Dec, b: Dec | string): Dec => exactDifference(a, b);

export async function reconcileInventoryWithGL(sql: SqlSession, options: ReconciliationOptions, userId: string): Promise<Reconciliation> {
  const setup = await loadCostingSetup(sql, userId);
  const accounts = await PostingAccounts.load(sql);
  const typeOfAccount = new Map<string, AccountType>();
  const accountsOf = new Map<AccountType, string[]>();
  const notes: string[] = [];
  for (const type of ACCOUNT_TYPES) {
    const list: string[] = [];
    for (const account of accounts.accountsOf(type)) {
      const other = typeOfAccount.get(account);
      if (other) notes.push(`Account ${account} is set up as ${other} and as ${type}; it is counted as ${other}.`);
      else {
        typeOfAccount.set(account, type);
        list.push(account);
      }
    }
    accountsOf.set(type, list.sort());
  }
  const filtered = !!(options.itemNos?.length || options.locationCode);
  const filter = filterParams(options);

  // Value entries as if posted, per account type and column, and what of them is not posted, by cause.
  const sides = await sql.query<{ type: AccountType; expected: boolean; cause: Cause | null; amount: string; posted: string; unposted: string; entries: string }>(
    `${SIDES_SQL}
     SELECT type, expected, cause,
            sum(sign * amount)::text AS amount, sum(sign * posted)::text AS posted, sum(sign * (amount - posted))::text AS unposted,
            count(DISTINCT entry_no)::text AS entries
       FROM sides GROUP BY 1, 2, 3`,
    sidesParams(options, setup.expectedCostPostingToGL, setup.window.glAllowFrom, setup.window.glAllowTo),
  );

  // G/L: all entries per account, those made from (the filtered) value entries, those made by none.
  const glAll = await sql.query<{ account_no: string; amount: string }>(
    'SELECT account_no, sum(amount)::text AS amount FROM gl_entry WHERE ($1::date IS NULL OR posting_date >= $1) AND ($2::date IS NULL OR posting_date <= $2) GROUP BY 1',
    [options.startDate, options.endDate],
  );
  const glFromInventory = await sql.query<{ account_no: string; amount: string; entries: string }>(
    `SELECT g.account_no, sum(r.amount)::text AS amount, count(DISTINCT r.value_entry_no)::text AS entries
       FROM gl_item_ledger_relation r JOIN gl_entry g ON g.entry_no = r.gl_entry_no JOIN value_entry v ON v.entry_no = r.value_entry_no
      WHERE ($1::date IS NULL OR g.posting_date >= $1) AND ($2::date IS NULL OR g.posting_date <= $2)
        AND ($3::text[] IS NULL OR v.item_no = ANY($3::text[])) AND ($4::text IS NULL OR v.location_code = $4)
      GROUP BY 1`,
    [...filter],
  );
  const glDirect = filtered
    ? []
    : await sql.query<{ account_no: string; amount: string; entries: string }>(
        `SELECT g.account_no, sum(g.amount)::text AS amount, count(*)::text AS entries FROM gl_entry g
          WHERE ($1::date IS NULL OR g.posting_date >= $1) AND ($2::date IS NULL OR g.posting_date <= $2)
            AND NOT EXISTS (SELECT 1 FROM gl_item_ledger_relation r WHERE r.gl_entry_no = g.entry_no)
          GROUP BY 1`,
        [options.startDate, options.endDate],
      );

  const byType = <T>(make: () => T) => new Map<AccountType, T>(ACCOUNT_TYPES.map((t) => [t, make()]));
  const columns = byType(() => ({ inventory: ZERO, inventoryInterim: ZERO, posted: ZERO }));
  const unposted = byType(() => new Map<Cause, { amount: Dec; entries: number }>());
  for (const s of sides) {
    const c = columns.get(s.type)!;
    if (s.expected) c.inventoryInterim = plus(c.inventoryInterim, s.amount);
    else c.inventory = plus(c.inventory, s.amount);
    c.posted = plus(c.posted, s.posted);
    if (s.cause) {
      const u = unposted.get(s.type)!;
      const prev = u.get(s.cause) ?? { amount: ZERO, entries: 0 };
      u.set(s.cause, { amount: minus(prev.amount, s.unposted), entries: prev.entries + Number(s.entries) });
    }
  }
  const sumByType = (rows: { account_no: string; amount: string; entries?: string }[]) => {
    const result = byType(() => ({ amount: ZERO, entries: 0 }));
    for (const r of rows) {
      const type = typeOfAccount.get(r.account_no);
      if (!type) continue;
      const x = result.get(type)!;
      x.amount = plus(x.amount, r.amount);
      x.entries += Number(r.entries ?? 0);
    }
    return result;
  };
  const glTotal = sumByType(filtered ? glFromInventory : glAll);
  const glInventory = sumByType(glFromInventory);
  const direct = sumByType(glDirect);

  const lines: ReconciliationLine[] = [];
  const causes: ReconciliationCause[] = [];
  for (const type of ACCOUNT_TYPES) {
    const c = columns.get(type)!;
    const total = plus(c.inventory, c.inventoryInterim);
    const gl = glTotal.get(type)!.amount;
    const difference = minus(gl, total);
    lines.push({ accountType: type, accounts: accountsOf.get(type)!, inventory: c.inventory, inventoryInterim: c.inventoryInterim, wip: ZERO, total, glTotal: gl, difference });
    let explained = ZERO;
    const add = (cause: Cause, amount: Dec, entryCount: number) => {
      if (amount.isZero() && entryCount === 0) return;
      causes.push({ accountType: type, cause, amount, entryCount });
      explained = plus(explained, amount);
    };
    for (const [cause, u] of unposted.get(type)!) add(cause, u.amount, u.entries);
    if (!filtered) add('directGLPosting', direct.get(type)!.amount, direct.get(type)!.entries);
    add('postingSetupChanged', minus(glInventory.get(type)!.amount, c.posted), 0);
    const rest = minus(difference, explained);
    if (!rest.isZero()) add('unexplained', rest, 0);
  }
  return { options, lines, causes, notes };
}
