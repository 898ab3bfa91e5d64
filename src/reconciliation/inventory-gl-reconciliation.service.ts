import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Dec, exactDifference, exactSum, ZERO } from '../common/decimal';
import type { IsoDate } from '../common/dates';
import { ValidationError } from '../common/errors';
import { SqlSession, withSession } from '../database/sql-session';
import { ACCOUNT_TYPES, AccountType } from '../costing/gl-posting-matrix';
import { PostingAccounts } from '../posting/posting-accounts';
import { CostingSetup, loadCostingSetup } from '../setup/costing-setup';
import {
  type AccountAmount,
  CAUSES,
  type Cause,
  type DrillGlEntry,
  type DrillValueEntry,
  ReconciliationRepository,
  type SidesFilter,
} from './reconciliation.repository';

export { CAUSES, type Cause };
export type { DrillGlEntry, DrillValueEntry };

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
  constructor(
    private readonly orm: MikroORM,
    private readonly repository: ReconciliationRepository,
  ) {}

  async reconcile(options: ReconciliationOptions, userId: string): Promise<Reconciliation> {
    if (options.startDate && options.endDate && options.startDate > options.endDate)
      throw ValidationError.at(undefined, 'startDate', 'must not be after endDate');
    return withSession(this.orm, (sql) => reconcileInventoryWithGL(sql, options, userId, this.repository));
  }

  async drillDown(options: ReconciliationOptions, type: AccountType, figure: DrillFigure, after: number, limit: number, userId: string): Promise<DrillPage> {
    return withSession(this.orm, (sql) => drillDown(sql, options, type, figure, after, limit, userId, this.repository));
  }
}

export type DrillFigure = 'total' | 'glTotal' | Exclude<Cause, 'unexplained'>;

export type DrillPage =
  { kind: 'valueEntries'; items: DrillValueEntry[]; nextAfter: number | null } | { kind: 'glEntries'; items: DrillGlEntry[]; nextAfter: number | null };

/** The filter and the setup the "sides" of value entries are computed with. */
function sidesFilter(options: ReconciliationOptions, setup: CostingSetup): SidesFilter {
  return { ...options, expectedCostPostingToGL: setup.expectedCostPostingToGL, glAllowFrom: setup.window.glAllowFrom, glAllowTo: setup.window.glAllowTo };
}

/**
 * The entries behind one figure of the reconciliation (R123 drill-down), a page at a time:
 * value entries for Total and the unposted causes, G/L entries for G/L Total, direct postings and
 * postings to accounts the setup no longer names.
 */
export async function drillDown(
  sql: SqlSession,
  options: ReconciliationOptions,
  type: AccountType,
  figure: DrillFigure,
  after: number,
  limit: number,
  userId: string,
  repository = new ReconciliationRepository(),
): Promise<DrillPage> {
  const setup = await loadCostingSetup(sql, userId);
  const accounts = await PostingAccounts.load(sql);
  const typeAccounts = [...accounts.accountsOf(type)];
  const page = <T extends { entryNo: number }>(items: T[]) => ({
    items: items.slice(0, limit),
    nextAfter: items.length > limit ? items[limit - 1].entryNo : null,
  });
  const unpostedFigure = figure === 'total' || figure === 'notPostedToGL' || figure === 'expectedCostNotPosted' || figure === 'skippedPostingDate';
  if (unpostedFigure) {
    const rows = await repository.valueEntriesBehind(sql, sidesFilter(options, setup), type, figure === 'total' ? null : figure, after, limit + 1);
    return { kind: 'valueEntries', ...page(rows) };
  }
  const rows = await repository.glEntriesBehind(sql, options, typeAccounts, allSetupAccounts(accounts), figure, after, limit + 1);
  return { kind: 'glEntries', ...page(rows) };
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

export async function reconcileInventoryWithGL(
  sql: SqlSession,
  options: ReconciliationOptions,
  userId: string,
  repository = new ReconciliationRepository(),
): Promise<Reconciliation> {
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

  // Value entries as if posted, per account type and column, and what of them is not posted, by cause.
  const sides = await repository.sidesByType(sql, sidesFilter(options, setup));
  // G/L: all entries per account, those made from (the filtered) value entries, those made by none.
  const glAll = filtered ? [] : await repository.glByAccount(sql, options);
  const glFromInventory = await repository.glFromInventoryByAccount(sql, options);
  const glDirect = filtered ? [] : await repository.glDirectByAccount(sql, options);

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
      u.set(s.cause, { amount: minus(prev.amount, s.unposted), entries: prev.entries + s.entries });
    }
  }
  const sumByType = (rows: readonly (AccountAmount & { entries?: number })[]) => {
    const result = byType(() => ({ amount: ZERO, entries: 0 }));
    for (const r of rows) {
      const type = typeOfAccount.get(r.accountNo);
      if (!type) continue;
      const x = result.get(type)!;
      x.amount = plus(x.amount, r.amount);
      x.entries += r.entries ?? 0;
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
    lines.push({
      accountType: type,
      accounts: accountsOf.get(type)!,
      inventory: c.inventory,
      inventoryInterim: c.inventoryInterim,
      wip: ZERO,
      total,
      glTotal: gl,
      difference,
    });
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
