/**
 * R12, R20 through the setup API's service (PUT /api/setup/inventory-setup): changing the Average
 * Cost Period rebuilds the entry points for the new periods in the same transaction, and the next
 * Adjust Cost re-averages; a refused change (unknown period) leaves the entry points alone.
 */
import { MikroORM } from '@mikro-orm/core';
import { AdjustmentService } from '../../src/adjustment/adjustment.service';
import { Dec } from '../../src/common/decimal';
import { ValidationError } from '../../src/common/errors';
import { withSession } from '../../src/database/sql-session';
import { ItemJournalService } from '../../src/item-journal/item-journal.service';
import { SetupResourceService } from '../../src/setup/setup-resource.service';
import { resourceByPath } from '../../src/setup/setup-resources';
import { chart } from '../support/chart';
import { createTestContext } from '../support/test-database';

describe('changing the average-cost period through the setup API (PostgreSQL)', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  const rows = <T>(text: string) => withSession(ctx.app.get(MikroORM), (sql) => sql.query<T>(text));
  const points = () =>
    rows<{ valuation_date: string; cost_is_adjusted: boolean }>(
      'SELECT valuation_date, cost_is_adjusted FROM avg_cost_adjmt_entry_point ORDER BY valuation_date',
    );
  const saleCosts = () =>
    rows<{ c: string }>(
      `SELECT sum(v.cost_amount_actual)::text AS c FROM value_entry v JOIN item_ledger_entry e ON e.entry_no = v.item_ledger_entry_no WHERE e.entry_type = 'Sale' GROUP BY e.entry_no ORDER BY e.entry_no`,
    );

  beforeAll(async () => {
    ctx = await createTestContext();
    const setup = ctx.app.get(SetupResourceService);
    await setup.upsert(resourceByPath('inventory-setup'), { averageCostPeriod: 'Day' });
    await setup.applyAll([{ spec: resourceByPath('items'), body: { no: 'A', costingMethod: 'Average' } }, ...chart()]);
    await ctx.app.get(ItemJournalService).post(
      [
        { entryType: 'Purchase', itemNo: 'A', postingDate: '2024-01-02', quantity: '1', unitCost: '10' },
        { entryType: 'Sale', itemNo: 'A', postingDate: '2024-01-03', quantity: '1' },
        { entryType: 'Purchase', itemNo: 'A', postingDate: '2024-01-05', quantity: '1', unitCost: '20' },
        { entryType: 'Purchase', itemNo: 'A', postingDate: '2024-02-06', quantity: '1', unitCost: '30' },
        { entryType: 'Sale', itemNo: 'A', postingDate: '2024-02-07', quantity: '1' },
      ],
      'TESTER',
    );
    await ctx.app.get(AdjustmentService).adjust('TESTER');
  });

  afterAll(() => ctx.close());

  it('rebuilds the entry points for months, unadjusted, and re-averages on the next adjustment', async () => {
    expect((await points()).length).toBe(5);
    expect((await saleCosts()).map((r) => new Dec(r.c).toFixed(2))).toEqual(['-10.00', '-25.00']);

    await ctx.app.get(SetupResourceService).upsert(resourceByPath('inventory-setup'), { averageCostPeriod: 'Month' });
    expect(await points()).toEqual([
      { valuation_date: '2024-01-31', cost_is_adjusted: false },
      { valuation_date: '2024-02-29', cost_is_adjusted: false },
    ]);

    await ctx.app.get(AdjustmentService).adjust('TESTER');
    // January: (10 + 20) / 2 = 15.00; February starts with 1 at 15.00, + 30.00: 45 / 2 = 22.50.
    expect((await saleCosts()).map((r) => new Dec(r.c).toFixed(2))).toEqual(['-15.00', '-22.50']);
    expect((await points()).every((p) => p.cost_is_adjusted)).toBe(true);
  });

  it('changes nothing when the change is refused', async () => {
    const before = await points();
    await expect(ctx.app.get(SetupResourceService).upsert(resourceByPath('inventory-setup'), { averageCostPeriod: 'Fortnight' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(await points()).toEqual(before);
  });
});
