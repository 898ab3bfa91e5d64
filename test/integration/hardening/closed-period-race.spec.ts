/**
 * Issue 15, item 1: a posting must never land in a period a concurrent close has closed. Postings
 * dated in January race a close of January; afterwards no entry dated in January may belong to an
 * item register written after the close (the close records the last register it saw).
 */
import { MikroORM } from '@mikro-orm/core';
import { PostingRefusedError } from '../../../src/common/errors';
import { withSession } from '../../../src/database/sql-session';
import { ItemJournalService } from '../../../src/item-journal/item-journal.service';
import { InventoryPeriodsService } from '../../../src/period-close/inventory-periods.service';
import { SetupResourceService } from '../../../src/setup/setup-resource.service';
import { resourceByPath } from '../../../src/setup/setup-resources';
import { createTestContext } from '../../support/test-database';
import { chart } from '../../support/chart';

const POSTINGS = 520;
const ITEMS = 16;

describe('closed-period race (issue 15, item 1)', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  const query = <T>(text: string, params: unknown[] = []) => withSession(ctx.app.get(MikroORM), (sql) => sql.query<T>(text, params as never[]));

  beforeAll(async () => {
    ctx = await createTestContext();
    await ctx.app
      .get(SetupResourceService)
      .applyAll([
        ...Array.from({ length: ITEMS }, (_, i) => ({ spec: resourceByPath('items'), body: { no: `R${i}`, costingMethod: 'FIFO' } })),
        { spec: resourceByPath('inventory-periods'), body: { endingDate: '2024-01-31' } },
        { spec: resourceByPath('inventory-periods'), body: { endingDate: '2024-02-29' } },
        ...chart(),
      ]);
  });
  afterAll(() => ctx.close());

  it(`${POSTINGS} postings racing a close: none is committed inside the closed period`, async () => {
    const journal = ctx.app.get(ItemJournalService);
    const periods = ctx.app.get(InventoryPeriodsService);
    let done = 0;
    let closeStarted: Promise<unknown> | null = null;
    const postOne = (i: number) =>
      journal.post([{ entryType: 'Purchase', itemNo: `R${i % ITEMS}`, postingDate: '2024-01-15', quantity: '1', unitCost: '2.50' }], 'RACER').then(
        () => 'posted' as const,
        (e: unknown) => (e instanceof PostingRefusedError && /closed inventory period/.test(e.message) ? ('refused' as const) : Promise.reject(e)),
      );
    // Six clients post one batch after another (the pool has eight connections, so the close
    // is not queued behind all of them); the close starts while they are busy.
    const outcomes: ('posted' | 'refused')[] = [];
    let next = 0;
    const client = async () => {
      while (next < POSTINGS) {
        const i = next++;
        outcomes.push(await postOne(i));
        if (++done === 60) closeStarted = periods.close('2024-01-31', 'CLOSER');
      }
    };
    await Promise.all(Array.from({ length: 6 }, client));
    await closeStarted;
    const [closeEntry] = await query<{ closing_item_register_no: number }>(
      "SELECT closing_item_register_no FROM inventory_period_entry WHERE entry_type = 'Close' AND ending_date = '2024-01-31'",
    );
    const [inside] = await query<{ n: string }>(
      `SELECT count(*) AS n FROM item_ledger_entry e JOIN item_register r ON e.entry_no BETWEEN r.from_entry_no AND r.to_entry_no
        WHERE e.posting_date <= '2024-01-31' AND r.no > $1`,
      [closeEntry.closing_item_register_no],
    );
    const [total] = await query<{ n: string }>("SELECT count(*) AS n FROM item_ledger_entry WHERE posting_date <= '2024-01-31'");
    const posted = outcomes.filter((o) => o === 'posted').length;
    const refused = outcomes.filter((o) => o === 'refused').length;
    process.stdout.write(
      `closed-period race: ${POSTINGS} postings, ${posted} posted before the close, ${refused} refused after it, ${inside.n} inside the closed period after the close\n`,
    );
    expect(posted + refused).toBe(POSTINGS);
    expect(refused).toBeGreaterThan(0);
    expect(Number(total.n)).toBe(posted);
    expect(Number(inside.n)).toBe(0);
  });
});
