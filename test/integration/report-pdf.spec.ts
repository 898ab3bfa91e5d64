/**
 * The printed reports, read back the way an auditor's tools read them: the text of each PDF as
 * poppler's `pdftotext -layout` extracts it, and the CSV beside it. Checks what every report must
 * carry (company, title, options, period, generation time, run id, page x of y, totals), the two
 * languages (nb-NO prints −1 234,50), DRAFT, and that an item description full of template and
 * JSON syntax prints literally.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AdjustmentService } from '../../src/adjustment/adjustment.service';
import { Clock } from '../../src/common/clock';
import { ItemJournalService } from '../../src/item-journal/item-journal.service';
import type { JournalLineInput } from '../../src/item-journal/journal-input';
import { InventoryCostPostingService } from '../../src/posting/inventory-cost-posting.service';
import { MikroORM } from '@mikro-orm/core';
import { projectRoot } from '../../src/common/project-root';
import { PdfRenderer } from '../../src/reports/rendering/pdf-renderer';
import { ReportService, RenderRequest } from '../../src/reports/report.service';
import { SetupResourceService } from '../../src/setup/setup-resource.service';
import { resourceByPath } from '../../src/setup/setup-resources';
import { chart } from '../support/chart';
import { createTestContext } from '../support/test-database';

const BOLT = 'Bolt "M8" \\ {{#each}}';
const COMPANY = 'Nordlys Engros AS';
const RUN = 'run-2026-10-close-1';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'costclose-pdf-'));

/** pdftotext -layout, with no-break spaces made plain so that figures compare as printed. */
function pdfText(pdf: Buffer, name: string): string {
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\u00a0/g, ' ');
  } catch (e) {
    throw new Error(`pdftotext (poppler-utils) is needed to read the PDFs back: ${(e as Error).message}`, { cause: e });
  }
}

/** Every report with options for October 2026. */
const EVERY_REPORT: [string, Record<string, unknown>][] = [
  ['inventoryValuation', { startDate: '2026-10-01', endDate: '2026-10-31' }],
  ['costSpecification', { valuationDate: '2026-10-31' }],
  ['costSharesBreakdown', { printCostShareFor: 'Sales', startDate: '2026-10-01', endDate: '2026-10-31' }],
  ['inventoryGLReconciliation', { endDate: '2026-10-31' }],
  ['closeInventoryPeriodTest', { endingDate: '2026-10-31' }],
  ['inventoryValuationWip', { startDate: '2026-10-01', endDate: '2026-10-31' }],
];

describe('printed reports (PDF and CSV)', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let reports: ReportService;
  const render = (name: string, options: Record<string, unknown>, request: Partial<RenderRequest> = {}) =>
    reports.render(name, options, { format: 'pdf', locale: 'en', userId: 'TESTER', runId: RUN, ...request });

  beforeAll(async () => {
    ctx = await createTestContext();
    const clock = ctx.app.get(Clock);
    clock.now = () => new Date('2026-11-02T06:30:00Z');
    const items = Array.from({ length: 70 }, (_, i) => `I${String(i + 1).padStart(3, '0')}`);
    await ctx.app
      .get(SetupResourceService)
      .applyAll([
        ...chart(['']),
        { spec: resourceByPath('general-ledger-setup'), body: { companyName: COMPANY } },
        { spec: resourceByPath('items'), body: { no: 'BOLT', description: BOLT, costingMethod: 'FIFO' } },
        { spec: resourceByPath('items'), body: { no: 'NEG', description: 'Sold before it arrived', costingMethod: 'FIFO', unitCost: '1234.5' } },
        ...items.map((no) => ({ spec: resourceByPath('items'), body: { no, description: `Article ${no}`, costingMethod: 'FIFO' } })),
        { spec: resourceByPath('inventory-periods'), body: { endingDate: '2026-10-31' } },
      ]);
    const line = (f: Partial<JournalLineInput>): JournalLineInput => ({
      entryType: 'Purchase',
      itemNo: 'BOLT',
      postingDate: '2026-10-05',
      quantity: '10',
      unitCost: '123.45',
      ...f,
    });
    await ctx.app
      .get(ItemJournalService)
      .post(
        [
          line({}),
          line({ entryType: 'Sale', quantity: '3', postingDate: '2026-10-20' }),
          line({ itemNo: 'NEG', entryType: 'Sale', quantity: '1', postingDate: '2026-10-21', unitCost: undefined }),
          ...items.map((itemNo, i) => line({ itemNo, quantity: String(i + 1), unitCost: '2.5' })),
        ],
        'TESTER',
      );
    await ctx.app.get(AdjustmentService).adjust('TESTER');
    await ctx.app.get(InventoryCostPostingService).post('TESTER');
    reports = ctx.app.get(ReportService);
  });
  afterAll(async () => {
    await ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Inventory Valuation (en): frame, options, period, totals, page x of y, figures right-aligned and signed', async () => {
    const pdf = await render('inventoryValuation', { startDate: '2026-10-01', endDate: '2026-10-31' });
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.fileName).toBe('inventory-valuation_2026-10-31_en.pdf');
    const text = pdfText(pdf.body, 'iv-en');
    expect(text).toContain(COMPANY);
    expect(text).toContain('Inventory Valuation');
    expect(text).toContain('Period: Oct 1, 2026 to Oct 31, 2026');
    expect(text).toMatch(/Starting date\s+Oct 1, 2026/);
    expect(text).toMatch(/Ending date\s+Oct 31, 2026/);
    expect(text).toMatch(/Include expected cost\s+No/);
    expect(text).toMatch(/Item filter\s+All/);
    expect(text).toContain(`Run ${RUN}`);
    expect(text).toContain('Generated Nov 2, 2026, 6:30:00 AM UTC');
    const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(text).toContain(`${COMPANY} · Inventory Valuation`); // running header from page 2
    expect(text).toContain(BOLT);
    // NEG: sold 1 at 1,234.50 with nothing on hand: a decrease of 1,234.50 and a closing value of -1,234.50
    expect(text).toMatch(/NEG\s+Sold before it arrived\s+PCS\s+0\s+0\.00\s+0\s+0\.00\s+1\s+1,234\.50\s+-1\s+-1,234\.50\s+-1,234\.50/);
    expect(text).toMatch(/BOLT\s+Bolt "M8" \\ \{\{#each\}\}\s+PCS\s+0\s+0\.00\s+10\s+1,234\.50\s+3\s+370\.35\s+7\s+864\.15\s+864\.15/);
    expect(text).toMatch(/Inventory posting group RESALE/);
    expect(text).toMatch(/Total RESALE\s+0\.00\s+7,447\.00\s+1,604\.85\s+5,842\.15\s+5,842\.15/);
    expect(text).toMatch(/\n\s*Total\s+0\.00\s+7,447\.00\s+1,604\.85\s+5,842\.15\s+5,842\.15/);
  });

  it('Inventory Valuation (nb-NO): Norwegian labels and −1 234,50', async () => {
    const pdf = await render('inventoryValuation', { startDate: '2026-10-01', endDate: '2026-10-31' }, { locale: 'nb-NO' });
    expect(pdf.fileName).toBe('inventory-valuation_2026-10-31_nb-NO.pdf');
    const text = pdfText(pdf.body, 'iv-nb');
    expect(text).toContain('Lagerverdi');
    expect(text).toContain('Periode: 1. okt. 2026 til 31. okt. 2026');
    expect(text).toMatch(/Ta med forventet kost\s+Nei/);
    expect(text).toContain(`Kjøring ${RUN}`);
    expect(text).toMatch(/Side 1 av \d+/);
    expect(text).toContain('\u22121 234,50');
    expect(text).toMatch(/NEG\s+Sold before it arrived\s+PCS\s+0\s+0,00\s+0\s+0,00\s+1\s+1 234,50\s+\u22121\s+\u22121 234,50/);
    expect(text).toMatch(/Totalt RESALE\s+0,00\s+7 447,00\s+1 604,85\s+5 842,15\s+5 842,15/);
  });

  it('prints the other reports with their own options and tables, in both languages', async () => {
    const cases: [string, Record<string, unknown>, RegExp[], RegExp[]][] = [
      [
        'costSpecification',
        { valuationDate: '2026-10-31' },
        [/Invt\. Valuation – Cost Spec\./, /Valuation date\s+Oct 31, 2026/, /Direct Cost\s+7\s+123\.45\s+864\.15/, /Total BOLT\s+7\s+123\.45\s+864\.15/],
        [/Lagerverdi – kostnadsspesifikasjon/, /Direkte kost\s+7\s+123,45\s+864,15/],
      ],
      [
        'costSharesBreakdown',
        { startDate: '2026-10-01', endDate: '2026-10-31', showDetails: true },
        [/Cost Shares Breakdown/, /Print cost share for\s+Sales/, /Show details\s+Yes/, /BOLT\s+IJ\d+\s+Bolt "M8" \\ \{\{#each\}\}\s+3\s+370\.35/],
        [/Fordeling av kostnadsandeler/, /Skriv ut kostnadsandel for\s+Salg/],
      ],
      [
        'inventoryGLReconciliation',
        { startDate: '2026-10-01', endDate: '2026-10-31' },
        [
          /Inventory – G\/L Reconciliation/,
          /Inventory\s+2130\s+5,842\.15\s+0\.00\s+0\.00\s+5,842\.15\s+5,842\.15\s+0\.00/,
          /No differences: inventory and G\/L agree\./,
        ],
        [/Lager – finansavstemming/, /Ingen differanser/],
      ],
      [
        'closeInventoryPeriodTest',
        { endingDate: '2026-10-31' },
        [/Close Inventory Period – Test/, /Period ending Oct 31, 2026/, /Open outbound entry\s+NEG\s+\d+\s+Item Ledger Entry \d+ is open\./, /Problems: 1/],
        [/Lukk lagerperiode – test/, /Varepost \d+ er åpen\./],
      ],
    ];
    for (const [name, options, english, norwegian] of cases) {
      const textEn = pdfText((await render(name, options)).body, `${name}-en`);
      expect(textEn).toContain(COMPANY);
      expect(textEn).toMatch(/Page 1 of \d+/);
      expect(textEn).toContain(`Run ${RUN}`);
      for (const re of english) expect([name, textEn]).toEqual([name, expect.stringMatching(re)]);
      const textNb = pdfText((await render(name, options, { locale: 'nb-NO' })).body, `${name}-nb`);
      for (const re of norwegian) expect([name, textNb]).toEqual([name, expect.stringMatching(re)]);
    }
  });

  it('marks a draft on every page', async () => {
    const text = pdfText((await render('inventoryValuation', { endDate: '2026-10-31' }, { draft: true })).body, 'draft');
    expect(text.match(/DRAFT/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
  });

  it('writes the same lines as CSV: BOM, CRLF, plain decimals, the description quoted literally', async () => {
    const csv = await render('inventoryValuation', { startDate: '2026-10-01', endDate: '2026-10-31' }, { format: 'csv' });
    expect(csv.contentType).toBe('text/csv; charset=utf-8');
    expect(csv.fileName).toBe('inventory-valuation_2026-10-31_en.csv');
    const text = csv.body.toString('utf8');
    expect(text.startsWith('\uFEFFLine,No.,Description,Base Unit,Quantity,Value,Quantity,Value,')).toBe(true);
    expect(text.split('\r\n').length).toBeGreaterThan(70);
    expect(text).not.toMatch(/[^\r]\n/);
    expect(text).toContain('detail,BOLT,"Bolt ""M8"" \\ {{#each}}",PCS,0,0.00,10,1234.50,3,370.35,7,864.15,864.15\r\n');
    expect(text).toContain('detail,NEG,Sold before it arrived,PCS,0,0.00,0,0.00,1,1234.50,-1,-1234.50,-1234.50\r\n');
    expect(text).toMatch(/grand total,Total,,,,0\.00,,7447\.00,,1604\.85,,5842\.15,5842\.15\r\n$/);
    const nb = (await render('inventoryValuation', { endDate: '2026-10-31' }, { format: 'csv', locale: 'nb-NO' })).body.toString('utf8');
    expect(nb.startsWith('\uFEFFLinje,Nr.,Beskrivelse,')).toBe(true);
    expect(nb).toContain(',-1234.50,'); // figures stay plain in every language, for re-adding
  });

  it('renders PDF and CSV from one read of the data, the same bytes as each format alone (a close writes both)', async () => {
    const generatedAt = new Date('2026-11-02T06:30:00Z');
    for (const [name, options] of EVERY_REPORT) {
      const reads = jest.spyOn(reports, 'data');
      const both = await reports.renderFormats(name, options, { locale: 'nb-NO', userId: 'TESTER', runId: RUN, generatedAt }, ['pdf', 'csv']);
      expect([name, reads.mock.calls.length]).toEqual([name, 1]);
      reads.mockRestore();
      const pdf = await render(name, options, { locale: 'nb-NO', generatedAt });
      const csv = await render(name, options, { locale: 'nb-NO', generatedAt, format: 'csv' });
      expect(both.map((r) => [r.fileName, r.contentType])).toEqual([
        [pdf.fileName, pdf.contentType],
        [csv.fileName, csv.contentType],
      ]);
      expect([name, both[0].body.equals(pdf.body), both[1].body.equals(csv.body)]).toEqual([name, true, true]);
      expect(both[0].body.length).toBeGreaterThan(1_000);
    }
  });

  it("print on a worker thread (the built worker, as the service runs it) the same bytes as on the calling thread; its failures are the request's", async () => {
    const built = path.join(projectRoot(), 'dist', 'src', 'reports', 'rendering', 'pdf-render.worker.js');
    if (!fs.existsSync(built)) throw new Error(`${built} is missing: the worker thread runs compiled code — npm run build first`);
    const threaded = PdfRenderer.printingOn(built);
    const here = PdfRenderer.printingOn(null);
    expect([threaded.threaded, here.threaded]).toEqual([true, false]);
    const printer = (pdf: PdfRenderer) => new ReportService(ctx.app.get(MikroORM), ctx.app.get(Clock), pdf);
    const request = { locale: 'nb-NO' as const, userId: 'TESTER', runId: RUN, generatedAt: new Date('2026-11-02T06:30:00Z'), draft: true };
    try {
      for (const [name, options] of EVERY_REPORT) {
        const loaded = await reports.data(name, options, 'TESTER');
        const [onThread] = await printer(threaded).renderLoaded(loaded, request, ['pdf']);
        const [onCaller] = await printer(here).renderLoaded(loaded, request, ['pdf']);
        expect([name, onThread.body.length > 1_000, onThread.body.equals(onCaller.body)]).toEqual([name, true, true]);
      }
      const bad = {
        report: { title: 'report.inventoryValuation.title', fileStem: 'no-such-report', orientation: 'portrait' as const },
        data: { sections: [], period: { from: null, to: null } },
        meta: { company: 'C', runId: 'r', generatedAt: new Date(), draft: false, options: [] },
      };
      await expect(threaded.renderReport({ ...bad, locale: { name: 'en', precisions: { amount: '0.01', unitAmount: '0.00001' } } })).rejects.toThrow(
        /no-such-report\.hbs/,
      );
    } finally {
      await threaded.onModuleDestroy();
    }
  });

  it('refuses bad options naming them, before reading anything', async () => {
    await expect(render('inventoryValuation', { endDate: '2026-13-01' })).rejects.toThrow(/endDate/);
    await expect(render('inventoryValuation', { startDate: '2026-11-01', endDate: '2026-10-31' })).rejects.toThrow(/startDate/);
    await expect(render('inventoryValuation', { endDte: '2026-10-31' })).rejects.toThrow(/endDte.*not an option/);
    await expect(render('costSharesBreakdown', { startDate: '2026-10-01', printCostShareFor: 'WIP' })).rejects.toThrow(/printCostShareFor/);
    await expect(render('noSuchReport', {})).rejects.toThrow(/no report "noSuchReport"/);
  });
});
