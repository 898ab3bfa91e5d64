/**
 * Issue 15, item 11, through the close pipeline: a month closed by a run, reopened, and closed by
 * another run gets revision 2 beside revision 1 (which stays byte for byte); a further run of the
 * same close keeps revision 2; the next month's package chains to revision 2.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ItemJournalService } from '../../../src/item-journal/item-journal.service';
import { InventoryPeriodsService } from '../../../src/period-close/inventory-periods.service';
import { PeriodPackageService } from '../../../src/period-package/period-package.service';
import { verifyPackageFolder } from '../../../src/period-package/verify-folder';
import { CloseRunsService } from '../../../src/pipeline/close-runs.service';
import { PipelineRunner } from '../../../src/pipeline/pipeline-runner';
import { seedOctober } from '../../support/close-data';
import { createTestContext, testConfig } from '../../support/test-database';

describe('package revisions through the close pipeline (issue 15, item 11)', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'costclose-revisions-close-'));
  const run = async (period: string) => {
    const runs = ctx.app.get(CloseRunsService);
    const result = await ctx.app.get(PipelineRunner).execute((await runs.create({ period }, 'FINANCE')).id);
    expect([result.status, result.error]).toEqual(['succeeded', null]);
    return result.steps.find((s) => s.step === 'package')!.output;
  };

  beforeAll(async () => {
    ctx = await createTestContext({ close: { ...testConfig().close, outDir } });
    await seedOctober(ctx.app);
  });
  afterAll(async () => {
    await ctx.close();
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  it('close, reopen, close again: revision 2 beside an unchanged revision 1; the next month chains to revision 2', async () => {
    const first = await run('2026-10');
    expect(first).toMatchObject({ fileName: 'costclose-period-2026-10-31.zip', revision: 1, reused: false, supersedes: null });
    const r1 = fs.readFileSync(String(first.path));

    await ctx.app.get(InventoryPeriodsService).reopen('2026-10-31', 'FINANCE-2');
    await ctx.app
      .get(ItemJournalService)
      .post([{ entryType: 'Purchase', itemNo: 'A', postingDate: '2026-10-16', quantity: '1', unitCost: '10', documentNo: 'LATE-1' }], 'FINANCE');
    const second = await run('2026-10');
    expect(second).toMatchObject({ fileName: 'costclose-period-2026-10-31-r2.zip', revision: 2, reused: false, previous: null });
    expect(second.supersedes).toMatchObject({
      revision: 1,
      packageFileName: 'costclose-period-2026-10-31.zip',
      manifestSha256: first.manifestSha256,
      reopens: [{ userId: 'FINANCE-2', reopenedFrom: '2026-10-31' }],
    });
    expect(fs.readFileSync(String(first.path)).equals(r1)).toBe(true);
    expect(fs.existsSync(path.join(outDir, '2026-10', 'costclose-period-2026-10-31-r2.zip'))).toBe(true);

    // Another run of the same close keeps the package it has.
    const third = await run('2026-10');
    expect(third).toMatchObject({ fileName: 'costclose-period-2026-10-31-r2.zip', revision: 2, reused: true, sha256: second.sha256 });

    const november = await run('2026-11');
    expect(november).toMatchObject({
      fileName: 'costclose-period-2026-11-30.zip',
      revision: 1,
      previous: { endingDate: '2026-10-31', packageFileName: 'costclose-period-2026-10-31-r2.zip', manifestSha256: second.manifestSha256 },
    });

    const packages = ctx.app.get(PeriodPackageService);
    expect((await packages.list('2026-10-31')).map((r) => [r.revision, r.runId !== '', r.supersededBy])).toEqual([
      [1, true, 2],
      [2, true, null],
    ]);
    const folder = await verifyPackageFolder(ctx.config.packageDir);
    expect(folder.failures).toEqual([]);
    expect(folder.chain).toEqual(['costclose-period-2026-11-30.zip', 'costclose-period-2026-10-31-r2.zip']);
    expect(folder.packages.filter((p) => p.status === 'superseded').map((p) => p.file)).toEqual(['costclose-period-2026-10-31.zip']);
  });
});
