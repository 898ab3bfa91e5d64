import { MikroORM } from '@mikro-orm/core';
import type { INestApplicationContext } from '@nestjs/common';
import { withSession } from '../../src/database/sql-session';

/** The inventory totals must equal the sums of the value entries they summarise. */
export async function inventoryTotalsMismatches(app: INestApplicationContext): Promise<unknown[]> {
  return withSession(app.get(MikroORM), (sql) =>
    sql.query(`
      SELECT coalesce(t.item_no, v.item_no) AS item_no, t.quantity AS total_qty, v.qty, t.value AS total_value, v.value
        FROM inventory_total t
        FULL JOIN (SELECT item_no, location_code, variant_code, sum(item_ledger_entry_quantity) AS qty, sum(cost_amount_actual + cost_amount_expected) AS value
                     FROM value_entry GROUP BY 1, 2, 3) v
          ON v.item_no = t.item_no AND v.location_code = t.location_code AND v.variant_code = t.variant_code
       WHERE t.quantity IS DISTINCT FROM v.qty OR t.value IS DISTINCT FROM v.value`),
  );
}

export async function scalar(app: INestApplicationContext, text: string, params: unknown[] = []): Promise<string> {
  return withSession(app.get(MikroORM), async (sql) => {
    const [row] = await sql.query<Record<string, unknown>>(text, params as never[]);
    return String(Object.values(row)[0]);
  });
}
