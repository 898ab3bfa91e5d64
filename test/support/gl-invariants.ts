import type { INestApplicationContext } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { withSession } from '../../src/database/sql-session';

/**
 * The G/L invariants of issue #4, each as the rows that break it (empty = holds):
 * - every G/L register balances (Σ debit = Σ credit);
 * - for every inventory (and interim) account, the balance of the G/L entries made from value
 *   entries equals the value entries' cost posted to G/L mapped to that account by the setup;
 * - a value entry's cost posted to G/L never exceeds its cost (nor has the other sign);
 * - every G/L entry made from value entries is fully accounted for by its relation rows.
 */
export async function glInvariantViolations(app: INestApplicationContext): Promise<Record<string, unknown[]>> {
  return withSession(app.get(MikroORM), async (sql) => ({
    unbalancedRegisters: await sql.query('SELECT register_no, sum(amount)::text AS sum FROM gl_entry GROUP BY register_no HAVING sum(amount) <> 0'),
    inventoryAccounts: await sql.query(`
      WITH mapped AS (
        SELECT s.inventory_account AS account, v.cost_posted_to_gl AS amount FROM value_entry_with_gl v
          JOIN inventory_posting_setup s ON s.location_code = v.location_code AND s.inventory_posting_group = v.inventory_posting_group
        UNION ALL
        SELECT s.inventory_interim_account, v.expected_cost_posted_to_gl FROM value_entry_with_gl v
          JOIN inventory_posting_setup s ON s.location_code = v.location_code AND s.inventory_posting_group = v.inventory_posting_group),
      expected AS (SELECT account, sum(amount) AS amount FROM mapped GROUP BY 1),
      booked AS (SELECT g.account_no AS account, sum(g.amount) AS amount FROM gl_entry g
                  WHERE EXISTS (SELECT 1 FROM gl_item_ledger_relation r WHERE r.gl_entry_no = g.entry_no) GROUP BY 1)
      SELECT e.account, e.amount::text AS posted, coalesce(b.amount, 0)::text AS balance FROM expected e LEFT JOIN booked b ON b.account = e.account
       WHERE e.amount <> coalesce(b.amount, 0)`),
    overPosted: await sql.query(`
      SELECT entry_no FROM value_entry_with_gl
       WHERE abs(cost_posted_to_gl) > abs(cost_amount_actual) OR sign(cost_posted_to_gl) * sign(cost_amount_actual) < 0
          OR abs(expected_cost_posted_to_gl) > abs(cost_amount_expected) OR sign(expected_cost_posted_to_gl) * sign(cost_amount_expected) < 0`),
    relationMismatch: await sql.query(
      'SELECT g.entry_no FROM gl_entry g JOIN gl_item_ledger_relation r ON r.gl_entry_no = g.entry_no GROUP BY g.entry_no, g.amount HAVING sum(r.amount) <> g.amount',
    ),
  }));
}

export async function expectGLInvariants(app: INestApplicationContext): Promise<void> {
  const violations = await glInvariantViolations(app);
  const broken = Object.entries(violations).filter(([, rows]) => rows.length > 0);
  if (broken.length) throw new Error(`G/L invariants broken: ${JSON.stringify(Object.fromEntries(broken))}`);
}
