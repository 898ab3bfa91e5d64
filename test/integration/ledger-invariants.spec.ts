/**
 * The ledger invariants the scenario runner checks after every step (ledger-invariants.ts) hold on
 * real postings, and each one catches the damage it is there for: every check is shown failing on
 * a ledger changed by hand, then holding again once the change is undone. The database refuses
 * such changes (the ledgers are append-only); the test makes them as a superuser could, with the
 * triggers off for its session (session_replication_role = replica).
 */
import { MikroORM } from '@mikro-orm/core';
import { withSession } from '../../src/database/sql-session';
import { ItemJournalService } from '../../src/item-journal/item-journal.service';
import { appendOnlyViolations, ledgerFingerprint, ledgerInvariantViolations } from '../../src/ledgers/ledger-invariants';
import { InventoryCostPostingService } from '../../src/posting/inventory-cost-posting.service';
import { SetupResourceService } from '../../src/setup/setup-resource.service';
import { resourceByPath } from '../../src/setup/setup-resources';
import { defaultChart } from '../../src/scenario/default-chart';
import { createTestContext } from '../support/test-database';

describe('ledger invariants (PostgreSQL)', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  const sql = <T>(work: Parameters<typeof withSession<T>>[1]) => withSession(ctx.app.get(MikroORM), work);
  const violations = () => sql((s) => ledgerInvariantViolations(s));
  const broken = async () => (await violations()).map((v) => v.invariant);
  /** Changes the ledger by hand, checks, and puts it back. */
  const byHand = (statement: string) => sql((s) => s.query(`SET session_replication_role = replica; ${statement}; RESET session_replication_role`));
  const tampered = async (change: string, undo: string): Promise<string[]> => {
    await byHand(change);
    try {
      return await broken();
    } finally {
      await byHand(undo);
    }
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    const setup = ctx.app.get(SetupResourceService);
    const scenarioLike = { setup: { items: [{ no: 'A' }] }, steps: [] } as never;
    await setup.applyAll([
      { spec: resourceByPath('items'), body: { no: 'A', costingMethod: 'FIFO' } },
      ...defaultChart(scenarioLike).map((c) => ({ spec: resourceByPath(c.resource), body: c.body })),
    ]);
    const journal = ctx.app.get(ItemJournalService);
    await journal.post(
      [
        { entryType: 'Purchase', itemNo: 'A', postingDate: '2024-01-10', quantity: '5', unitCost: '10' },
        { entryType: 'Sale', itemNo: 'A', postingDate: '2024-01-12', quantity: '2' },
      ],
      'TESTER',
    );
    await ctx.app.get(InventoryCostPostingService).post('TESTER', { method: 'PerEntry' });
  });

  afterAll(() => ctx.close());

  it('hold on postings made through the services', async () => {
    expect(await violations()).toEqual([]);
    expect(Number(await sql(async (s) => (await s.query<{ n: string }>('SELECT count(*) AS n FROM gl_entry'))[0].n))).toBeGreaterThan(0);
  });

  it('catch inventory totals that no longer add up to the value entries', async () => {
    expect(await tampered(`UPDATE inventory_total SET value = value + 1`, `UPDATE inventory_total SET value = value - 1`)).toContain(
      'inventory totals = Σ value entries per item, location and variant',
    );
  });

  it('catch inventory totals whose invoiced quantity no longer adds up to the item ledger entries', async () => {
    expect(
      await tampered(
        `UPDATE inventory_total SET invoiced_quantity = invoiced_quantity + 1`,
        `UPDATE inventory_total SET invoiced_quantity = invoiced_quantity - 1`,
      ),
    ).toContain("inventory totals' invoiced quantity = Σ item ledger entries' invoiced quantity per item, location and variant");
  });

  it('catch a remaining quantity that does not match the applications, or an open flag that does not match it', async () => {
    expect(
      await tampered(
        `UPDATE item_ledger_entry SET remaining_quantity = 4 WHERE entry_no = 1`,
        `UPDATE item_ledger_entry SET remaining_quantity = 3 WHERE entry_no = 1`,
      ),
    ).toContain('remaining quantity = quantity − Σ applications, open ⇔ remaining ≠ 0');
    expect(
      await tampered(`UPDATE item_ledger_entry SET open = false WHERE entry_no = 1`, `UPDATE item_ledger_entry SET open = true WHERE entry_no = 1`),
    ).toContain('remaining quantity = quantity − Σ applications, open ⇔ remaining ≠ 0');
  });

  it('catch an unbalanced G/L register and an inventory account that differs from the cost posted', async () => {
    const list = await tampered(`UPDATE gl_entry SET amount = amount + 1 WHERE entry_no = 1`, `UPDATE gl_entry SET amount = amount - 1 WHERE entry_no = 1`);
    expect(list).toContain('every G/L register balances (Σ debit = Σ credit)');
    expect(list).toContain('G/L balance of each inventory account = Σ cost posted to G/L of the value entries on it');
  });

  it('catch a value entry that moved to another item ledger entry', async () => {
    expect(
      await tampered(`UPDATE value_entry SET location_code = 'X' WHERE entry_no = 1`, `UPDATE value_entry SET location_code = '' WHERE entry_no = 1`),
    ).toContain('every value entry belongs to an item ledger entry of its item, location and variant');
  });

  it('catch a changed amount, an earlier valuation date and a deleted application (append-only)', async () => {
    const before = await sql((s) => ledgerFingerprint(s));
    const after = async (change: string, undo: string) => {
      await byHand(change);
      try {
        return appendOnlyViolations(before, await sql((s) => ledgerFingerprint(s))).map((v) => v.invariant);
      } finally {
        await byHand(undo);
      }
    };
    expect(
      await after(
        `UPDATE value_entry SET cost_amount_actual = cost_amount_actual + 0.01 WHERE entry_no = 1`,
        `UPDATE value_entry SET cost_amount_actual = cost_amount_actual - 0.01 WHERE entry_no = 1`,
      ),
    ).toEqual(['value entries (amounts, quantities, dates, types; a valuation date only moves later) never change once written (append-only)']);
    expect(
      await after(
        `UPDATE value_entry SET valuation_date = valuation_date - 1 WHERE entry_no = 2`,
        `UPDATE value_entry SET valuation_date = valuation_date + 1 WHERE entry_no = 2`,
      ),
    ).toHaveLength(1);
    expect(
      await after(
        `UPDATE value_entry SET valuation_date = valuation_date + 1 WHERE entry_no = 2`,
        `UPDATE value_entry SET valuation_date = valuation_date - 1 WHERE entry_no = 2`,
      ),
    ).toEqual([]);
    expect(
      await after(
        `CREATE TEMP TABLE saved AS SELECT * FROM item_application_entry WHERE entry_no = 2; DELETE FROM item_application_entry WHERE entry_no = 2`,
        `INSERT INTO item_application_entry SELECT * FROM saved; DROP TABLE saved`,
      ),
    ).toEqual(['item application entries never change once written (append-only)']);
    expect(appendOnlyViolations(before, await sql((s) => ledgerFingerprint(s)))).toEqual([]);
  });
});
