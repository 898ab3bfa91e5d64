import { MikroORM } from '@mikro-orm/core';
import { Dec } from '../../src/common/decimal';
import { withSession } from '../../src/database/sql-session';
import { LedgerQueryService } from '../../src/ledgers/ledger-query.service';
import { AdjustmentService } from '../../src/adjustment/adjustment.service';
import { ItemJournalService } from '../../src/item-journal/item-journal.service';
import type { JournalLineInput } from '../../src/item-journal/journal-input';
import { InventoryPeriodsService } from '../../src/period-close/inventory-periods.service';
import { GLJournalService } from '../../src/posting/gl-journal.service';
import { InventoryCostPostingService } from '../../src/posting/inventory-cost-posting.service';
import { type DrillGlEntry, InventoryGLReconciliationService } from '../../src/reconciliation/inventory-gl-reconciliation.service';
import { SetupResourceService } from '../../src/setup/setup-resource.service';
import { resourceByPath } from '../../src/setup/setup-resources';
import { chart } from '../support/chart';
import { expectGLInvariants } from '../support/gl-invariants';
import { inventoryTotalsMismatches, scalar } from '../support/ledger-checks';
import { createTestContext } from '../support/test-database';

describe('general ledger: posting, reconciliation, inventory periods', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let journal: ItemJournalService;
  let glPosting: InventoryCostPostingService;
  let reconciliation: InventoryGLReconciliationService;
  const line = (fields: Partial<JournalLineInput>): JournalLineInput => ({
    entryType: 'Purchase',
    itemNo: 'A',
    postingDate: '2024-01-10',
    quantity: '1',
    ...fields,
  });
  const apply = (changes: { spec: ReturnType<typeof resourceByPath>; body: unknown }[]) => ctx.app.get(SetupResourceService).applyAll(changes);

  beforeAll(async () => {
    ctx = await createTestContext();
    journal = ctx.app.get(ItemJournalService);
    glPosting = ctx.app.get(InventoryCostPostingService);
    reconciliation = ctx.app.get(InventoryGLReconciliationService);
    await apply([
      ...chart(['', 'BLUE']),
      { spec: resourceByPath('locations'), body: { code: 'BLUE' } },
      { spec: resourceByPath('items'), body: { no: 'A', costingMethod: 'FIFO', overheadRate: '1' } },
      { spec: resourceByPath('items'), body: { no: 'B', costingMethod: 'FIFO' } },
      { spec: resourceByPath('items'), body: { no: 'C', costingMethod: 'FIFO' } },
      { spec: resourceByPath('items'), body: { no: 'ORPHAN', costingMethod: 'FIFO', inventoryPostingGroup: 'NOSETUP' } },
      { spec: resourceByPath('item-charges'), body: { no: 'FREIGHT' } },
      ...['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30'].map((endingDate) => ({ spec: resourceByPath('inventory-periods'), body: { endingDate } })),
    ]);
  });
  afterAll(() => ctx.close());

  it('posts every value entry once, per entry, with balanced registers and relations (R99–R101, R8)', async () => {
    await journal.post([line({ quantity: '10', unitCost: '7' }), line({ entryType: 'Sale', quantity: '4', postingDate: '2024-01-15' })], 'T');
    const first = await glPosting.post('T');
    expect(first).toMatchObject({ glRegisterNo: 1, glEntries: 6, valueEntriesPosted: 3, skipped: [] });
    expect(await scalar(ctx.app, "SELECT sum(amount)::text FROM gl_entry WHERE account_no = '2130'")).toBe('48');
    expect(await scalar(ctx.app, "SELECT sum(amount)::text FROM gl_entry WHERE account_no = '7290'")).toBe('32');
    const again = await glPosting.post('T');
    expect([again.glRegisterNo, again.glEntries, again.valueEntriesPosted]).toEqual([null, 0, 0]);
    await expectGLInvariants(ctx.app);
  });

  it("keeps a BRIN index on the relations' value entry, and finds the G/L entries each value entry fed (R8, issue 12)", async () => {
    const method = await scalar(
      ctx.app,
      "SELECT am.amname FROM pg_class c JOIN pg_am am ON am.oid = c.relam WHERE c.relname = 'gl_item_ledger_relation_value_entry_idx'",
    );
    expect(method).toBe('brin');
    const ledgers = ctx.app.get(LedgerQueryService);
    const expected = await withSession(ctx.app.get(MikroORM), (sql) =>
      sql.query<{ value_entry_no: number; gl_entry_no: number }>(
        'SELECT value_entry_no, gl_entry_no FROM gl_item_ledger_relation ORDER BY value_entry_no, gl_entry_no',
      ),
    );
    expect(expected).toHaveLength(6);
    for (const valueEntryNo of new Set(expected.map((r) => r.value_entry_no))) {
      const page = await ledgers.page('gl-item-ledger-relations', { valueEntryNo });
      expect(page.items.map((r) => [r.valueEntryNo, r.glEntryNo])).toEqual(
        expected.filter((r) => r.value_entry_no === valueEntryNo).map((r) => [r.value_entry_no, r.gl_entry_no]),
      );
    }
  });

  it('groups per posting group: one G/L entry per date, groups, account and sign, traced by relation amounts (R106)', async () => {
    await journal.post(
      [
        line({ itemNo: 'B', quantity: '2', unitCost: '5', postingDate: '2024-02-01' }),
        line({ itemNo: 'B', quantity: '3', unitCost: '6', postingDate: '2024-02-01' }),
        line({ itemNo: 'B', entryType: 'Sale', quantity: '1', postingDate: '2024-02-01' }),
      ],
      'T',
    );
    const run = await glPosting.post('T', { method: 'PerPostingGroup', documentNo: 'FEB-INV' });
    // 2130 debit 28, 2130 credit 5, 7291 credit 28, 7290 debit 5
    expect(run.glEntries).toBe(4);
    expect(await scalar(ctx.app, `SELECT count(*)::text FROM gl_item_ledger_relation WHERE gl_register_no = ${run.glRegisterNo}`)).toBe('6');
    expect(
      await scalar(
        ctx.app,
        `SELECT string_agg(account_no || ':' || amount::text, ' ' ORDER BY entry_no) FROM gl_entry WHERE register_no = ${run.glRegisterNo}`,
      ),
    ).toBe('2130:28 7291:-28 2130:-5 7290:5');
    expect(await scalar(ctx.app, `SELECT string_agg(DISTINCT document_no, ',') FROM gl_entry WHERE register_no = ${run.glRegisterNo}`)).toBe('FEB-INV');
    await expectGLInvariants(ctx.app);
  });

  it('pages the relations of a G/L entry per posting group across pages without losing one (R8)', async () => {
    // Per posting group a G/L entry has a relation per value entry it sums: the G/L entry number
    // alone is no cursor, a page that ends inside such an entry must go on where it stopped.
    const ledgers = ctx.app.get(LedgerQueryService);
    const all = await withSession(ctx.app.get(MikroORM), (sql) =>
      sql.query<{ gl_entry_no: number; value_entry_no: number }>(
        'SELECT gl_entry_no, value_entry_no FROM gl_item_ledger_relation ORDER BY gl_entry_no, value_entry_no',
      ),
    );
    const shared = all.filter((r, i) => all.findIndex((o) => o.gl_entry_no === r.gl_entry_no) !== i);
    expect(shared.length).toBeGreaterThan(0);
    const seen: [number, number][] = [];
    let cursor: { after?: number; afterValueEntryNo?: number } = {};
    for (let pages = 0; pages <= all.length; pages++) {
      const page = await ledgers.page('gl-item-ledger-relations', { ...cursor, limit: 1 });
      seen.push(...page.items.map((r) => [r.glEntryNo as number, r.valueEntryNo as number] as [number, number]));
      if (page.nextAfter === null) break;
      expect(page.nextAfterValueEntryNo).toBe(seen[seen.length - 1][1]);
      cursor = { after: page.nextAfter, afterValueEntryNo: page.nextAfterValueEntryNo ?? undefined };
    }
    expect(seen).toEqual(all.map((r) => [r.gl_entry_no, r.value_entry_no]));
    // `after` alone still means: after that whole G/L entry.
    const split = shared[0];
    const afterEntry = await ledgers.page('gl-item-ledger-relations', { after: split.gl_entry_no });
    expect(afterEntry.items[0].glEntryNo).toBeGreaterThan(split.gl_entry_no);
    // The value entry part of the cursor belongs to this ledger, and needs its G/L entry.
    await expect(ledgers.page('gl-item-ledger-relations', { afterValueEntryNo: 1 })).rejects.toThrow(/afterValueEntryNo.*after/);
    await expect(ledgers.page('gl-entries', { after: 1, afterValueEntryNo: 1 })).rejects.toThrow(/not a filter of gl-entries/);
  });

  it('posts per posting group under a location code with quotes and backslashes, read back exactly (R101, R106)', async () => {
    // Posting reads each value entry's location and groups as one row value's text (issue 12): any code must survive it.
    const odd = 'Q"\\1';
    await apply([
      { spec: resourceByPath('locations'), body: { code: odd } },
      ...chart([odd]).filter((c) => c.spec === resourceByPath('inventory-posting-setups')),
    ]);
    await journal.post([line({ itemNo: 'C', quantity: '2', unitCost: '3', postingDate: '2024-02-02', locationCode: odd })], 'T');
    const run = await glPosting.post('T', { method: 'PerPostingGroup', documentNo: 'ODD' });
    expect(run.skipped).toEqual([]);
    expect(
      await scalar(
        ctx.app,
        `SELECT string_agg(account_no || ':' || amount::text || ':' || description, ' | ' ORDER BY entry_no) FROM gl_entry WHERE register_no = ${run.glRegisterNo}`,
      ),
    ).toBe(`2130:6:Inventory cost ${odd} RESALE  RETAIL | 7291:-6:Inventory cost ${odd} RESALE  RETAIL`);
    await expectGLInvariants(ctx.app);
  });

  it('skips an entry it cannot post, whole, with the reason; posts it once the cause is gone (R105, R107)', async () => {
    // Posting refuses a line without posting setup (issue 15, item 3): the setup goes after posting.
    const orphanSetup = {
      spec: resourceByPath('inventory-posting-setups'),
      body: { locationCode: '', inventoryPostingGroup: 'NOSETUP', inventoryAccount: '2130' },
    };
    await apply([orphanSetup]);
    await journal.post([line({ itemNo: 'ORPHAN', quantity: '1', unitCost: '3', postingDate: '2024-02-05' })], 'T');
    await ctx.app.get(SetupResourceService).remove(orphanSetup.spec, { locationCode: '', inventoryPostingGroup: 'NOSETUP' });
    const run = await glPosting.post('T');
    expect(run.glEntries).toBe(0);
    expect(run.skipped).toEqual([
      { valueEntryNo: expect.any(Number), reason: "no Inventory Posting Setup for location '' and inventory posting group 'NOSETUP'" },
    ]);
    await apply([{ spec: resourceByPath('inventory-posting-setups'), body: { locationCode: '', inventoryPostingGroup: 'NOSETUP', inventoryAccount: '2130' } }]);
    expect((await glPosting.post('T')).glEntries).toBe(2);

    await journal.post([line({ itemNo: 'B', quantity: '1', unitCost: '4', postingDate: '2024-02-06' })], 'T');
    await apply([{ spec: resourceByPath('general-ledger-setup'), body: { allowPostingFrom: '2024-02-10' } }]);
    const dated = await glPosting.post('T');
    expect(dated.skipped[0].reason).toMatch(/Posting date 2024-02-06 is not within your range of allowed posting dates/);
    await apply([{ spec: resourceByPath('general-ledger-setup'), body: { allowPostingFrom: null } }]);
    expect((await glPosting.post('T')).valueEntriesPosted).toBe(1);
    await expectGLInvariants(ctx.app);
  });

  it('explains every difference: the causes of each account type sum exactly to it (R123)', async () => {
    // Unposted: a sale posted after the last run. Expected cost not posted: a receipt not invoiced.
    // Direct posting: the general journal on the inventory account. Setup changed: the COGS account
    // moves after something was posted to it. Skipped for its date: an entry outside the range.
    await journal.post([line({ itemNo: 'B', entryType: 'Sale', quantity: '2', postingDate: '2024-02-20' })], 'T');
    await journal.post([line({ itemNo: 'B', quantity: '5', unitCost: '2', postingDate: '2024-02-21', invoice: false })], 'T');
    await ctx.app.get(GLJournalService).post(
      [
        { accountNo: '2130', postingDate: '2024-02-22', amount: '12.50', documentNo: 'MAN1' },
        { accountNo: '7270', postingDate: '2024-02-22', amount: '-12.50', documentNo: 'MAN1' },
      ],
      'T',
    );
    await apply([
      { spec: resourceByPath('gl-accounts'), body: { no: '7295', name: 'COGS (new)' } },
      { spec: resourceByPath('general-posting-setups'), body: { genBusPostingGroup: '', genProdPostingGroup: 'RETAIL', cogsAccount: '7295' } },
    ]);
    const r = await reconciliation.reconcile({ startDate: null, endDate: null }, 'T');
    const line_ = (t: string) => r.lines.find((l) => l.accountType === t)!;
    const causes = (t: string) => Object.fromEntries(r.causes.filter((c) => c.accountType === t).map((c) => [c.cause, c.amount.toFixed()]));
    for (const l of r.lines) {
      const sum = r.causes.filter((c) => c.accountType === l.accountType).reduce((s, c) => s.plus(c.amount), new Dec(0));
      expect([l.accountType, sum.toFixed()]).toEqual([l.accountType, l.difference.toFixed()]);
      expect(r.causes.filter((c) => c.accountType === l.accountType && c.cause === 'unexplained')).toEqual([]);
    }
    expect(line_('inventory').difference.toFixed()).toBe('23.5');
    expect(causes('inventory')).toEqual({ notPostedToGL: '11', directGLPosting: '12.5' });
    expect(causes('inventoryInterim')).toEqual({ expectedCostNotPosted: '-10' });
    expect(causes('cogs')).toEqual({ notPostedToGL: '-11', postingSetupChanged: '-37' });
    expect(line_('cogs').glTotal.toFixed()).toBe('0');
    const unposted = r.causes.find((c) => c.accountType === 'inventory' && c.cause === 'notPostedToGL')!;
    expect(unposted.entryCount).toBe(1);
    const drill = await reconciliation.drillDown({ startDate: null, endDate: null }, 'inventory', 'directGLPosting', 0, 10, 'T');
    expect(drill.kind).toBe('glEntries');
    expect((drill.items as DrillGlEntry[]).map((g) => [g.accountNo, g.amount])).toEqual([['2130', '12.5']]);
    const notPosted = await reconciliation.drillDown({ startDate: null, endDate: null }, 'cogs', 'notPostedToGL', 0, 10, 'T');
    expect(notPosted.items).toHaveLength(1);
    await apply([{ spec: resourceByPath('general-posting-setups'), body: { genBusPostingGroup: '', genProdPostingGroup: 'RETAIL', cogsAccount: '7290' } }]);
    await glPosting.post('T');
  });

  it('closes a period only when it is clean, naming the cause, and refuses postings dated in it (R114–R117)', async () => {
    const periods = ctx.app.get(InventoryPeriodsService);
    const sale = await journal.post([line({ itemNo: 'C', entryType: 'Sale', quantity: '50', postingDate: '2024-01-25', unitCost: '0.90' })], 'T');
    expect((await periods.test('2024-01-31')).filter((b) => b.itemNo === 'C').map((b) => b.kind)).toEqual(['openOutboundEntry']);
    await expect(periods.close('2024-01-31', 'T')).rejects.toThrow(/negative inventory for one or more items\. Open outbound entries: \d+/);
    const receipt = await journal.post([line({ itemNo: 'C', quantity: '60', unitCost: '1', postingDate: '2024-01-26' })], 'T');
    await expect(periods.close('2024-01-31', 'T')).rejects.toThrow(/not been adjusted\. Run Adjust Cost – Item Entries for: [A-Z, ]*C/);
    await ctx.app.get(AdjustmentService).adjust('T');
    await expect(periods.close('2024-02-29', 'T')).rejects.toThrow(/Close the inventory period ending 2024-01-31 first/);
    expect(await periods.close('2024-01-31', 'T')).toEqual({ endingDate: '2024-01-31', inventoryPeriodEntryNo: 1 });

    const before = await scalar(ctx.app, 'SELECT count(*)::text FROM item_ledger_entry');
    await expect(journal.post([line({ itemNo: 'C', postingDate: '2024-01-31', unitCost: '1' })], 'T')).rejects.toThrow(/is in a closed inventory period/);
    expect(await scalar(ctx.app, 'SELECT count(*)::text FROM item_ledger_entry')).toBe(before);

    // A cost change reaching a decrease dated in the closed period is adjusted on the first open day (R109).
    const saleNo = sale.lines[0].itemLedgerEntryNos[0];
    await journal.post(
      [
        {
          kind: 'itemCharge',
          itemChargeNo: 'FREIGHT',
          postingDate: '2024-02-25',
          amount: '6',
          assignments: [{ itemLedgerEntryNo: receipt.lines[0].itemLedgerEntryNos[0] }],
        },
      ],
      'T',
    );
    await ctx.app.get(AdjustmentService).adjust('T');
    expect(
      await scalar(
        ctx.app,
        `SELECT string_agg(posting_date::text || ' ' || valuation_date::text || ' ' || cost_amount_actual::text, ',' ORDER BY entry_no) FROM value_entry WHERE adjustment AND item_ledger_entry_no = ${saleNo}`,
      ),
    ).toBe('2024-01-25 2024-01-26 -5,2024-02-01 2024-01-26 -5');

    const reopened = await periods.reopen('2024-01-31', 'T');
    expect(reopened.reopened).toEqual(['2024-01-31']);
    expect((await periods.list()).filter((p) => p.closed)).toEqual([]);
    expect(await scalar(ctx.app, "SELECT string_agg(entry_type, ',' ORDER BY entry_no) FROM inventory_period_entry")).toBe('Close,ReOpen');
    expect(await inventoryTotalsMismatches(ctx.app)).toEqual([]);
  });

  it('posts to G/L automatically with each posting when Automatic Cost Posting is on (R10, R122)', async () => {
    await apply([{ spec: resourceByPath('inventory-setup'), body: { automaticCostPosting: true } }]);
    await glPosting.post('T');
    const registers = Number(await scalar(ctx.app, 'SELECT count(*)::text FROM gl_register'));
    const receipt = await journal.post([line({ itemNo: 'B', quantity: '2', unitCost: '9', postingDate: '2024-03-05' })], 'T');
    expect(receipt.followUps).toEqual(['automatic cost posting: 2 G/L entries']);
    expect(Number(await scalar(ctx.app, 'SELECT count(*)::text FROM gl_register'))).toBe(registers + 1);
    expect(await scalar(ctx.app, 'SELECT count(*)::text FROM value_entry_with_gl WHERE cost_amount_actual <> cost_posted_to_gl')).toBe('0');
    await apply([{ spec: resourceByPath('inventory-setup'), body: { automaticCostPosting: false } }]);
    await expectGLInvariants(ctx.app);
  });

  it('posts the expected part of an entry later, once Expected Cost Posting to G/L is turned on (R15, R99)', async () => {
    // A receipt of 10 at 10 (expected 100), invoiced 4 at 11: the invoice's value entry holds
    // actual 44 and expected -40. With expected cost posting off only its actual part posts.
    const receipt = await journal.post([line({ itemNo: 'B', quantity: '10', unitCost: '10', postingDate: '2024-04-02', invoice: false })], 'T');
    const ile = receipt.lines[0].itemLedgerEntryNos[0];
    await journal.post([{ kind: 'invoice', itemLedgerEntryNo: ile, postingDate: '2024-04-03', quantity: '4', unitCost: '11' }], 'T');
    const invoiceVe = await scalar(ctx.app, `SELECT max(entry_no)::text FROM value_entry WHERE item_ledger_entry_no = ${ile}`);
    await glPosting.post('T');
    expect(
      await scalar(ctx.app, `SELECT cost_posted_to_gl::text || ' ' || expected_cost_posted_to_gl::text FROM value_entry_with_gl WHERE entry_no = ${invoiceVe}`),
    ).toBe('44 0');
    await apply([{ spec: resourceByPath('inventory-setup'), body: { expectedCostPostingToGL: true } }]);
    const later = await glPosting.post('T');
    expect(later.skipped).toEqual([]);
    expect(
      await scalar(ctx.app, `SELECT cost_posted_to_gl::text || ' ' || expected_cost_posted_to_gl::text FROM value_entry_with_gl WHERE entry_no = ${invoiceVe}`),
    ).toBe('44 -40');
    // Inventory (Interim): 100 - 40 here, and the 10 of the receipt left uninvoiced earlier.
    expect(await scalar(ctx.app, "SELECT sum(amount)::text FROM gl_entry WHERE account_no = '2131'")).toBe('70');
    expect(
      await scalar(
        ctx.app,
        'SELECT count(*)::text FROM value_entry_with_gl WHERE cost_amount_actual <> cost_posted_to_gl OR cost_amount_expected <> expected_cost_posted_to_gl',
      ),
    ).toBe('0');
    await apply([{ spec: resourceByPath('inventory-setup'), body: { expectedCostPostingToGL: false } }]);
    await expectGLInvariants(ctx.app);
  });
});
