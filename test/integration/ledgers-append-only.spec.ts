/**
 * Append-only in the database (issue 10): every forbidden change to a posted ledger row is refused
 * by PostgreSQL itself, whoever sends it; the bookkeeping columns the rules move stay writable.
 */
import { MikroORM } from '@mikro-orm/core';
import { withSession } from '../../src/database/sql-session';
import { ItemJournalService } from '../../src/item-journal/item-journal.service';
import { InventoryCostPostingService } from '../../src/posting/inventory-cost-posting.service';
import { defaultChart } from '../../src/scenario/default-chart';
import { SetupResourceService } from '../../src/setup/setup-resource.service';
import { resourceByPath } from '../../src/setup/setup-resources';
import { createTestContext } from '../support/test-database';

describe('ledgers are append-only in the database (PostgreSQL)', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  const run = (text: string) => withSession(ctx.app.get(MikroORM), (sql) => sql.query(text));

  beforeAll(async () => {
    ctx = await createTestContext();
    await ctx.app
      .get(SetupResourceService)
      .applyAll([
        { spec: resourceByPath('items'), body: { no: 'A', costingMethod: 'FIFO' } },
        ...defaultChart({ setup: { items: [{ no: 'A' }] }, steps: [] } as never).map((c) => ({ spec: resourceByPath(c.resource), body: c.body })),
      ]);
    await ctx.app.get(ItemJournalService).post(
      [
        { entryType: 'Purchase', itemNo: 'A', postingDate: '2024-01-10', quantity: '5', unitCost: '10' },
        { entryType: 'Sale', itemNo: 'A', postingDate: '2024-01-12', quantity: '2' },
      ],
      'TESTER',
    );
    await ctx.app.get(InventoryCostPostingService).post('TESTER', { method: 'PerEntry' });
  });

  afterAll(() => ctx.close());

  const forbidden: [string, string][] = [
    ['an item ledger entry’s quantity', 'UPDATE item_ledger_entry SET quantity = 6 WHERE entry_no = 1'],
    ['an item ledger entry’s posting date', `UPDATE item_ledger_entry SET posting_date = '2024-01-11' WHERE entry_no = 1`],
    ['an item ledger entry’s item', `UPDATE item_ledger_entry SET item_no = 'B' WHERE entry_no = 1`],
    ['an item ledger entry’s type', `UPDATE item_ledger_entry SET entry_type = 'PositiveAdjmt' WHERE entry_no = 1`],
    ['an item ledger entry’s key', 'UPDATE item_ledger_entry SET entry_no = 99 WHERE entry_no = 1'],
    ['a value entry’s amount', 'UPDATE value_entry SET cost_amount_actual = 51 WHERE entry_no = 1'],
    ['a value entry’s expected amount', 'UPDATE value_entry SET cost_amount_expected = 1 WHERE entry_no = 1'],
    ['a value entry’s posting date', `UPDATE value_entry SET posting_date = '2024-01-11' WHERE entry_no = 1`],
    ['a value entry’s type', `UPDATE value_entry SET entry_type = 'Revaluation' WHERE entry_no = 1`],
    ['a value entry’s valuation date moved earlier', `UPDATE value_entry SET valuation_date = '2024-01-01' WHERE entry_no = 2`],
    ['an application’s quantity', 'UPDATE item_application_entry SET quantity = -1 WHERE entry_no = 2'],
    ['a G/L entry’s amount', 'UPDATE gl_entry SET amount = amount + 1 WHERE entry_no = 1'],
    ['a G/L register', 'UPDATE gl_register SET to_entry_no = 1'],
    ['an item register', 'UPDATE item_register SET to_entry_no = 1'],
    ['a G/L – item ledger relation', 'UPDATE gl_item_ledger_relation SET value_entry_no = 2'],
    ['deleting an item ledger entry', 'DELETE FROM item_ledger_entry WHERE entry_no = 2'],
    ['deleting a value entry', 'DELETE FROM value_entry WHERE entry_no = 2'],
    ['deleting an application', 'DELETE FROM item_application_entry'],
    ['deleting G/L entries', 'DELETE FROM gl_entry'],
    ['deleting registers', 'DELETE FROM gl_register'],
    ['truncating the value entries', 'TRUNCATE value_entry'],
    ['truncating the item ledger', 'TRUNCATE item_ledger_entry CASCADE'],
    ['truncating the G/L', 'TRUNCATE gl_entry'],
    ['truncating the relations', 'TRUNCATE gl_item_ledger_relation'],
  ];

  it.each(forbidden)('refuses %s', async (_what, statement) => {
    await expect(run(statement)).rejects.toThrow(/append-only|is posted|only moves later/);
  });

  it('lets the bookkeeping the rules move change: remaining quantity, open, invoiced quantity, a later valuation date', async () => {
    await run('UPDATE item_ledger_entry SET remaining_quantity = remaining_quantity, open = open, invoiced_quantity = invoiced_quantity WHERE entry_no = 1');
    await run(`UPDATE value_entry SET valuation_date = valuation_date + 1 WHERE entry_no = 2`);
    const [row] = await run('SELECT valuation_date::text AS d FROM value_entry WHERE entry_no = 2');
    expect(row.d).toBe('2024-01-13');
  });

  it('left every posted amount as it was', async () => {
    const [row] = await run('SELECT sum(cost_amount_actual)::text AS s, count(*)::int AS n FROM value_entry');
    expect(row).toEqual({ s: '30', n: 2 });
  });
});
