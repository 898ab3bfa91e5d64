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

export interface AccountAmount {
  accountNo: string;
  /** Decimal text. */
  amount: string;
}

export interface AccountSum extends AccountAmount {
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

/** The posting matrix as rows (parameters $5–$9, $13, $14; see sidesParams). */
const MATRIX_CTE = `m AS (SELECT * FROM unnest($5::text[], $6::text[], $7::bool[], $8::text[], $9::text[], $13::text[], $14::text[])
               AS m(ile_type, ve_type, expected, account_type, balancing_type, variance_type, order_type))`;

/** The value entries (v) in the filter (parameters $1–$4). */
const VALUE_ENTRY_FILTER = `($1::date IS NULL OR v.posting_date >= $1) AND ($2::date IS NULL OR v.posting_date <= $2)
       AND ($3::text[] IS NULL OR v.item_no = ANY($3::text[])) AND ($4::text IS NULL OR v.location_code = $4)`;

/**
 * A value entry's (v) "parts" (x): its actual amount and, where there is any, its expected one,
 * each with what G/L posting posted of it and the reason any unposted amount is unposted
 * (parameters $10–$12).
 */
const PARTS_OF_VALUE_ENTRY = `CROSS JOIN LATERAL (
      SELECT x.expected, x.amount, x.posted,
             CASE WHEN x.amount = x.posted THEN NULL
                  WHEN x.expected AND NOT $10 THEN 'expectedCostNotPosted'
                  WHEN ($11::date IS NOT NULL AND v.posting_date < $11) OR ($12::date IS NOT NULL AND v.posting_date > $12) THEN 'skippedPostingDate'
                  ELSE 'notPostedToGL' END AS cause
        FROM (VALUES (false, v.cost_amount_actual, v.cost_posted_to_gl), (true, v.cost_amount_expected, v.expected_cost_posted_to_gl))
             AS x(expected, amount, posted)
       WHERE NOT x.expected OR x.amount <> 0 OR x.posted <> 0) x`;

/**
 * Every part of the value entries in the filter, in one pass over them: an earlier form kept the
 * entries whole in a CTE read twice, which at a million entries spilled to disk.
 */
const PARTS_CTE = `parts AS (
    SELECT v.entry_no, v.item_ledger_entry_type, v.entry_type, v.variance_type, v.order_type, x.expected, x.amount, x.posted, x.cause
      FROM value_entry_with_gl v ${PARTS_OF_VALUE_ENTRY}
     WHERE ${VALUE_ENTRY_FILTER})`;

/**
 * A part's (p) two "sides": the account type of its account (sign +1) and of its balancing
 * account (sign −1), from its row of the matrix — a row without a variance or order type matches
 * any, and at most one row matches a part (accountPairRows; a unit test holds it to that).
 * `first` is false only for a balancing side on the same type as its account side, so that a
 * part counts once per type (no row of today's matrix puts both sides on one type; should one,
 * the entry counts stay those of count(DISTINCT)).
 */
const SIDES_JOIN = `JOIN m ON m.ile_type = p.item_ledger_entry_type AND m.ve_type = p.entry_type AND m.expected = p.expected
      AND (m.variance_type IS NULL OR m.variance_type = p.variance_type) AND (m.order_type IS NULL OR m.order_type = p.order_type)
    CROSS JOIN LATERAL (VALUES (m.account_type, 1, true), (m.balancing_type, -1, m.balancing_type IS DISTINCT FROM m.account_type))
      AS s(type, sign, first)`;

function filterParams(f: LedgerFilter): [IsoDate | null, IsoDate | null, string[] | null, string | null] {
  return [f.startDate, f.endDate, f.itemNos?.length ? [...f.itemNos] : null, f.locationCode ?? null];
}

/** The parameters of the statements over value entry parts and sides ($1–$14). */
export function sidesParams(f: SidesFilter): SqlValue[] {
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
    // The parts are summed by what decides their sides and cause first (a few dozen groups), and
    // only those sums are spread onto the sides: the same sums as spreading every part (numeric
    // addition is exact), and a part's entry counts once per type and column (a value entry has
    // one actual and at most one expected part, and they differ in the column), so no
    // count(DISTINCT) — which sorted three million sides at a million entries — is needed.
    const rows = await sql.query<{
      type: AccountType;
      expected: boolean;
      cause: Cause | null;
      amount: string;
      posted: string;
      unposted: string;
      entries: string;
    }>(
      `WITH ${MATRIX_CTE}, ${PARTS_CTE},
       grouped AS (
         SELECT item_ledger_entry_type, entry_type, variance_type, order_type, expected, cause,
                sum(amount) AS amount, sum(posted) AS posted, count(*) AS parts
           FROM parts GROUP BY 1, 2, 3, 4, 5, 6)
       SELECT s.type, p.expected, p.cause,
              sum(s.sign * p.amount)::text AS amount, sum(s.sign * p.posted)::text AS posted, sum(s.sign * (p.amount - p.posted))::text AS unposted,
              coalesce(sum(p.parts) FILTER (WHERE s.first), 0)::text AS entries
         FROM grouped p ${SIDES_JOIN}
        GROUP BY 1, 2, 3`,
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
  async glByAccount(sql: SqlSession, f: LedgerFilter): Promise<AccountAmount[]> {
    return sql.query<AccountAmount>(
      'SELECT account_no AS "accountNo", sum(amount)::text AS amount FROM gl_entry WHERE ($1::date IS NULL OR posting_date >= $1) AND ($2::date IS NULL OR posting_date <= $2) GROUP BY 1',
      [f.startDate, f.endDate],
    );
  }

  /**
   * G/L entries made from (the filtered) value entries, per account: amounts only. No figure of
   * the reconciliation shows how many value entries are behind an account, and counting them (a
   * count(DISTINCT) over the year's relations, which PostgreSQL cannot run in parallel) made this
   * query 2.3 s at a million entries instead of 0.9 s.
   */
  async glFromInventoryByAccount(sql: SqlSession, f: LedgerFilter): Promise<AccountAmount[]> {
    const [from, to, items, location] = filterParams(f);
    // Without an item or location filter the value entries are not read: every relation is of a
    // value entry (G/L posting writes both, and neither ledger loses a row), and joining the
    // year's 1.4 million cost a third of this query at a million entries.
    return items || location
      ? sql.query<AccountAmount>(
          `SELECT g.account_no AS "accountNo", sum(r.amount)::text AS amount
             FROM gl_item_ledger_relation r JOIN gl_entry g ON g.entry_no = r.gl_entry_no JOIN value_entry v ON v.entry_no = r.value_entry_no
            WHERE ($1::date IS NULL OR g.posting_date >= $1) AND ($2::date IS NULL OR g.posting_date <= $2)
              AND ($3::text[] IS NULL OR v.item_no = ANY($3::text[])) AND ($4::text IS NULL OR v.location_code = $4)
            GROUP BY 1`,
          [from, to, items, location],
        )
      : sql.query<AccountAmount>(
          `SELECT g.account_no AS "accountNo", sum(r.amount)::text AS amount
             FROM gl_item_ledger_relation r JOIN gl_entry g ON g.entry_no = r.gl_entry_no
            WHERE ($1::date IS NULL OR g.posting_date >= $1) AND ($2::date IS NULL OR g.posting_date <= $2)
            GROUP BY 1`,
          [from, to],
        );
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
    // Walks the value entries in entry-number order from `after` and stops at `limit` of them
    // with such a side: a page of a common figure reads a few hundred entries, not the year.
    return sql.query<DrillValueEntry>(
      `WITH ${MATRIX_CTE}
       SELECT v.entry_no AS "entryNo", v.item_ledger_entry_no AS "itemLedgerEntryNo", v.item_no AS "itemNo", v.posting_date AS "postingDate",
              v.entry_type AS "entryType", v.item_ledger_entry_type AS "itemLedgerEntryType",
              v.cost_amount_actual::text AS "costAmountActual", v.cost_posted_to_gl::text AS "costPostedToGL",
              v.cost_amount_expected::text AS "costAmountExpected", v.expected_cost_posted_to_gl::text AS "expectedCostPostedToGL"
         FROM value_entry_with_gl v
        WHERE v.entry_no > $17 AND ${VALUE_ENTRY_FILTER}
          AND EXISTS (SELECT 1
                        FROM (SELECT v.item_ledger_entry_type, v.entry_type, v.variance_type, v.order_type, x.expected, x.cause
                                FROM (SELECT 1) AS one ${PARTS_OF_VALUE_ENTRY}) p ${SIDES_JOIN}
                       WHERE s.type = $15 AND ($16::text IS NULL OR p.cause = $16))
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
