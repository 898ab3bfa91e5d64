/**
 * The setup the costing core needs, read as plain data inside the caller's transaction so that a
 * posting sees one consistent setup: precisions, the posting window (R109–R110, R114,
 * R118), and the average-cost calendar (R11, R50).
 */
import { Dec } from '../common/decimal';
import type { IsoDate } from '../common/dates';
import type { SqlSession } from '../database/sql-session';
import type { PeriodCalendar } from '../costing/average-cost-period';
import type { AutomaticCostAdjustment, AverageCostCalcType, AverageCostPeriod, PostingWindow, Precisions } from '../costing/types';

export interface CostingSetup {
  companyName: string;
  automaticCostPosting: boolean;
  expectedCostPostingToGL: boolean;
  automaticCostAdjustment: AutomaticCostAdjustment;
  averageCostCalcType: AverageCostCalcType;
  precisions: Precisions;
  calendar: PeriodCalendar;
  window: PostingWindow;
  userId: string;
}

export async function loadCostingSetup(sql: SqlSession, userId: string): Promise<CostingSetup> {
  const [row] = await sql.query<{
    automatic_cost_posting: boolean;
    expected_cost_posting_to_gl: boolean;
    automatic_cost_adjustment: AutomaticCostAdjustment;
    average_cost_calc_type: AverageCostCalcType;
    average_cost_period: AverageCostPeriod;
    earliest_allowed_valuation_date: IsoDate | null;
    company_name: string;
    amount_rounding_precision: string;
    unit_amount_rounding_precision: string;
    allow_posting_from: IsoDate | null;
    allow_posting_to: IsoDate | null;
    user_from: IsoDate | null;
    user_to: IsoDate | null;
    last_closed: IsoDate | null;
    period_starts: IsoDate[] | null;
  }>(
    `SELECT i.automatic_cost_posting, i.expected_cost_posting_to_gl, i.automatic_cost_adjustment, i.average_cost_calc_type,
            i.average_cost_period, i.earliest_allowed_valuation_date::text,
            g.company_name, g.amount_rounding_precision::text, g.unit_amount_rounding_precision::text,
            g.allow_posting_from::text, g.allow_posting_to::text,
            u.allow_posting_from::text AS user_from, u.allow_posting_to::text AS user_to,
            (SELECT max(ending_date)::text FROM inventory_period WHERE closed) AS last_closed,
            (SELECT array_agg(starting_date::text ORDER BY starting_date) FROM accounting_period) AS period_starts
       FROM inventory_setup i CROSS JOIN general_ledger_setup g
       LEFT JOIN user_setup u ON u.user_id = $1
      WHERE i.id = 1 AND g.id = 1`,
    [userId],
  );
  if (!row) throw new Error('Inventory Setup or General Ledger Setup is missing: run the migrations');
  return {
    companyName: row.company_name,
    automaticCostPosting: row.automatic_cost_posting,
    expectedCostPostingToGL: row.expected_cost_posting_to_gl,
    automaticCostAdjustment: row.automatic_cost_adjustment,
    averageCostCalcType: row.average_cost_calc_type,
    precisions: { amount: new Dec(row.amount_rounding_precision), unitAmount: new Dec(row.unit_amount_rounding_precision) },
    calendar: { period: row.average_cost_period, accountingPeriodStarts: row.period_starts ?? [] },
    window: {
      glAllowFrom: row.allow_posting_from,
      glAllowTo: row.allow_posting_to,
      userAllowFrom: row.user_from,
      userAllowTo: row.user_to,
      lastClosedPeriodEnd: row.last_closed,
      earliestAllowedValuationDate: row.earliest_allowed_valuation_date,
    },
    userId,
  };
}
