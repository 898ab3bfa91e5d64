/**
 * Issue 15, item 8: text that a spreadsheet would run as a formula is written neutralised in the
 * report CSVs and the auditor package's ledger extracts; figures stay numbers.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MikroORM } from '@mikro-orm/core';
import { withSession } from '../../../src/database/sql-session';
import { ItemJournalService } from '../../../src/item-journal/item-journal.service';
import { LEDGER_EXTRACTS, writeLedgerExtract } from '../../../src/period-package/ledger-extracts';
import { ReportService } from '../../../src/reports/report.service';
import { SetupResourceService } from '../../../src/setup/setup-resource.service';
import { resourceByPath } from '../../../src/setup/setup-resources';
import { chart } from '../../support/chart';
import { createTestContext } from '../../support/test-database';

describe('CSV formula injection in reports and packages (issue 15, item 8)', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'costclose-csv-'));

  beforeAll(async () => {
    ctx = await createTestContext();
    await ctx.app
      .get(SetupResourceService)
      .applyAll([...chart(), { spec: resourceByPath('items'), body: { no: 'EVIL', description: '=HYPERLINK("http://evil.example","Click")' } }]);
    await ctx.app.get(ItemJournalService).post(
      [
        { entryType: 'Purchase', itemNo: 'EVIL', postingDate: '2024-01-10', quantity: '3', unitCost: '2', documentNo: '@SUM(1+1)*cmd|calc' },
        { entryType: 'Sale', itemNo: 'EVIL', postingDate: '2024-01-11', quantity: '5', documentNo: '-2+3' },
      ],
      'T',
    );
  });
  afterAll(async () => {
    await ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('neutralises the item description in the Inventory Valuation CSV and keeps negative figures as numbers', async () => {
    const csv = (
      await ctx.app
        .get(ReportService)
        .render('inventoryValuation', { startDate: '2024-01-01', endDate: '2024-01-31' }, { format: 'csv', locale: 'en', userId: 'T' })
    ).body.toString('utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(csv).toContain(',-2,-4.00,');
  });

  it('neutralises document numbers in the ledger extracts of the period package', async () => {
    const extract = LEDGER_EXTRACTS.find((e) => e.fileName === 'item-ledger-entries.csv')!;
    const file = path.join(dir, extract.fileName);
    await withSession(ctx.app.get(MikroORM), (sql) => writeLedgerExtract(sql, extract, { startingDate: '2024-01-01', endingDate: '2024-01-31' }, file));
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain(",'@SUM(1+1)*cmd|calc,");
    expect(text).toContain(",'-2+3,");
    expect(text).toContain(',-5,');
  });
});
