/**
 * The console's item page shows one chosen entry's value entries and applications up to a limit.
 * A receipt sold one unit at a time has more applications than that: the page must say that the
 * list is cut and name the API query that pages through all of it, never pass the first part
 * off as the whole.
 */
import { ENTRY_DETAIL_LIMIT, ConsoleService } from '../../src/console/console.service';
import { ConsoleText } from '../../src/console/console-locale';
import { ConsoleViews } from '../../src/console/console-views';
import { ItemJournalService } from '../../src/item-journal/item-journal.service';
import type { JournalLineInput } from '../../src/item-journal/journal-input';
import { SetupResourceService } from '../../src/setup/setup-resource.service';
import { resourceByPath } from '../../src/setup/setup-resources';
import { chart } from '../support/chart';
import { createTestContext } from '../support/test-database';

describe('console item page: an entry with more applications than the page shows', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  const sales = ENTRY_DETAIL_LIMIT + 1;

  beforeAll(async () => {
    ctx = await createTestContext();
    await ctx.app.get(SetupResourceService).applyAll([...chart(), { spec: resourceByPath('items'), body: { no: 'A', costingMethod: 'FIFO' } }]);
    const lines: JournalLineInput[] = [
      { entryType: 'Purchase', itemNo: 'A', postingDate: '2024-01-02', quantity: String(sales + 10), unitCost: '3' },
      ...Array.from({ length: sales }, (): JournalLineInput => ({ entryType: 'Sale', itemNo: 'A', postingDate: '2024-01-03', quantity: '1' })),
    ];
    await ctx.app.get(ItemJournalService).post(lines, 'T');
  });
  afterAll(() => ctx.close());

  const render = (page: object) =>
    new ConsoleViews().render('item', { text: new ConsoleText('en'), title: 'x', itemNo: 'A', after: 0, fragment: true, ...page });
  // The text as a browser shows it (Handlebars writes `=` as `&#x3D;`).
  const shown = (html: string) => html.replace(/&#x3D;/g, '=');

  it('says which list is cut, and where all of it is', async () => {
    const page = await ctx.app.get(ConsoleService).itemPage('A', 0, 1);
    expect(page.entry).toMatchObject({
      entryNo: 1,
      costToCut: { limit: ENTRY_DETAIL_LIMIT, api: '/api/ledgers/item-application-entries?inboundItemEntryNo=1' },
      costFromCut: null,
      valuesCut: null,
      applicationsCut: null,
    });
    expect(page.entry!.costTo.length).toBeLessThanOrEqual(ENTRY_DETAIL_LIMIT);
    const html = render(page);
    expect(html.match(/data-cut/g)).toHaveLength(1);
    expect(shown(html)).toContain(
      `Only the first ${ENTRY_DETAIL_LIMIT} are shown; the ledger API pages through all of them: <code class="api">/api/ledgers/item-application-entries?inboundItemEntryNo=1</code>`,
    );
  });

  it('says nothing of the kind when every list is whole', async () => {
    const page = await ctx.app.get(ConsoleService).itemPage('A', 0, 2);
    expect(page.entry).toMatchObject({ entryNo: 2, costFrom: [1], costToCut: null, costFromCut: null, valuesCut: null, applicationsCut: null });
    expect(render(page)).not.toContain('data-cut');
  });
});
