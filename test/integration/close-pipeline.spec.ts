/**
 * The close pipeline against a real PostgreSQL: a month closed from start to end (adjust, post,
 * reconcile, close, reports, package, e-mail queued), a dry run that changes nothing it must not,
 * a reconciliation beyond tolerance that stops the run before closing and says why, a close the
 * ledgers refuse, and resuming each of them once the cause is gone.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MikroORM } from '@mikro-orm/core';
import { withSession } from '../../src/database/sql-session';
import { EmailDeliveryService } from '../../src/email/email-delivery.service';
import { ItemJournalService } from '../../src/item-journal/item-journal.service';
import { InventoryPeriodsService } from '../../src/period-close/inventory-periods.service';
import { verifyPackage } from '../../src/period-package/verify-package';
import { CloseRunsService } from '../../src/pipeline/close-runs.service';
import { PipelineRunner } from '../../src/pipeline/pipeline-runner';
import { PdfRenderer } from '../../src/reports/rendering/pdf-renderer';
import { ReportService } from '../../src/reports/report.service';
import { GLJournalService } from '../../src/posting/gl-journal.service';
import { expectGLInvariants } from '../support/gl-invariants';
import { seedOctober } from '../support/close-data';
import { createTestContext, testConfig } from '../support/test-database';

describe('close pipeline', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let runs: CloseRunsService;
  let runner: PipelineRunner;
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'costclose-close-'));
  const query = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    withSession(ctx.app.get(MikroORM), (sql) => sql.query<T>(text, params as never[]));
  const scalar = async (text: string) => String(Object.values((await query(text))[0])[0]);
  const run = async (input: Parameters<CloseRunsService['create']>[0]) => runner.execute((await runs.create(input, 'TESTER')).id);

  beforeAll(async () => {
    const base = testConfig();
    ctx = await createTestContext({ close: { ...base.close, outDir } });
    runs = ctx.app.get(CloseRunsService);
    runner = ctx.app.get(PipelineRunner);
    await seedOctober(ctx.app);
  });
  afterAll(async () => {
    await ctx.close();
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  it('a dry run adjusts, reconciles, prints DRAFT and a draft package, and posts, closes and sends nothing', async () => {
    const result = await run({ period: '2026-10', dryRun: true, recipients: ['finance@nordlys.example'], locale: 'nb-NO' });
    expect(result.status).toBe('succeeded');
    expect(result.steps.map((s) => [s.step, s.status])).toEqual([
      ['adjust', 'done'],
      ['post', 'skipped'],
      ['reconcile', 'done'],
      ['close', 'skipped'],
      ['reports', 'done'],
      ['package', 'done'],
      ['email', 'skipped'],
    ]);
    expect(await scalar('SELECT count(*) FROM gl_entry')).toBe('0');
    expect(await scalar('SELECT count(*) FROM inventory_period WHERE closed')).toBe('0');
    expect(await ctx.app.get(EmailDeliveryService).list(result.id)).toEqual([]);
    const dir = path.join(outDir, '2026-10-draft');
    expect(fs.readdirSync(dir).sort()).toContain('costclose-period-2026-10-31-draft.zip');
    const check = await verifyPackage(path.join(dir, 'costclose-period-2026-10-31-draft.zip'));
    expect(check.failures).toEqual([]);
    expect(check.manifest?.draft).toBe(true);
    expect(await scalar('SELECT count(*) FROM period_package')).toBe('0');
  });

  it('stops before closing when inventory and G/L differ beyond the tolerance, says why, and resumes once fixed', async () => {
    // A direct posting to the inventory account: the G/L has 25.00 more than inventory.
    await ctx.app.get(GLJournalService).post(
      [
        { accountNo: '2130', postingDate: '2026-10-15', amount: '25', documentNo: 'MAN-1' },
        { accountNo: '7270', postingDate: '2026-10-15', amount: '-25', documentNo: 'MAN-1' },
      ],
      'TESTER',
    );
    const stopped = await run({ period: '2026-10', recipients: ['finance@nordlys.example'], tolerance: '0.00' });
    expect(stopped.status).toBe('stopped');
    expect(stopped.steps.map((s) => s.status)).toEqual(['done', 'done', 'stopped', 'pending', 'pending', 'pending', 'pending']);
    expect(stopped.error).toMatch(/beyond the tolerance of 0: inventory 25 \(directGLPosting 25 in 1 entries\).*not closed/);
    const reconcile = stopped.steps.find((s) => s.step === 'reconcile')!;
    expect(reconcile.output).toMatchObject({ clean: false, inventoryDifference: '25' });
    const differences = reconcile.output.differences as { accountType: string; difference: string; beyondTolerance: boolean }[];
    // Only the inventory accounts hold the close; the balancing P&L side and unposted expected cost (a setup choice) are shown.
    expect(differences.map((d) => [d.accountType, d.difference, d.beyondTolerance])).toEqual([
      ['inventory', '25', true],
      ['inventoryInterim', '-93', false],
      ['inventoryAdjmt', '-25', false],
      ['invtAccrualInterim', '93', false],
    ]);
    expect(await scalar("SELECT count(*) FROM inventory_period WHERE ending_date = '2026-10-31' AND closed")).toBe('0');
    // Nothing posted twice by resuming or re-running.
    const glAfterStop = await scalar('SELECT count(*) FROM gl_entry');

    await ctx.app.get(GLJournalService).post(
      [
        { accountNo: '2130', postingDate: '2026-10-15', amount: '-25', documentNo: 'MAN-2' },
        { accountNo: '7270', postingDate: '2026-10-15', amount: '25', documentNo: 'MAN-2' },
      ],
      'TESTER',
    );
    const resumed = await runner.execute(stopped.id);
    expect(resumed.status).toBe('succeeded');
    expect(resumed.attempts).toBe(2);
    expect(resumed.steps.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done', 'done', 'done', 'done']);
    expect(await scalar('SELECT count(*) FROM gl_entry')).toBe(String(Number(glAfterStop) + 2));
    expect(await scalar("SELECT closed::text FROM inventory_period WHERE ending_date = '2026-10-31'")).toBe('true');
    expect(await scalar("SELECT count(*) FROM inventory_period_entry WHERE entry_type = 'Close'")).toBe('1');
    await expectGLInvariants(ctx.app);

    // What the run produced: reports in both formats, the package (also in the store) and its chain, the mail queued.
    const dir = path.join(outDir, '2026-10');
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        'inventory-valuation_2026-10-31_en.pdf',
        'inventory-valuation_2026-10-31_en.csv',
        'inventory-gl-reconciliation_2026-10-31_en.pdf',
        'close-inventory-period-test_2026-10-31_en.pdf',
        'costclose-period-2026-10-31.zip',
      ]),
    );
    const check = await verifyPackage(path.join(dir, 'costclose-period-2026-10-31.zip'));
    expect(check.failures).toEqual([]);
    expect(check.manifest).toMatchObject({ runId: stopped.id, period: { startingDate: '2026-10-01', endingDate: '2026-10-31' }, previous: null });
    expect(check.manifest?.files.map((f) => f.name)).toEqual(
      expect.arrayContaining(['inventory-valuation_2026-10-31_en.pdf', 'value-entries.csv', 'gl-entries.csv', 'item-ledger-entries.csv']),
    );
    const deliveries = await ctx.app.get(EmailDeliveryService).list(stopped.id);
    expect(deliveries.map((d) => [d.recipient, d.status])).toEqual([['finance@nordlys.example', 'pending']]);
  });

  it('does not close a closed period again: a second run notes it and rebuilds the same outputs', async () => {
    const again = await run({ period: '2026-10' });
    expect(again.status).toBe('succeeded');
    expect(again.steps.find((s) => s.step === 'close')?.output).toMatchObject({ alreadyClosed: true });
    expect(again.steps.find((s) => s.step === 'adjust')?.counts).toMatchObject({ entriesWritten: 0 });
    expect(again.steps.find((s) => s.step === 'post')?.counts).toMatchObject({ valueEntriesPosted: 0, glEntries: 0 });
    expect(again.steps.find((s) => s.step === 'email')).toMatchObject({ status: 'skipped', error: 'the run has no recipients' });
    expect(await scalar("SELECT count(*) FROM inventory_period_entry WHERE entry_type = 'Close'")).toBe('1');
  });

  it('fails at the close when the ledgers refuse it (negative inventory), naming the cause, and resumes after the fix', async () => {
    // November: a sale with nothing on hand leaves an open outbound entry (R115).
    await ctx.app.get(ItemJournalService).post([{ entryType: 'Sale', itemNo: 'S', postingDate: '2026-11-10', quantity: '30' }], 'TESTER');
    const failed = await run({ period: '2026-11' });
    expect(failed.status).toBe('failed');
    expect(failed.steps.find((s) => s.step === 'close')).toMatchObject({ status: 'failed', error: expect.stringMatching(/negative inventory/) });
    expect(failed.error).toMatch(/^close: .*negative inventory/);
    await ctx.app.get(ItemJournalService).post([{ entryType: 'Purchase', itemNo: 'S', postingDate: '2026-11-12', quantity: '30', unitCost: '2' }], 'TESTER');
    const resumed = await runner.execute(failed.id);
    expect([resumed.status, resumed.error]).toEqual(['succeeded', null]);
    expect((await ctx.app.get(InventoryPeriodsService).list()).filter((p) => p.closed).map((p) => p.endingDate)).toEqual(['2026-10-31', '2026-11-30']);
    // November's package chains to October's: in the package store they lie side by side.
    const stored = String(resumed.steps.find((s) => s.step === 'package')?.output.path);
    expect(path.dirname(stored)).toBe(ctx.config.packageDir);
    const check = await verifyPackage(stored);
    expect(check.failures).toEqual([]);
    expect(check.manifest?.previous).toMatchObject({ endingDate: '2026-10-31', packageFileName: 'costclose-period-2026-10-31.zip' });
  });

  it('reads the next report while one prints; a report that cannot be read fails the step with its error, and nothing after it is read', async () => {
    const reports = ctx.app.get(ReportService);
    const read: string[] = [];
    const realData = reports.data.bind(reports);
    const data = jest.spyOn(reports, 'data').mockImplementation(async (name, raw, userId) => {
      read.push(name);
      if (name === 'costSharesBreakdown') throw new Error('the database went away while reading Cost Shares');
      return realData(name, raw, userId);
    });
    // Each PDF is held until the next report's read has begun (at most 10 s): only a step that
    // reads on while a report prints sees the next read begin.
    const pdf = ctx.app.get(PdfRenderer);
    const realPrint = pdf.renderReport.bind(pdf);
    const prints: [string, boolean][] = [];
    const print = jest.spyOn(pdf, 'renderReport').mockImplementation(async (request) => {
      const readsBefore = read.length;
      const deadline = Date.now() + 10_000;
      while (read.length === readsBefore && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
      prints.push([request.report.fileStem, read.length > readsBefore]);
      return realPrint(request);
    });
    try {
      const failed = await run({
        period: '2026-10',
        dryRun: true,
        reports: ['inventoryValuation', 'costSpecification', 'costSharesBreakdown', 'closeInventoryPeriodTest'],
      });
      expect(failed.status).toBe('failed');
      expect(failed.steps.find((s) => s.step === 'reports')).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/went away while reading Cost Shares/),
      });
      expect(read).toEqual(['inventoryValuation', 'costSpecification', 'costSharesBreakdown']);
      expect(prints).toEqual([
        ['inventory-valuation', true],
        ['cost-specification', true],
      ]);
    } finally {
      data.mockRestore();
      print.mockRestore();
    }
  });

  it('refuses bad run settings naming each field, and creates nothing', async () => {
    const before = await scalar('SELECT count(*) FROM close_run');
    await expect(runs.create({ period: '2026-13', tolerance: '-1' }, 'TESTER')).rejects.toThrow(/period/);
    await expect(
      runs.create({ period: '2026-12', tolerance: '-1', locale: 'de', recipients: ['not-an-address'], reports: ['stockLedger'] }, 'TESTER'),
    ).rejects.toMatchObject({
      details: expect.arrayContaining([
        expect.objectContaining({ field: 'tolerance' }),
        expect.objectContaining({ field: 'locale' }),
        expect.objectContaining({ field: 'recipients' }),
        expect.objectContaining({ field: 'reports' }),
      ]),
    });
    expect(await scalar('SELECT count(*) FROM close_run')).toBe(before);
  });
});
