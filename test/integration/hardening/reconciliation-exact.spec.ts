/**
 * Issue 15, item 4: the reconciliation cannot be fooled. With an entry of 10^45 in the ledgers
 * (written before amounts had bounds) and one value entry of 2.00 that G/L posting skips (its
 * gen. business posting group has no posting setup), the G/L inventory account is 2.00 short.
 * The reconciliation must say so exactly — difference −2.00, "not posted" −2.00, nothing
 * unexplained — and the month's close run must stop before closing.
 */
import { MikroORM } from '@mikro-orm/core';
import { withSession } from '../../../src/database/sql-session';
import { ItemJournalService } from '../../../src/item-journal/item-journal.service';
import { CloseRunsService } from '../../../src/pipeline/close-runs.service';
import { PipelineRunner } from '../../../src/pipeline/pipeline-runner';
import { InventoryCostPostingService } from '../../../src/posting/inventory-cost-posting.service';
import { InventoryGLReconciliationService } from '../../../src/reconciliation/inventory-gl-reconciliation.service';
import { SetupResourceService } from '../../../src/setup/setup-resource.service';
import { resourceByPath } from '../../../src/setup/setup-resources';
import { chart } from '../../support/chart';
import { createTestContext } from '../../support/test-database';

const HUGE = `1${'0'.repeat(45)}`;

describe('exact reconciliation (issue 15, item 4)', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  const query = <T>(text: string, params: unknown[] = []) => withSession(ctx.app.get(MikroORM), (sql) => sql.query<T>(text, params as never[]));
  /** Legacy rows, written before today's checks: the ledgers are append-only, so with their triggers off. */
  const legacyWrite = (text: string, params: unknown[]) =>
    withSession(ctx.app.get(MikroORM), async (sql) => {
      await sql.query('SET session_replication_role = replica');
      try {
        await sql.query(text, params as never[]);
      } finally {
        await sql.query('RESET session_replication_role');
      }
    });

  beforeAll(async () => {
    ctx = await createTestContext();
    await ctx.app.get(SetupResourceService).applyAll([...chart(), { spec: resourceByPath('items'), body: { no: 'A', costingMethod: 'FIFO' } }]);
    const journal = ctx.app.get(ItemJournalService);
    const line = { entryType: 'Purchase', itemNo: 'A', postingDate: '2024-01-10', quantity: '1' };
    const legacy = await journal.post([{ ...line, unitCost: '1' }], 'T');
    // Legacy data: an amount no posting accepts today, and a gen. business posting group nobody set up.
    await legacyWrite('UPDATE value_entry SET cost_amount_actual = cost_amount_actual + $1::numeric WHERE item_ledger_entry_no = $2', [
      HUGE,
      legacy.lines[0].itemLedgerEntryNos[0],
    ]);
    await ctx.app.get(InventoryCostPostingService).post('T', { method: 'PerEntry' });
    const second = await journal.post([{ ...line, unitCost: '2.00' }], 'T');
    await legacyWrite("UPDATE item_ledger_entry SET gen_bus_posting_group = 'NOPE' WHERE entry_no = $1", [second.lines[0].itemLedgerEntryNos[0]]);
    await legacyWrite("UPDATE value_entry SET gen_bus_posting_group = 'NOPE' WHERE item_ledger_entry_no = $1", [second.lines[0].itemLedgerEntryNos[0]]);
  });
  afterAll(() => ctx.close());

  it('reports the true difference and its cause, to the digit, with nothing unexplained', async () => {
    const post = await ctx.app.get(InventoryCostPostingService).post('T', { method: 'PerEntry' });
    expect(Object.keys(post.skippedByReason)).toEqual([expect.stringMatching(/no General Posting Setup for gen. business posting group '…'/)]);
    const r = await ctx.app.get(InventoryGLReconciliationService).reconcile({ startDate: null, endDate: '2024-01-31' }, 'T');
    const inventory = r.lines.find((l) => l.accountType === 'inventory')!;
    expect(inventory.total.toFixed()).toBe(`${HUGE.slice(0, -1)}3`);
    expect(inventory.glTotal.toFixed()).toBe(`${HUGE.slice(0, -1)}1`);
    expect(inventory.difference.toFixed()).toBe('-2');
    const causes = r.causes.filter((c) => c.accountType === 'inventory').map((c) => [c.cause, c.amount.toFixed(), c.entryCount]);
    expect(causes).toEqual([['notPostedToGL', '-2', 1]]);
  });

  it('stops the month close while a value entry is skipped by G/L posting', async () => {
    const runs = ctx.app.get(CloseRunsService);
    const run = await ctx.app.get(PipelineRunner).execute((await runs.create({ period: '2024-01', tolerance: '5.00' }, 'T')).id);
    expect(run.status).not.toBe('succeeded');
    const reconcile = run.steps.find((s) => s.step === 'reconcile')!;
    expect(reconcile.status).toBe('stopped');
    expect(run.steps.find((s) => s.step === 'close')!.status).not.toBe('done');
    expect(JSON.stringify(reconcile)).toMatch(/not posted to G\/L.*notPostedToGL -2(\.00)? in 1 entries/);
    const [closed] = await query<{ n: string }>('SELECT count(*) AS n FROM inventory_period WHERE closed');
    expect(closed.n).toBe('0');
  });
});
