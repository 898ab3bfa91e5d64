import { AdjustmentService } from '../../src/adjustment/adjustment.service';
import { ItemJournalService } from '../../src/item-journal/item-journal.service';
import type { JournalLineInput } from '../../src/item-journal/journal-input';
import { SetupResourceService } from '../../src/setup/setup-resource.service';
import { resourceByPath } from '../../src/setup/setup-resources';
import { inventoryTotalsMismatches, scalar } from '../support/ledger-checks';
import { createTestContext } from '../support/test-database';
import { chart } from '../support/chart';

describe('Adjust Cost on PostgreSQL', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let journal: ItemJournalService;
  let adjustment: AdjustmentService;
  const line = (fields: Partial<JournalLineInput>): JournalLineInput => ({
    entryType: 'Purchase',
    itemNo: 'F',
    postingDate: '2024-01-10',
    quantity: '1',
    ...fields,
  });
  const cost = (entryNo: number) =>
    scalar(ctx.app, 'SELECT coalesce(sum(cost_amount_actual + cost_amount_expected), 0)::text FROM value_entry WHERE item_ledger_entry_no = $1', [entryNo]);
  /** One unit received at 5.00 on 2024-03-01, `sold` units sold the next day, then 1.00 of freight on the receipt on 2024-03-10: work for Adjust Cost. */
  const receiveSellThenCharge = async (itemNo: string, sold: string) => {
    const p = await journal.post([line({ itemNo, quantity: '1', unitCost: '5', postingDate: '2024-03-01' })], 'T');
    await journal.post([line({ itemNo, entryType: 'Sale', quantity: sold, postingDate: '2024-03-02' })], 'T');
    const assignments = [{ itemLedgerEntryNo: p.lines[0].itemLedgerEntryNos[0] }];
    await journal.post([{ kind: 'itemCharge', itemChargeNo: 'FREIGHT', postingDate: '2024-03-10', amount: '1', assignments }], 'T');
  };
  const setSetup = (body: object) => ctx.app.get(SetupResourceService).applyAll([{ spec: resourceByPath('inventory-setup'), body }]);

  beforeAll(async () => {
    ctx = await createTestContext();
    journal = ctx.app.get(ItemJournalService);
    adjustment = ctx.app.get(AdjustmentService);
    await ctx.app.get(SetupResourceService).applyAll([
      { spec: resourceByPath('items'), body: { no: 'F', costingMethod: 'FIFO' } },
      { spec: resourceByPath('items'), body: { no: 'G', costingMethod: 'FIFO' } },
      { spec: resourceByPath('items'), body: { no: 'AV', costingMethod: 'Average' } },
      { spec: resourceByPath('item-charges'), body: { no: 'FREIGHT' } },
      // Postings need the posting setup their value entries will post through (issue 15, item 3).
      ...chart(),
    ]);
  });
  afterAll(() => ctx.close());

  it('forwards cost, updates Unit Cost (R23) and writes nothing the second time', async () => {
    const p = await journal.post([line({ quantity: '3', unitCost: '10', invoice: false })], 'T');
    const s = await journal.post([line({ entryType: 'Sale', quantity: '2', postingDate: '2024-01-12' })], 'T');
    const [pNo, sNo] = [p.lines[0].itemLedgerEntryNos[0], s.lines[0].itemLedgerEntryNos[0]];
    await journal.post([{ kind: 'invoice', itemLedgerEntryNo: pNo, postingDate: '2024-01-20', unitCost: '13' }], 'T');
    const first = await adjustment.adjust('T');
    expect(first.entriesWritten).toBe(1);
    expect(await cost(sNo)).toBe('-26');
    expect(await scalar(ctx.app, "SELECT unit_cost::text FROM item WHERE no = 'F'")).toBe('13.00000');
    expect(await scalar(ctx.app, "SELECT cost_is_adjusted::text FROM item WHERE no = 'F'")).toBe('true');
    const second = await adjustment.adjust('T');
    expect([second.itemsWithWork, second.entriesWritten]).toEqual([0, 0]);
    expect(await inventoryTotalsMismatches(ctx.app)).toEqual([]);
  });

  it('adjusts automatically after posting within the window from the work date (R43, A-5)', async () => {
    const p = await journal.post([line({ itemNo: 'G', quantity: '1', unitCost: '10', postingDate: '2024-01-10' })], 'T');
    const s = await journal.post([line({ itemNo: 'G', entryType: 'Sale', postingDate: '2024-01-15' })], 'T');
    const [pNo, sNo] = [p.lines[0].itemLedgerEntryNos[0], s.lines[0].itemLedgerEntryNos[0]];
    const charge = (amount: string) => ({
      kind: 'itemCharge' as const,
      itemChargeNo: 'FREIGHT',
      postingDate: '2024-02-05',
      amount,
      assignments: [{ itemLedgerEntryNo: pNo }],
    });

    await setSetup({ automaticCostAdjustment: 'Week' });
    const week = await journal.post([charge('1')], 'T', { workDate: '2024-02-05' });
    expect(week.followUps).toEqual(['automatic cost adjustment: 0 value entries for 1 item(s)']);
    expect(await cost(sNo)).toBe('-10');

    await setSetup({ automaticCostAdjustment: 'Month' });
    const month = await journal.post([charge('2')], 'T', { workDate: '2024-02-05' });
    expect(month.followUps).toEqual(['automatic cost adjustment: 1 value entries for 1 item(s)']);
    expect(await cost(sNo)).toBe('-13');

    await setSetup({ automaticCostAdjustment: 'Never' });
    const never = await journal.post([charge('1')], 'T', { workDate: '2024-02-05' });
    expect(never.followUps).toEqual([]);
    expect(await cost(sNo)).toBe('-13');
  });

  it('recomputes Average items from the first unadjusted period, reading only what changed', async () => {
    await setSetup({ averageCostPeriod: 'Month' });
    await journal.post([line({ itemNo: 'AV', quantity: '4', unitCost: '10', postingDate: '2024-01-05' })], 'T');
    const jan = await journal.post([line({ itemNo: 'AV', entryType: 'Sale', quantity: '1', postingDate: '2024-01-20' })], 'T');
    const feb = await journal.post([line({ itemNo: 'AV', entryType: 'Sale', quantity: '1', postingDate: '2024-02-20' })], 'T');
    await adjustment.adjust('T', { items: ['AV'] });
    expect([await cost(jan.lines[0].itemLedgerEntryNos[0]), await cost(feb.lines[0].itemLedgerEntryNos[0])]).toEqual(['-10', '-10']);
    await journal.post([line({ itemNo: 'AV', quantity: '2', unitCost: '16', postingDate: '2024-02-01' })], 'T');
    const run = await adjustment.adjust('T', { items: ['AV'] });
    // February: (30 + 32) / 5 = 12.40
    expect(await cost(feb.lines[0].itemLedgerEntryNos[0])).toBe('-12.4');
    expect(await cost(jan.lines[0].itemLedgerEntryNos[0])).toBe('-10');
    expect(run.entriesWritten).toBe(1);
    expect(await scalar(ctx.app, "SELECT count(*)::text FROM avg_cost_adjmt_entry_point WHERE item_no = 'AV' AND NOT cost_is_adjusted")).toBe('0');
    expect(await inventoryTotalsMismatches(ctx.app)).toEqual([]);
  });

  it('stops with a clear error when the user may not post on the adjustment date (R110)', async () => {
    await receiveSellThenCharge('G', '2');
    await ctx.app.get(SetupResourceService).applyAll([{ spec: resourceByPath('user-setups'), body: { userId: 'LATE', allowPostingFrom: '2024-04-01' } }]);
    await expect(adjustment.adjust('LATE', { items: ['G'] })).rejects.toThrow(
      /Cost adjustment of item G, item ledger entry \d+: posting date \d{4}-\d{2}-\d{2} is not within your range of allowed posting dates \(User Setup: 2024-04-01/,
    );
    const ok = await adjustment.adjust('T', { items: ['G'] });
    expect(ok.entriesWritten).toBeGreaterThan(0);
  });

  // Batches read ahead (PIPELINE_DEPTH): when one fails, those read after it roll back, and none of
  // them fails the process with an unhandled rejection while the run waits for the first.
  it('rolls back the batches read ahead of a failed batch, then adjusts them all', async () => {
    const items = ['P1', 'P2', 'P3', 'P4', 'P5'];
    await ctx.app
      .get(SetupResourceService)
      .applyAll([
        ...items.map((no) => ({ spec: resourceByPath('items'), body: { no, costingMethod: 'FIFO' } })),
        { spec: resourceByPath('user-setups'), body: { userId: 'LATE', allowPostingFrom: '2024-04-01' } },
      ]);
    for (const itemNo of items) await receiveSellThenCharge(itemNo, '1');
    const adjustments = () => scalar(ctx.app, 'SELECT count(*)::text FROM value_entry WHERE adjustment AND item_no = ANY($1::text[])', [items]);
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      await expect(adjustment.adjust('LATE', { items, batchSize: 1, pipelineDepth: 3 })).rejects.toThrow(
        /Cost adjustment of item P1, item ledger entry \d+: posting date/,
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('unhandledRejection', record);
    }
    expect(unhandled).toEqual([]);
    expect(await adjustments()).toBe('0');
    await expect(adjustment.adjust('T', { items, pipelineDepth: -1 })).rejects.toThrow(/pipelineDepth must be a whole number of batches, 0 or more \(got -1\)/);
    expect(await adjustments()).toBe('0');
    const run = await adjustment.adjust('T', { items, batchSize: 1, pipelineDepth: 3 });
    expect(run.entriesWritten).toBe(5);
    expect(await adjustments()).toBe('5');
    expect((await adjustment.adjust('T', { items, batchSize: 1, pipelineDepth: 3 })).entriesWritten).toBe(0);
    expect(await inventoryTotalsMismatches(ctx.app)).toEqual([]);
  });
});
