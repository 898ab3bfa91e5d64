/**
 * Issue 15, item 9: Prevent Negative Inventory, in Inventory Setup and per item (Default, No,
 * Yes). When it applies, a decrease that would take a location below zero is refused naming the
 * line, item, location and quantity available, and nothing is written; when it does not,
 * negative inventory works as before (R28).
 */
import { MikroORM } from '@mikro-orm/core';
import { PostingRefusedError } from '../../../src/common/errors';
import { withSession } from '../../../src/database/sql-session';
import { ItemJournalService } from '../../../src/item-journal/item-journal.service';
import { ProductionService } from '../../../src/production/production.service';
import { AssemblyService } from '../../../src/assembly/assembly.service';
import type { JournalLineInput } from '../../../src/item-journal/journal-input';
import { SetupResourceService } from '../../../src/setup/setup-resource.service';
import { resourceByPath } from '../../../src/setup/setup-resources';
import { chart } from '../../support/chart';
import { createTestContext } from '../../support/test-database';

describe('Prevent Negative Inventory (issue 15, item 9)', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let journal: ItemJournalService;
  const entries = () =>
    withSession(ctx.app.get(MikroORM), async (sql) => Number((await sql.query<{ n: string }>('SELECT count(*) AS n FROM item_ledger_entry'))[0].n));
  const line = (fields: Partial<JournalLineInput>): JournalLineInput => ({
    entryType: 'Sale',
    itemNo: 'A',
    postingDate: '2024-01-10',
    quantity: '1',
    ...fields,
  });
  const setPrevent = (on: boolean) =>
    ctx.app.get(SetupResourceService).applyAll([{ spec: resourceByPath('inventory-setup'), body: { preventNegativeInventory: on } }]);
  const refusal = (lines: JournalLineInput[]) =>
    journal.post(lines, 'T').then(
      () => null,
      (e: unknown) => e as PostingRefusedError,
    );

  beforeAll(async () => {
    ctx = await createTestContext();
    journal = ctx.app.get(ItemJournalService);
    await ctx.app
      .get(SetupResourceService)
      .applyAll([
        ...chart(['', 'BLUE', 'RED']),
        { spec: resourceByPath('locations'), body: { code: 'BLUE' } },
        { spec: resourceByPath('locations'), body: { code: 'RED' } },
        { spec: resourceByPath('items'), body: { no: 'A' } },
        { spec: resourceByPath('items'), body: { no: 'B', preventNegativeInventory: 'No' } },
        { spec: resourceByPath('items'), body: { no: 'C', preventNegativeInventory: 'Yes' } },
      ]);
  });
  afterAll(() => ctx.close());

  it('leaves negative inventory as it was when off (R28), and refuses it for an item set to Yes', async () => {
    await journal.post([line({ quantity: '2' })], 'T');
    await journal.post([line({ entryType: 'Purchase', itemNo: 'C', quantity: '3', unitCost: '4', locationCode: 'BLUE' })], 'T');
    const before = await entries();
    const refused = await refusal([line({ itemNo: 'C', quantity: '1', locationCode: 'BLUE' }), line({ itemNo: 'C', quantity: '5', locationCode: 'BLUE' })]);
    expect(refused).toBeInstanceOf(PostingRefusedError);
    expect(refused!.status).toBe(409);
    expect(refused!.details).toEqual([
      { line: 2, field: 'quantity', message: 'Item C would go below zero at location BLUE: 2 available, the line takes 5 (Prevent Negative Inventory)' },
    ]);
    expect(await entries()).toBe(before);
  });

  it("applies Inventory Setup to items on Default, counting the batch's own lines in order, per location", async () => {
    await setPrevent(true);
    const before = await entries();
    const below = await refusal([line({ quantity: '1' })]);
    expect(below!.details).toEqual([
      { line: 1, field: 'quantity', message: 'Item A would go below zero at the blank location: -2 available, the line takes 1 (Prevent Negative Inventory)' },
    ]);
    await journal.post([line({ entryType: 'Purchase', quantity: '5', unitCost: '2', locationCode: 'RED' }), line({ quantity: '4', locationCode: 'RED' })], 'T');
    const transfer = await refusal([line({ entryType: 'Transfer', quantity: '2', locationCode: 'RED', newLocationCode: 'BLUE' })]);
    expect(transfer!.details).toEqual([
      { line: 1, field: 'quantity', message: 'Item A would go below zero at location RED: 1 available, the line takes 2 (Prevent Negative Inventory)' },
    ]);
    expect(await entries()).toBe(before + 2);
    // An item set to No keeps negative inventory whatever the setup says.
    await journal.post([line({ itemNo: 'B', quantity: '7' })], 'T');
    await setPrevent(false);
    await journal.post([line({ quantity: '1' })], 'T');
  });

  it('counts production output as an increase and refuses consumption and assembly components beyond the stock (issue 11)', async () => {
    await setPrevent(true);
    await ctx.app.get(SetupResourceService).applyAll([
      { spec: resourceByPath('items'), body: { no: 'PART' } },
      { spec: resourceByPath('items'), body: { no: 'MADE', unitCost: '5', replenishmentSystem: 'ProdOrder' } },
      { spec: resourceByPath('items'), body: { no: 'KIT', replenishmentSystem: 'Assembly' } },
    ]);
    await journal.post([line({ entryType: 'Purchase', itemNo: 'PART', quantity: '2', unitCost: '1' })], 'T');
    const production = ctx.app.get(ProductionService);
    const { orderNo } = await production.createOrder({ itemNo: 'MADE', quantity: '1', dueDate: '2024-01-10' });
    // Output makes stock: with nothing on hand it is not refused.
    await production.output({ orderNo, quantity: '1', postingDate: '2024-01-10' }, 'T');
    const before = await entries();
    await expect(production.consume({ orderNo, itemNo: 'PART', quantity: '3', postingDate: '2024-01-10' }, 'T')).rejects.toThrow(
      /Item PART would go below zero at the blank location: 2 available, the line takes 3/,
    );
    await expect(
      ctx.app.get(AssemblyService).post({ itemNo: 'KIT', quantity: '1', postingDate: '2024-01-10', components: [{ itemNo: 'PART', quantity: '5' }] }, 'T'),
    ).rejects.toThrow(/Item PART would go below zero at the blank location: 2 available, the line takes 5/);
    expect(await entries()).toBe(before);
    await setPrevent(false);
  });
});
