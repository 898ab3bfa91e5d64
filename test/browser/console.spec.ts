/**
 * The web console (issue 14) in headless Chromium: every role signs in and sees only what it may
 * do; finance starts a dry-run close and watches it finish; a reconciliation difference is
 * drilled down to its entries; a PDF report is downloaded; an auditor downloads and verifies a
 * package; an admin saves a schedule with a bad cron, then a good one; finance gets 403 on the
 * users page; forms without the CSRF token are refused. Every page is photographed at 1280 and
 * 390 px (test-artifacts/screenshots).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CloseRunsService } from '../../src/pipeline/close-runs.service';
import { PipelineRunner } from '../../src/pipeline/pipeline-runner';
import { SchedulesService } from '../../src/pipeline/schedules.service';
import { ENTRY_DETAIL_LIMIT } from '../../src/console/console.service';
import { ItemJournalService } from '../../src/item-journal/item-journal.service';
import type { JournalLineInput } from '../../src/item-journal/journal-input';
import { SetupResourceService } from '../../src/setup/setup-resource.service';
import { resourceByPath } from '../../src/setup/setup-resources';
import { seedOctober } from '../support/close-data';
import { ConsoleHarness, createConsoleUsers, newPage, screenshot, SCREENSHOT_DIR, signIn, startConsole, WIDTHS } from './support/console-harness';

jest.setTimeout(180_000);

describe('web console in a browser', () => {
  let h: ConsoleHarness;
  let users: Record<'admin' | 'finance' | 'auditor', string>;

  beforeAll(async () => {
    h = await startConsole();
    users = await createConsoleUsers(h.app);
    await seedOctober(h.app, users.finance);
    // October closed for real (a package to download and verify); November's late invoice and
    // freight stay unposted to G/L: a difference for the reconciliation window to explain.
    const runs = h.app.get(CloseRunsService);
    const closed = await h.app
      .get(PipelineRunner)
      .execute((await runs.create({ period: '2026-10', recipients: ['finance@nordlys.example'] }, users.finance)).id);
    expect(closed.status).toBe('succeeded');
    await h.app.get(SchedulesService).create({ name: 'Monthly close', cron: '0 6 1 * *', timeZone: 'Europe/Oslo' }, users.admin);
  });

  afterAll(async () => {
    await h?.close();
  });

  it.each([
    ['finance', ['Overview', 'Close runs', 'Reconciliation', 'Reports', 'Packages', 'Item ledger', 'Schedules']],
    ['auditor', ['Overview', 'Close runs', 'Reconciliation', 'Reports', 'Packages', 'Item ledger', 'Schedules', 'Audit log']],
    ['admin', ['Overview', 'Close runs', 'Reconciliation', 'Reports', 'Packages', 'Item ledger', 'Schedules', 'Users', 'Audit log']],
  ] as const)('%s signs in and the navigation shows only what the role may do', async (role, nav) => {
    const { context, page, errors } = await newPage(h);
    await page.goto('/');
    await page.waitForURL(/\/sign-in\?next=%2F/);
    await screenshot(page, `sign-in`);
    await signIn(page, users[role]);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(links).toEqual(nav);
    // The overview: every period, the chart drawn by ECharts from the page's option.
    await page.locator('.chart svg').first().waitFor();
    await expect(page.locator('table').first().textContent()).resolves.toContain('Closed');
    await screenshot(page, `overview-${role}`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('finance starts a dry-run close and watches it finish', async () => {
    const { context, page, errors } = await newPage(h);
    await signIn(page, users.finance);
    await page.goto('/close-runs');
    await page.getByRole('link', { name: 'Start a close' }).click();
    await page.getByLabel('Period to close').fill('2026-11');
    await page.getByRole('checkbox').check();
    await page.getByLabel('Tolerance').fill('-1');
    await screenshot(page, 'close-run-new');
    await page.getByRole('button', { name: 'Start the run' }).click();
    // The service's own message, at the field.
    await expect(page.locator('#tolerance-error').textContent()).resolves.toMatch(/is not an amount of 0 or more/);
    await page.getByLabel('Tolerance').fill('0.00');
    await page.getByRole('button', { name: 'Start the run' }).click();
    await page.waitForURL(/\/close-runs\/[0-9a-f-]{36}$/);
    // htmx polls the progress fragment until the run is finished.
    await page.locator('#run-progress[data-status="succeeded"]').waitFor({ timeout: 60_000 });
    const steps = await page.locator('.step').allTextContents();
    expect(steps).toHaveLength(7);
    expect(steps[0]).toMatch(/Adjust cost\s+done/);
    expect(steps[1]).toMatch(/Post to G\/L\s+skipped/);
    await page.locator('#run-progress .chart svg').waitFor();
    await screenshot(page, 'close-run');
    await page.goto('/close-runs');
    await expect(page.locator('tbody tr').first().textContent()).resolves.toMatch(/2026-11[\s\S]*Dry run[\s\S]*succeeded/);
    await screenshot(page, 'close-runs');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('drills a reconciliation difference down to its entries, and on to the item ledger', async () => {
    const { context, page, errors } = await newPage(h);
    await signIn(page, users.auditor);
    await page.goto('/reconciliation');
    const cause = page
      .locator('tr.cause', { hasText: 'Inventory' })
      .filter({ hasText: /not.*posted/i })
      .first();
    await cause.waitFor();
    await screenshot(page, 'reconciliation');
    const entryCount = Number(await cause.locator('td.num').first().textContent());
    expect(entryCount).toBeGreaterThan(0);
    await cause.getByRole('link', { name: 'Show the entries' }).click();
    await page.getByRole('heading', { name: 'Entries behind a figure' }).waitFor();
    // Exactly the entries the cause counts: the receipts still not invoiced.
    expect(await page.locator('table.entries tbody tr').count()).toBe(entryCount);
    expect(await page.locator('table.entries').textContent()).toMatch(/Oct \d+, 2026/);
    await screenshot(page, 'reconciliation-entries');
    // From a value entry to its item ledger entry, and its value entries and applications.
    await page.locator('a[data-item-entry]').first().click();
    await page.locator('#entry').waitFor();
    await screenshot(page, 'item-entry');
    await page.goto('/items');
    await screenshot(page, 'items');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('downloads a PDF report after previewing its rows', async () => {
    const { context, page, errors } = await newPage(h);
    await signIn(page, users.finance);
    await page.goto('/reports');
    await screenshot(page, 'reports');
    await page.getByRole('link', { name: 'Inventory Valuation', exact: true }).click();
    await page.getByLabel('Starting date').fill('2026-13-01'.slice(0, 0)); // left empty
    await page.locator('#opt-endDate').fill('2026-10-31');
    await page.getByRole('button', { name: 'Show the rows' }).click();
    await page.locator('table.report').waitFor();
    await expect(page.locator('table.report').textContent()).resolves.toContain('Skrue M8x40');
    await screenshot(page, 'report');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PDF' }).click()]);
    const file = await download.path();
    expect(download.suggestedFilename()).toMatch(/^inventory-valuation_2026-10-31_en\.pdf$/);
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    fs.copyFileSync(file, path.join(SCREENSHOT_DIR, '..', 'inventory-valuation.pdf'));
    // Page 1 carries the chart (ECharts' SVG, drawn from the table's rows) above the table.
    const page1 = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', file, '-'], { encoding: 'utf8' });
    expect(page1).toContain('Value by inventory posting group');
    expect(page1.indexOf('Value by inventory posting group')).toBeLessThan(page1.indexOf('Skrue M8x40'));
    // A bad option: the definition's own message, at its field.
    await page.goto('/reports/costSharesBreakdown?run=1&startDate=2026-10-31&endDate=2026-10-01');
    await expect(page.locator('.field-error').first().textContent()).resolves.toMatch(/./);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an auditor downloads the package and verifies it by upload', async () => {
    const { context, page, errors } = await newPage(h);
    await signIn(page, users.auditor);
    await page.goto('/packages');
    await expect(page.locator('tbody tr').first().textContent()).resolves.toContain('verifies');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a[data-download="package"]').first().click()]);
    expect(download.suggestedFilename()).toBe('costclose-period-2026-10-31.zip');
    const file = await download.path();
    await page
      .getByLabel('Package file (.zip)')
      .setInputFiles({ name: 'costclose-period-2026-10-31.zip', mimeType: 'application/zip', buffer: fs.readFileSync(file) });
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.locator('#verification').textContent()).resolves.toMatch(/the package verifies/);
    await screenshot(page, 'packages');
    // A changed byte is found.
    const bytes = fs.readFileSync(file);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    await page.getByLabel('Package file (.zip)').setInputFiles({ name: 'tampered.zip', mimeType: 'application/zip', buffer: bytes });
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.locator('#verification').textContent()).resolves.toMatch(/does NOT verify/);
    await page.goto('/audit-log?action=package.download');
    await expect(page.locator('table.entries').textContent()).resolves.toContain('costclose-period-2026-10-31.zip');
    await screenshot(page, 'audit-log');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an admin saves a schedule with a bad cron and sees the error at the field, then a good one and its next five ticks', async () => {
    const { context, page, errors } = await newPage(h);
    await signIn(page, users.admin);
    await page.goto('/schedules');
    await screenshot(page, 'schedules');
    await page.getByRole('link', { name: 'New schedule' }).click();
    await page.getByLabel('Name').fill('Quarterly');
    await page.getByLabel('Cron expression').fill('0 6 31 2 * * * nonsense');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.locator('#cron-error').textContent()).resolves.toMatch(/is not a cron expression/);
    await expect(page.getByLabel('Cron expression').getAttribute('aria-invalid')).resolves.toBe('true');
    await screenshot(page, 'schedule-form-error');
    await page.getByLabel('Cron expression').fill('0 7 2 1,4,7,10 *');
    await page.getByLabel('Time zone (IANA)').fill('America/New_York');
    // htmx shows the ticks before saving.
    await page.locator('#ticks li').first().waitFor();
    expect(await page.locator('#ticks li').count()).toBe(5);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    const ticks = await page.locator('#ticks li').allTextContents();
    expect(ticks).toHaveLength(5);
    expect(ticks[0]).toMatch(/(January|April|July|October) 2, 20\d\d.*7:00.*America\/New_York/);
    await screenshot(page, 'schedule-form');
    await page.goto('/users');
    await screenshot(page, 'users');
    await page.goto(`/users/${users.finance}`);
    await screenshot(page, 'user');
    await page.goto('/account');
    await screenshot(page, 'account');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a finance user opening the users page gets 403; the schedule form too', async () => {
    const { context, page } = await newPage(h);
    await signIn(page, users.finance);
    const response = await page.goto('/users');
    expect(response?.status()).toBe(403);
    await expect(page.locator('.alert.error').textContent()).resolves.toMatch(/The finance role may not do this/);
    await screenshot(page, 'forbidden');
    expect((await page.goto('/schedules/new'))?.status()).toBe(403);
    expect((await page.goto('/audit-log'))?.status()).toBe(403);
    await context.close();
  });

  it('refuses form posts without the CSRF token', async () => {
    const { context, page } = await newPage(h);
    await signIn(page, users.finance);
    // A form another page could post: the cookie goes along (same site here), the token does not.
    const result = await page.evaluate(async () => {
      const r = await fetch('/close-runs', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'period=2026-11&dryRun=true',
      });
      const wrong = await fetch('/sign-out', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '_csrf=not-the-token' });
      return [r.status, wrong.status];
    });
    expect(result).toEqual([403, 403]);
    // Still signed in: the refused sign-out did nothing.
    expect((await page.goto('/close-runs'))?.status()).toBe(200);
    await context.close();
  });

  it('can be used with the keyboard alone', async () => {
    const { context, page, errors } = await newPage(h);
    await page.goto('/sign-in');
    // The user name field has the focus; Tab moves on to the password, Enter signs in.
    await page.keyboard.type(users.auditor);
    await page.keyboard.press('Tab');
    await page.keyboard.type('console-password-1');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    // The first Tab reaches the skip link, which takes the focus to the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main');
    // Every form field on the pages has a label.
    for (const url of ['/reconciliation', '/reports/inventoryValuation', '/packages', '/audit-log', '/account', '/items']) {
      await page.goto(url);
      const unlabelled = await page.evaluate(`Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
        .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-labelledby') && !el.getAttribute('aria-label'))
        .map((el) => el.name)`);
      expect([url, unlabelled]).toEqual([url, []]);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('works at 390 px in Norwegian', async () => {
    const { context, page, errors } = await newPage(h, WIDTHS.phone, 'nb-NO');
    await page.goto('/sign-in');
    await expect(page.locator('h1').textContent()).resolves.toBe('Logg inn');
    await screenshot(page, 'sign-in-nb');
    await signIn(page, users.finance);
    await page.getByRole('heading', { level: 1, name: 'Oversikt' }).waitFor();
    // Figures as the nb-NO reports print them: no-break space between thousands, decimal comma.
    await expect(page.locator('table').first().textContent()).resolves.toMatch(/\d,\d\d/);
    for (const [name, url] of [
      ['overview-nb', '/'],
      ['close-runs-nb', '/close-runs'],
      ['reconciliation-nb', '/reconciliation'],
      ['reports-nb', '/reports'],
      ['report-nb', '/reports/costSharesBreakdown?run=1&startDate=2026-10-01&endDate=2026-10-31'],
      ['packages-nb', '/packages'],
      ['schedules-nb', '/schedules'],
      ['items-nb', '/items/A'],
      ['account-nb', '/account'],
    ]) {
      const response = await page.goto(url);
      expect([name, response?.status()]).toEqual([name, 200]);
      await screenshot(page, name);
      // Nothing wider than the screen but what scrolls in its own box (named, when something is).
      // (Browser code as text: the tests compile without the DOM's types.)
      const overflow = (await page.evaluate(`Array.from(document.querySelectorAll('body *'))
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5 && !el.closest('.table-wrap'))
        .map((el) => el.tagName.toLowerCase() + '.' + el.className + '#' + el.id).slice(0, 5)`)) as string[];
      const scroll = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
      expect([name, overflow, scroll]).toEqual([name, [], 0]);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
  it('says so when an entry has more applications than the item page shows, at 390 px too', async () => {
    // Last in this file: it posts to an item of its own, in November, after the pages above were checked.
    await h.app
      .get(SetupResourceService)
      .applyAll([{ spec: resourceByPath('items'), body: { no: 'MANY', description: 'Sold one by one', costingMethod: 'FIFO' } }]);
    const sales = ENTRY_DETAIL_LIMIT + 1;
    const posted = await h.app
      .get(ItemJournalService)
      .post(
        [
          { entryType: 'Purchase', itemNo: 'MANY', postingDate: '2026-11-20', quantity: String(sales), unitCost: '1' },
          ...Array.from({ length: sales }, (): JournalLineInput => ({ entryType: 'Sale', itemNo: 'MANY', postingDate: '2026-11-21', quantity: '1' })),
        ],
        users.finance,
      );
    const receipt = posted.lines[0].itemLedgerEntryNos[0];
    for (const [width, locale, text] of [
      [WIDTHS.desktop, 'en', `Only the first ${ENTRY_DETAIL_LIMIT} are shown`],
      [WIDTHS.phone, 'nb-NO', `Bare de ${ENTRY_DETAIL_LIMIT} første vises`],
    ] as const) {
      const { context, page, errors } = await newPage(h, width, locale);
      await signIn(page, users.auditor);
      await page.goto(`/items/MANY?entry=${receipt}#entry`);
      const cut = page.locator('#entry p[data-cut]');
      await cut.waitFor();
      expect(await cut.count()).toBe(1);
      await expect(cut.textContent()).resolves.toContain(text);
      await expect(cut.locator('code').textContent()).resolves.toBe(`/api/ledgers/item-application-entries?inboundItemEntryNo=${receipt}`);
      await screenshot(page, `item-entry-cut-${locale}`);
      const scroll = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
      expect(scroll).toBe(0);
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
