import { Injectable } from '@nestjs/common';
import type { IsoDate } from '../common/dates';
import type { SqlSession, SqlValue } from '../database/sql-session';
import { accountPairRows, type AccountType } from '../costing/gl-posting-matrix';

/** Why part of a difference is there (R123): the reconciliation explains every difference by these. */
export const CAUSES = ['notPostedToGL', 'expectedCostNotPosted', 'skippedPostingDate', 'directGLPosting', 'postingSetupChanged', 'unexplained'] as const;
export type Cause = (typeof CAUSES)[number];

export interface LedgerFilter {
  startDate: IsoDate | null;
  endDate: IsoDate | null;
  itemNos?: readonly string[] | null;
  locationCode?: string | null;
}

/** The filter, and the setup that decides why an unposted amount is unposted. */
export interface SidesFilter extends LedgerFilter {
  expectedCostPostingToGL: boolean;
  glAllowFrom: IsoDate | null;
  glAllowTo: IsoDate | null;
}

/** Value entries as if posted, per account type, column (expected or not) and unposted cause. */
export interface SidesSum {
  type: AccountType;
  expected: boolean;
  cause: Cause | null;
  /** Decimal texts. */
  amount: string;
  posted: string;
  unposted: string;
  entries: number;
}

export interface AccountSum {
  accountNo: string;
  /** Decimal text. */
  amount: string;
  entries: number;
}

export interface DrillValueEntry {
  entryNo: number;
  itemLedgerEntryNo: number;
  itemNo: string;
  postingDate: IsoDate;
  entryType: string;
  itemLedgerEntryType: string;
  costAmountActual: string;
  costPostedToGL: string;
  costAmountExpected: string;
  expectedCostPostedToGL: string;
}

export interface DrillGlEntry {
  entryNo: number;
  postingDate: IsoDate;
  accountNo: string;
  amount: string;
  documentNo: string;
  registerNo: number;
}

/**
 * Every value entry in the filter as "sides": its actual and its expected part, each on the
 * account type of its account (sign +1) and of its balancing account (sign −1), with the reason
 * any unposted amount is unposted. Parameters: see sidesParams.
 */
/** A value entry part's row of the matrix; a row without a variance type matches any (accountPairRows). */
const MATRIX_MATCH = `m.ile_type = p.item_ledger_entry_type AND m.ve_type = p.entry_type AND m.expected = p.expected
    AND (m.variance_type IS NULL OR m.variance_type = p.variance_type) AND (m.order_type IS NULL OR m.order_type = p.order_type)`;

const SIDES_SQL = `
  WITH m AS (SELECT * FROM unnest($5::text[], $6::text[], $7::bool[], $8::text[], $9::text[], $13::text[], $14::text[])
               AS m(ile_type, ve_type, expected, account_type, balancing_type, variance_type, order_type)),
  ve AS (SELECT * FROM value_entry_with_gl
          WHERE ($1::date IS NULL OR posting_date >= $1) AND ($2::date IS NULL OR posting_date <= $2)
            AND ($3::text[] IS NULL OR item_no = ANY($3::text[])) AND ($4::text IS NULL OR location_code = $4)),
  parts AS (
    SELECT entry_no, item_ledger_entry_type, entry_type, variance_type, order_type, posting_date, false AS expected, cost_amount_actual AS amount, cost_posted_to_gl AS posted FROM ve
    UNION ALL
    SELECT entry_no, item_ledger_entry_type, entry_type, variance_type, order_type, posting_date, true, cost_amount_expected, expected_cost_posted_to_gl FROM ve
     WHERE cost_amount_expected <> 0 OR expected_cost_posted_to_gl <> 0),
  raw_sides AS (
    SELECT p.*, m.account_type AS type, 1 AS sign FROM parts p JOIN m ON ${MATRIX_MATCH}
    UNION ALL
    SELECT p.*, m.balancing_type, -1 FROM parts p JOIN m ON ${MATRIX_MATCH}),
  sides AS (
    SELECT s.*, CASE WHEN amount = posted THEN NULL
                     WHEN expected AND NOT $10 THEN 'expectedCostNotPosted'
                     WHEN ($11::date IS NOT NULL AND posting_date < $11) OR ($12::date IS NOT NULL AND posting_date > $12) THEN 'skippedPostingDate'
                     ELSE 'notPostedToGL' END AS cause
      FROM raw_sides s)`;

function filterParams(f: LedgerFilter): [IsoDate | null, IsoDate | null, string[] | null, string | null] {
  return [f.startDate, f.endDate, f.itemNos?.length ? [...f.itemNos] : null, f.locationCode ?? null];
}

function sidesParams(f: SidesFilter): SqlValue[] {
  const matrix = accountPairRows();
  return [
    ...filterParams(f),
    matrix.map((m) => m.ileType),
    matrix.map((m) => m.veType),
    matrix.map((m) => m.expected),
    matrix.map((m) => m.account),
    matrix.map((m) => m.balancing),
    f.expectedCostPostingToGL,
    f.glAllowFrom,
    f.glAllowTo,
    matrix.map((m) => m.varianceType),
    matrix.map((m) => m.orderType),
  ];
}

type AccountSumRow = { account_no: string; amount: string; entries: string };
const accountSums = (rows: AccountSumRow[]): AccountSum[] => rows.map((r) => ({ accountNo: r.account_no, amount: r.amount, entries: Number(r.entries) }));

/**
 * What Inventory – G/L Reconciliation (R123) reads: set-based sums of value entries and G/L
 * entries, and the pages of entries behind one figure. Each method takes the caller's session.
 */
@Injectable()
export class ReconciliationRepository {
  async sidesByType(sql: SqlSession, f: SidesFilter): Promise<SidesSum[]> {
    const rows = await sql.query<{
      type: AccountType;
      expected: boolean;
      cause: Cause | null;
      amount: string;
      posted: string;
      unposted: string;
      entries: string;
    }>(
      `${SIDES_SQL}
       SELECT type, expected, cause,
              sum(sign * amount)::text AS amount, sum(sign * posted)::text AS posted, sum(sign * (amount - posted))::text AS unposted,
              count(DISTINCT entry_no)::text AS entries
         FROM sides GROUP BY 1, 2, 3`,
      sidesParams(f),
    );
    return rows.map((r) => ({
      type: r.type,
      expected: r.expected,
      cause: r.cause,
      amount: r.amount,
      posted: r.posted,
      unposted: r.unposted,
      entries: Number(r.entries),
    }));
  }

  /** Every G/L entry in the date range, per account. */
  async glByAccount(sql: SqlSession, f: LedgerFilter): Promise<AccountSum[]> {
    const rows = await sql.query<AccountSumRow>(
      'SELECT account_no, sum(amount)::text AS amount, count(*)::text AS entries FROM gl_entry WHERE ($1::date IS NULL OR posting_date >= $1) AND ($2::date IS NULL OR posting_date <= $2) GROUP BY 1',
      [f.startDate, f.endDate],
    );
    return accountSums(rows).map((r) => ({ ...r, entries: 0 }));
  }

  /** G/L entries made from (the filtered) value entries, per account. */
  async glFromInventoryByAccount(sql: SqlSession, f: LedgerFilter): Promise<AccountSum[]> {
    const rows = await sql.query<AccountSumRow>(
      `SELECT g.account_no, sum(r.amount)::text AS amount, count(DISTINCT r.value_entry_no)::text AS entries
         FROM gl_item_ledger_relation r JOIN gl_entry g ON g.entry_no = r.gl_entry_no JOIN value_entry v ON v.entry_no = r.value_entry_no
        WHERE ($1::date IS NULL OR g.posting_date >= $1) AND ($2::date IS NULL OR g.posting_date <= $2)
          AND ($3::text[] IS NULL OR v.item_no = ANY($3::text[])) AND ($4::text IS NULL OR v.location_code = $4)
        GROUP BY 1`,
      filterParams(f),
    );
    return accountSums(rows);
  }

  /** G/L entries no value entry made (direct postings), per account. */
  async glDirectByAccount(sql: SqlSession, f: LedgerFilter): Promise<AccountSum[]> {
    const rows = await sql.query<AccountSumRow>(
      `SELECT g.account_no, sum(g.amount)::text AS amount, count(*)::text AS entries FROM gl_entry g
        WHERE ($1::date IS NULL OR g.posting_date >= $1) AND ($2::date IS NULL OR g.posting_date <= $2)
          AND NOT EXISTS (SELECT 1 FROM gl_item_ledger_relation r WHERE r.gl_entry_no = g.entry_no)
        GROUP BY 1`,
      [f.startDate, f.endDate],
    );
    return accountSums(rows);
  }

  /** The value entries with a side on `type` (and with `cause`, when given), after an entry number. */
  async valueEntriesBehind(sql: SqlSession, f: SidesFilter, type: AccountType, cause: Cause | null, after: number, limit: number): Promise<DrillValueEntry[]> {
    return sql.query<DrillValueEntry>(
      `${SIDES_SQL}
       SELECT v.entry_no AS "entryNo", v.item_ledger_entry_no AS "itemLedgerEntryNo", v.item_no AS "itemNo", v.posting_date AS "postingDate",
              v.entry_type AS "entryType", v.item_ledger_entry_type AS "itemLedgerEntryType",
              v.cost_amount_actual::text AS "costAmountActual", v.cost_posted_to_gl::text AS "costPostedToGL",
              v.cost_amount_expected::text AS "costAmountExpected", v.expected_cost_posted_to_gl::text AS "expectedCostPostedToGL"
         FROM value_entry_with_gl v
        WHERE v.entry_no IN (SELECT entry_no FROM sides WHERE type = $15 AND ($16::text IS NULL OR cause = $16)) AND v.entry_no > $17
        ORDER BY v.entry_no LIMIT $18`,
      [...sidesParams(f), type, cause, after, limit],
    );
  }

  /**
   * G/L entries behind a G/L figure, after an entry number: on the type's accounts (G/L Total),
   * made by no value entry (direct postings), or made from value entries on accounts the setup no
   * longer names for any type (posting setup changed: where the amounts the type misses went).
   */
  async glEntriesBehind(
    sql: SqlSession,
    f: LedgerFilter,
    typeAccounts: readonly string[],
    setupAccounts: readonly string[],
    figure: 'glTotal' | 'directGLPosting' | 'postingSetupChanged',
    after: number,
    limit: number,
  ): Promise<DrillGlEntry[]> {
    return sql.query<DrillGlEntry>(
      `SELECT g.entry_no AS "entryNo", g.posting_date AS "postingDate", g.account_no AS "accountNo", g.amount::text AS amount, g.document_no AS "documentNo", g.register_no AS "registerNo"
         FROM gl_entry g
        WHERE ($1::date IS NULL OR g.posting_date >= $1) AND ($2::date IS NULL OR g.posting_date <= $2) AND g.entry_no > $4
          AND CASE $7::text
                WHEN 'directGLPosting' THEN g.account_no = ANY($3::text[]) AND NOT EXISTS (SELECT 1 FROM gl_item_ledger_relation r WHERE r.gl_entry_no = g.entry_no)
                WHEN 'postingSetupChanged' THEN g.account_no <> ALL($6::text[]) AND EXISTS (SELECT 1 FROM gl_item_ledger_relation r WHERE r.gl_entry_no = g.entry_no)
                ELSE g.account_no = ANY($3::text[]) END
        ORDER BY g.entry_no LIMIT $5`,
      [f.startDate, f.endDate, [...typeAccounts], after, limit, [...setupAccounts], figure],
    );
  }
}
