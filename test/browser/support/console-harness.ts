/**
 * The console in a real browser (issue 14): the HTTP app on a database of the test file's own,
 * listening on a free port, and headless Chromium from Debian's `chromium` package driven by
 * playwright-core (which downloads nothing). Screenshots of every page at 1280 and 390 px go to
 * test-artifacts/screenshots/ (git-ignored), to be looked at.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { AddressInfo } from 'net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { UsersService } from '../../../src/access/users.service';
import { createHttpApp } from '../../../src/http-app';
import type { ScratchDatabase } from '../../../src/scenario/scenario-database';
import { createTestDatabase, testConfig } from '../../support/test-database';
import type { AppConfig } from '../../../src/config/app-config';

export const CHROMIUM = process.env.COSTCLOSE_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve(__dirname, '../../../test-artifacts/screenshots');
export const PASSWORD = 'console-password-1';
export const WIDTHS = { desktop: 1280, phone: 390 } as const;

export interface ConsoleHarness {
  app: NestExpressApplication;
  db: ScratchDatabase;
  config: AppConfig;
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startConsole(overrides: Partial<AppConfig> = {}): Promise<ConsoleHarness> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set COSTCLOSE_CHROMIUM)`);
  const db = await createTestDatabase();
  const config = testConfig(overrides);
  const app = await createHttpApp({ config, databaseUrl: db.url, migrate: false });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  return {
    app,
    db,
    config,
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    close: async () => {
      await browser.close();
      await app.close();
      await db.drop();
      fs.rmSync(config.packageDir, { recursive: true, force: true });
      fs.rmSync(config.close.outDir, { recursive: true, force: true });
    },
  };
}

/** Users CONSOLE-ADMIN, CONSOLE-FINANCE and CONSOLE-AUDITOR with a password of their own. */
export async function createConsoleUsers(app: NestExpressApplication): Promise<Record<'admin' | 'finance' | 'auditor', string>> {
  const users = app.get(UsersService);
  const out = {} as Record<'admin' | 'finance' | 'auditor', string>;
  for (const role of ['admin', 'finance', 'auditor'] as const) {
    const id = `CONSOLE-${role.toUpperCase()}`;
    await users.create('TEST-SETUP', { id, role, displayName: `Console ${role}`, password: PASSWORD, passwordChosenByUser: true });
    out[role] = id;
  }
  return out;
}

export async function newPage(
  h: ConsoleHarness,
  width: number = WIDTHS.desktop,
  locale = 'en-GB',
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await h.browser.newContext({ viewport: { width, height: 900 }, locale, acceptDownloads: true, baseURL: h.baseUrl });
  const page = await context.newPage();
  const errors: string[] = [];
  // A CSP violation or a script error is a failure of the page.
  // (A refused form answers 403 or 422 on purpose: Chromium logs that too, and it is no error of the page.)
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of (403|422)/.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

export async function signIn(page: Page, userName: string, password = PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel(/User name|Brukernavn/).fill(userName);
  await page.getByLabel(/^(Password|Passord)$/).fill(password);
  await page.getByRole('button', { name: /Sign in|Logg inn/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/** A full-page screenshot under test-artifacts/screenshots/<name>-<width>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  const file = path.join(SCREENSHOT_DIR, `${name}-${width}.png`);
  // Let the charts draw first.
  await page.waitForTimeout(150);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
