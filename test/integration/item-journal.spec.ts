import type { INestApplicationContext } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { ValidationError, PostingRefusedError } from '../../src/common/errors';
import { withSession } from '../../src/database/sql-session';
import { ItemJournalService } from '../../src/item-journal/item-journal.service';
import type { JournalLineInput } from '../../src/item-journal/journal-input';
import { SetupResourceService } from '../../src/setup/setup-resource.service';
import { resourceByPath } from '../../src/setup/setup-resources';
import { createTestContext } from '../support/test-database';
import { chart } from '../support/chart';

describe('item journal posting (PostgreSQL)', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let journal: ItemJournalService;
  let app: INestApplicationContext;

  const count = (table: string) =>
    withSession(app.get(MikroORM), async (sql) => Number((await sql.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0].n));
  const costOf = (entryNo: number) =>
    withSession(
      app.get(MikroORM),
      async (sql) =>
        (
          await sql.query<{ c: string }>('SELECT coalesce(sum(cost_amount_actual), 0)::text AS c FROM value_entry WHERE item_ledger_entry_no = $1', [entryNo])
        )[0].c,
    );
  const line = (fields: Partial<JournalLineInput>): JournalLineInput => ({
    entryType: 'Purchase',
    itemNo: 'A',
    postingDate: '2024-01-10',
    quantity: '1',
    unitCost: '10',
    ...fields,
  });

  beforeAll(async () => {
    ctx = await createTestContext();
    app = ctx.app;
    journal = app.get(ItemJournalService);
    const setup = app.get(SetupResourceService);
    await setup.applyAll([
      { spec: resourceByPath('items'), body: { no: 'A', costingMethod: 'FIFO' } },
      { spec: resourceByPath('items'), body: { no: 'B', costingMethod: 'FIFO' } },
      { spec: resourceByPath('items'), body: { no: 'S', costingMethod: 'Standard', standardCost: '15' } },
      { spec: resourceByPath('locations'), body: { code: 'BLUE' } },
      { spec: resourceByPath('locations'), body: { code: 'RED' } },
      { spec: resourceByPath('item-charges'), body: { no: 'FREIGHT' } },
      { spec: resourceByPath('inventory-periods'), body: { endingDate: '2023-12-31', closed: true } },
      // Postings need the posting setup their value entries will post through (issue 15, item 3).
      ...chart(['', 'BLUE', 'RED']),
    ]);
  });

  afterAll(() => ctx.close());

  it('posts a batch in one transaction with gap-free entry numbers and an item register', async () => {
    const receipt = await journal.post(
      [line({ quantity: '5' }), line({ entryType: 'Sale', quantity: '2', unitCost: undefined, postingDate: '2024-01-12' })],
      'TESTER',
    );
    expect(receipt.lines.map((l) => l.itemLedgerEntryNos)).toEqual([[1], [2]]);
    expect(receipt.itemRegisterNo).toBe(1);
    expect(await costOf(2)).toBe('-20');
    expect(await count('item_application_entry')).toBe(2);
  });

  it('refuses a 1,000-line batch whose 700th line is bad, naming line 700, and writes nothing', async () => {
    const before = [await count('item_ledger_entry'), await count('value_entry'), await count('item_register')];
    const lines = Array.from({ length: 1000 }, (_, i) => line({ itemNo: i % 2 ? 'A' : 'B', quantity: '1', documentNo: `BULK${i}` }));
    lines[699] = line({ quantity: '0' });
    const error = await journal.post(lines, 'TESTER').catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/^line 700, field quantity: must not be 0/);
    expect(error.details).toEqual([{ line: 700, field: 'quantity', message: 'must not be 0' }]);
    expect([await count('item_ledger_entry'), await count('value_entry'), await count('item_register')]).toEqual(before);
  });

  it('reports every static problem of a batch with its line and field', async () => {
    const error = await journal
      .post([line({ itemNo: 'NOPE' }), line({ locationCode: 'GREEN' }), line({ quantity: 'ten' }), line({ postingDate: '2024-02-30' })], 'TESTER')
      .catch((e) => e);
    expect(error.details).toEqual([
      { line: 1, field: 'itemNo', message: "Item 'NOPE' does not exist" },
      { line: 2, field: 'locationCode', message: "Location 'GREEN' does not exist" },
      { line: 3, field: 'quantity', message: "'ten' is not a decimal number" },
      { line: 4, field: 'postingDate', message: "'2024-02-30' is not a date (YYYY-MM-DD)" },
    ]);
  });

  it('rolls back a batch when a later line is refused while posting (over-application)', async () => {
    const before = await count('item_ledger_entry');
    const error = await journal
      .post([line({ itemNo: 'B', quantity: '3' }), line({ itemNo: 'B', entryType: 'Purchase', quantity: '-2', appliesToEntry: 1 })], 'TESTER')
      .catch((e) => e);
    expect(error.message).toMatch(/line 2, field appliesTo: Item ledger entry 1 is for item A, not B/);
    expect(await count('item_ledger_entry')).toBe(before);
    const over = await journal.post([line({ quantity: '-4', appliesToEntry: 1 })], 'TESTER').catch((e) => e);
    expect(over.message).toMatch(/line 1, field quantity: Over-application: item ledger entry 1 has 3 remaining/);
  });

  it('keeps entry numbers gap-free after a refused batch', async () => {
    const before = await count('item_ledger_entry');
    const receipt = await journal.post([line({ itemNo: 'B', quantity: '1' })], 'TESTER');
    expect(receipt.lines[0].itemLedgerEntryNos).toEqual([before + 1]);
  });

  it('refuses postings in a closed inventory period and outside the allowed range (R110, R114)', async () => {
    const closed = await journal.post([line({ postingDate: '2023-12-15' })], 'TESTER').catch((e) => e);
    expect(closed).toBeInstanceOf(PostingRefusedError);
    expect(closed.message).toMatch(/line 1, field postingDate: Posting date 2023-12-15 is in a closed inventory period/);
    await app.get(SetupResourceService).applyAll([{ spec: resourceByPath('user-setups'), body: { userId: 'NARROW', allowPostingFrom: '2024-02-01' } }]);
    const narrow = await journal.post([line({})], 'NARROW').catch((e) => e);
    expect(narrow.message).toMatch(/not within your range of allowed posting dates \(User Setup: 2024-02-01/);
  });

  it('invoices a receipt in parts, moving expected cost to actual (R61, R62)', async () => {
    const receipt = await journal.post([line({ itemNo: 'B', quantity: '4', unitCost: '10', invoice: false })], 'TESTER');
    const entryNo = receipt.lines[0].itemLedgerEntryNos[0];
    await journal.post([{ kind: 'invoice', itemLedgerEntryNo: entryNo, postingDate: '2024-01-20', quantity: '1', unitCost: '12' }], 'TESTER');
    await journal.post([{ kind: 'invoice', itemLedgerEntryNo: entryNo, postingDate: '2024-01-25' }], 'TESTER');
    const rows = await withSession(app.get(MikroORM), (sql) =>
      sql.query<{ a: string; e: string; i: string }>(
        'SELECT cost_amount_actual::text a, cost_amount_expected::text e, invoiced_quantity::text i FROM value_entry WHERE item_ledger_entry_no = $1 ORDER BY entry_no',
        [entryNo],
      ),
    );
    expect(rows).toEqual([
      { a: '0', e: '40', i: '0' },
      { a: '12', e: '-10', i: '1' },
      { a: '30', e: '-30', i: '3' },
    ]);
    const again = await journal.post([{ kind: 'invoice', itemLedgerEntryNo: entryNo, postingDate: '2024-01-26' }], 'TESTER').catch((e) => e);
    expect(again.message).toMatch(/already completely invoiced/);
  });

  it('assigns an item charge split by quantity, and moves variance on a Standard item (R67, R77)', async () => {
    const a = await journal.post([line({ quantity: '1', unitCost: '10' })], 'TESTER');
    const s = await journal.post([line({ itemNo: 'S', quantity: '3', unitCost: '12' })], 'TESTER');
    const [aNo, sNo] = [a.lines[0].itemLedgerEntryNos[0], s.lines[0].itemLedgerEntryNos[0]];
    expect(await costOf(sNo)).toBe('45');
    await journal.post(
      [
        {
          kind: 'itemCharge',
          itemChargeNo: 'FREIGHT',
          postingDate: '2024-01-30',
          amount: '8',
          assignments: [{ itemLedgerEntryNo: aNo }, { itemLedgerEntryNo: sNo }],
        },
      ],
      'TESTER',
    );
    expect(await costOf(aNo)).toBe('12');
    expect(await costOf(sNo)).toBe('45');
  });

  it('undoes a receipt with a fixed-applied correction at its exact cost', async () => {
    const r = await journal.post([line({ itemNo: 'B', quantity: '2', unitCost: '7', invoice: false, locationCode: 'RED' })], 'TESTER');
    const no = r.lines[0].itemLedgerEntryNos[0];
    const undo = await journal.post([{ kind: 'undo', itemLedgerEntryNo: no, postingDate: '2024-01-11' }], 'TESTER');
    const correction = undo.lines[0].itemLedgerEntryNos[0];
    const rows = await withSession(app.get(MikroORM), (sql) =>
      sql.query<{ entry_no: number; open: boolean; correction: boolean; applies_to_entry: number | null }>(
        'SELECT entry_no, open, correction, applies_to_entry FROM item_ledger_entry WHERE entry_no = ANY($1::int[]) ORDER BY entry_no',
        [[no, correction]],
      ),
    );
    expect(rows).toEqual([
      { entry_no: no, open: false, correction: false, applies_to_entry: null },
      { entry_no: correction, open: false, correction: true, applies_to_entry: no },
    ]);
    const twice = await journal.post([{ kind: 'undo', itemLedgerEntryNo: no, postingDate: '2024-01-11' }], 'TESTER').catch((e) => e);
    expect(twice.message).toMatch(/already been applied|cannot be undone/);
  });

  it('serialises concurrent batches without losing or duplicating entry numbers', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => journal.post([line({ itemNo: i % 2 ? 'A' : 'B', quantity: '1', locationCode: 'BLUE' })], 'TESTER')),
    );
    const numbers = results.map((r) => r.lines[0].itemLedgerEntryNos[0]).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(6);
    expect(numbers[5] - numbers[0]).toBe(5);
  });
});
