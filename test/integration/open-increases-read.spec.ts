/**
 * Journal posting reads only the open increases a batch's decreases can reach (issue 12): per
 * item, variant and location, the first ones in the costing method's taking order (R19) until
 * the batch's decreases there are covered. Shown on the reader itself (FIFO and LIFO prefixes, a
 * variant, a tracked line's "all of them") and on postings whose decreases need more than the
 * first increase, with a back-dated purchase in the same batch; after each posting the ledger
 * invariants hold, including the inventory totals' net invoiced quantity (R23), which posting now
 * keeps instead of summing each item's history.
 */
import { MikroORM } from '@mikro-orm/core';
import { dec } from '../../src/common/decimal';
import { withSession } from '../../src/database/sql-session';
import { ItemJournalService } from '../../src/item-journal/item-journal.service';
import { ledgerInvariantViolations } from '../../src/ledgers/ledger-invariants';
import { loadOpenEntriesAt, loadInvoicedQuantities } from '../../src/ledgers/ledger-reader';
import { defaultChart } from '../../src/scenario/default-chart';
import { SetupResourceService } from '../../src/setup/setup-resource.service';
import { resourceByPath } from '../../src/setup/setup-resources';
import { createTestContext } from '../support/test-database';

describe('open increases a journal batch reads (PostgreSQL)', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  const sql = <T>(work: Parameters<typeof withSession<T>>[1]) => withSession(ctx.app.get(MikroORM), work);
  const journal = () => ctx.app.get(ItemJournalService);
  const purchases = (itemNo: string, variantCode = '') =>
    [1, 2, 3, 4, 5].map((day) => ({ entryType: 'Purchase', itemNo, variantCode, postingDate: `2025-01-0${day}`, quantity: '2', unitCost: String(10 * day) }));
  /** Entry numbers of the open increases of an item, by posting date. */
  const openIncreases = (itemNo: string) =>
    sql(async (s) =>
      (
        await s.query<{ entry_no: number; remaining: string }>(
          'SELECT entry_no, remaining_quantity::text AS remaining FROM item_ledger_entry WHERE item_no = $1 AND positive ORDER BY variant_code, posting_date, entry_no',
          [itemNo],
        )
      ).map((r) => [r.entry_no, Number(r.remaining)]),
    );

  beforeAll(async () => {
    ctx = await createTestContext();
    const scenarioLike = { setup: { items: [{ no: 'F' }, { no: 'L' }] }, steps: [] } as never;
    await ctx.app
      .get(SetupResourceService)
      .applyAll([
        { spec: resourceByPath('items'), body: { no: 'F', costingMethod: 'FIFO' } },
        { spec: resourceByPath('items'), body: { no: 'L', costingMethod: 'LIFO' } },
        ...defaultChart(scenarioLike).map((c) => ({ spec: resourceByPath(c.resource), body: c.body })),
      ]);
    // Entries 1–5 (F), 6–10 (L), 11–15 (F, variant X).
    await journal().post([...purchases('F'), ...purchases('L'), ...purchases('F', 'X')], 'TESTER');
  });

  afterAll(() => ctx.close());

  it('reads the prefix of the taking order that covers the quantity, or all of them without one', async () => {
    const read = (limits: Parameters<typeof loadOpenEntriesAt>[3]) =>
      sql(async (s) => (await loadOpenEntriesAt(s, [], [], limits)).map((e) => e.entryNo).sort((a, b) => a - b));
    const limit = (itemNo: string, quantity: string | null, latestFirst = false, variantCode = '') => ({
      itemNo,
      variantCode,
      locationCode: '',
      quantity: quantity === null ? null : dec(quantity),
      latestFirst,
    });
    // FIFO: 3 needs entries 1 (2) and 2 (1 of 2); 4 is covered by exactly 1 and 2; 4.5 needs 3.
    expect(await read([limit('F', '3')])).toEqual([1, 2]);
    expect(await read([limit('F', '4')])).toEqual([1, 2]);
    expect(await read([limit('F', '4.5')])).toEqual([1, 2, 3]);
    // LIFO takes the latest first.
    expect(await read([limit('L', '3', true)])).toEqual([9, 10]);
    // A variant is its own list; a tracked line's limit has no quantity: all of them.
    expect(await read([limit('F', '1', false, 'X')])).toEqual([11]);
    expect(await read([limit('F', null)])).toEqual([1, 2, 3, 4, 5]);
    // More than there is: all of them.
    expect(await read([limit('F', '100'), limit('L', '1', true)])).toEqual([1, 2, 3, 4, 5, 10]);
  });

  it('posts decreases that need more than the first increase as with every open increase read', async () => {
    const receipt = await journal().post(
      [
        // Back-dated: FIFO takes it before entry 1, although it is posted in the same batch.
        { entryType: 'Purchase', itemNo: 'F', postingDate: '2024-12-31', quantity: '1', unitCost: '5', invoice: false },
        { entryType: 'Sale', itemNo: 'F', postingDate: '2025-01-10', quantity: '3' },
        { entryType: 'Sale', itemNo: 'F', postingDate: '2025-01-10', quantity: '2' },
        { entryType: 'Sale', itemNo: 'L', postingDate: '2025-01-10', quantity: '3' },
        { entryType: 'Sale', itemNo: 'F', variantCode: 'X', postingDate: '2025-01-10', quantity: '5' },
      ],
      'TESTER',
    );
    expect(receipt.lines).toHaveLength(5);
    // The back-dated purchase (entry 16) first, then 1 and 2 whole; 3 and later untouched.
    expect(await openIncreases('F')).toEqual([
      [16, 0],
      [1, 0],
      [2, 0],
      [3, 2],
      [4, 2],
      [5, 2],
      [11, 0],
      [12, 0],
      [13, 1],
      [14, 2],
      [15, 2],
    ]);
    expect(await openIncreases('L')).toEqual([
      [6, 2],
      [7, 2],
      [8, 2],
      [9, 1],
      [10, 0],
    ]);
    // Sales at cost of what they took: 5 + 2 × 10 = 25, 2 × 20 = 40; LIFO 2 × 50 + 40 = 140.
    const costs = await sql((s) =>
      s.query<{ item_ledger_entry_no: number; cost: string }>(
        `SELECT item_ledger_entry_no, (cost_amount_actual + cost_amount_expected)::text AS cost FROM value_entry WHERE item_ledger_entry_no IN (17, 18, 19) ORDER BY 1`,
      ),
    );
    expect(costs.map((c) => Number(c.cost))).toEqual([-25, -40, -140]);
    expect(await sql((s) => ledgerInvariantViolations(s))).toEqual([]);
  });

  it('keeps the net invoiced quantity per item in the inventory totals as entries are invoiced', async () => {
    const before = await sql((s) => loadInvoicedQuantities(s, ['F']));
    // Entry 16 was received without its invoice: invoicing it moves F's net invoiced quantity by 1.
    await journal().post([{ kind: 'invoice', itemLedgerEntryNo: 16, postingDate: '2025-01-11', unitCost: '6' }], 'TESTER');
    const after = await sql((s) => loadInvoicedQuantities(s, ['F']));
    expect(
      after
        .get('F')
        ?.minus(before.get('F') ?? 0)
        .toFixed(),
    ).toBe('1');
    const summed = await sql((s) => s.query<{ q: string }>(`SELECT sum(invoiced_quantity)::text AS q FROM item_ledger_entry WHERE item_no = 'F'`));
    expect(after.get('F')?.toFixed()).toBe(dec(summed[0].q).toFixed());
    expect(await sql((s) => ledgerInvariantViolations(s))).toEqual([]);
  });
});
