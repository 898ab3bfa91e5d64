/**
 * The console's role matrix (issue 14): every console route × {anonymous, auditor, finance,
 * admin}, with the API's levels (src/access/roles.ts). Anonymous gets the sign-in page (303),
 * a role the level does not admit 403, an allowed one whatever the page answers (never 403 or
 * the sign-in page). Forms go with the session's CSRF token; without it they are refused (403)
 * whoever sends them. Every console route must have a row here; the API's matrix is
 * test/e2e/role-matrix.spec.ts.
 */
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { UsersService } from '../../src/access/users.service';
import { createHttpApp } from '../../src/http-app';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';
import { SchedulesService } from '../../src/pipeline/schedules.service';
import { ApiTokensService } from '../../src/access/api-tokens.service';
import { createTestDatabase, testConfig } from '../support/test-database';

type Caller = 'anonymous' | 'auditor' | 'finance' | 'admin';
const CALLERS: Caller[] = ['anonymous', 'auditor', 'finance', 'admin'];
const PUBLIC = 'public' as const;
const ANY: Caller[] = ['auditor', 'finance', 'admin'];
const READ = ANY;
const OPERATE: Caller[] = ['finance'];
const CONFIGURE: Caller[] = ['admin'];
const AUDIT: Caller[] = ['auditor', 'admin'];
const PASSWORD = 'console-matrix-password';
const NO_RUN = '00000000-0000-4000-8000-000000000000';

interface Row {
  method: 'GET' | 'POST';
  route: string;
  allowed: typeof PUBLIC | Caller[];
  path?: string;
  form?: Record<string, string>;
  /** Sign in anew for this request (sign-out ends the session). */
  fresh?: boolean;
}

const ROWS: Row[] = [
  { method: 'GET', route: '/sign-in', allowed: PUBLIC },
  { method: 'POST', route: '/sign-in', allowed: PUBLIC, form: { userName: 'NOBODY', password: 'wrong-password-1' } },
  { method: 'POST', route: '/language', allowed: PUBLIC, form: { locale: 'nb-NO', back: '/' } },
  { method: 'GET', route: '/account', allowed: ANY },
  { method: 'POST', route: '/account/tokens', allowed: ANY, form: { name: 'matrix' } },
  {
    method: 'POST',
    route: '/account/password',
    allowed: ANY,
    form: { currentPassword: 'not-the-password', newPassword: 'a-new-password-1', confirmPassword: 'a-new-password-1' },
  },
  { method: 'POST', route: '/account/tokens/:tokenId/revoke', path: `/account/tokens/${NO_RUN}/revoke`, allowed: ANY },
  { method: 'GET', route: '/', allowed: READ },
  { method: 'GET', route: '/close-runs', allowed: READ },
  { method: 'GET', route: '/close-runs/new', allowed: OPERATE },
  { method: 'POST', route: '/close-runs', allowed: OPERATE, form: { period: 'last month' } },
  { method: 'GET', route: '/close-runs/:id', path: `/close-runs/${NO_RUN}`, allowed: READ },
  { method: 'GET', route: '/close-runs/:id/progress', path: `/close-runs/${NO_RUN}/progress`, allowed: READ },
  { method: 'POST', route: '/close-runs/:id/resume', path: `/close-runs/${NO_RUN}/resume`, allowed: OPERATE },
  { method: 'GET', route: '/reconciliation', allowed: READ },
  { method: 'GET', route: '/reconciliation/entries', path: '/reconciliation/entries?accountType=inventory&figure=total', allowed: READ },
  { method: 'GET', route: '/reports', allowed: READ },
  { method: 'GET', route: '/reports/:name', path: '/reports/closeInventoryPeriodTest?run=1', allowed: READ },
  { method: 'GET', route: '/reports/:name/file', path: '/reports/closeInventoryPeriodTest/file?format=csv', allowed: READ },
  { method: 'GET', route: '/packages', allowed: READ },
  { method: 'GET', route: '/packages/:endingDate/file', path: '/packages/2030-12-31/file', allowed: READ },
  { method: 'POST', route: '/packages/verify', allowed: READ, form: {} },
  { method: 'GET', route: '/items', allowed: READ },
  { method: 'GET', route: '/items/:no', path: '/items/MATRIX', allowed: READ },
  { method: 'GET', route: '/schedules', allowed: READ },
  { method: 'GET', route: '/schedules/new', allowed: CONFIGURE },
  { method: 'GET', route: '/schedules/:id/edit', path: '/schedules/{schedule}/edit', allowed: CONFIGURE },
  { method: 'POST', route: '/schedules/preview', allowed: CONFIGURE, form: { cron: '0 6 1 * *', timeZone: 'UTC' } },
  { method: 'POST', route: '/schedules', allowed: CONFIGURE, form: { name: '' } },
  {
    method: 'POST',
    route: '/schedules/:id',
    path: '/schedules/{schedule}',
    allowed: CONFIGURE,
    form: { name: 'MATRIX', cron: '0 6 1 * *', timeZone: 'UTC', periodKind: 'month' },
  },
  { method: 'POST', route: '/schedules/:id/enabled', path: '/schedules/{schedule}/enabled', allowed: CONFIGURE, form: { enabled: 'false' } },
  { method: 'GET', route: '/users', allowed: CONFIGURE },
  { method: 'POST', route: '/users', allowed: CONFIGURE, form: { id: '', role: 'auditor' } },
  { method: 'GET', route: '/users/:id', path: '/users/MATRIX-SPARE', allowed: CONFIGURE },
  { method: 'POST', route: '/users/:id', path: '/users/MATRIX-SPARE', allowed: CONFIGURE, form: { displayName: 'Spare', role: 'auditor' } },
  { method: 'POST', route: '/users/:id/password-reset', path: '/users/MATRIX-SPARE/password-reset', allowed: CONFIGURE },
  { method: 'POST', route: '/users/:id/tokens/:tokenId/revoke', path: '/users/{finance}/tokens/{spareToken}/revoke', allowed: ['finance', 'admin'] },
  { method: 'GET', route: '/audit-log', allowed: AUDIT },
  { method: 'POST', route: '/sign-out', allowed: ANY, fresh: true },
];

interface Browser {
  agent: ReturnType<typeof request.agent>;
  csrf: string;
}

describe('console role matrix: every console route × anonymous, auditor, finance, admin', () => {
  let app: INestApplication;
  let db: ScratchDatabase;
  const ids: Record<Exclude<Caller, 'anonymous'>, string> = { auditor: 'MATRIX-AUDITOR', finance: 'MATRIX-FINANCE', admin: 'MATRIX-ADMIN' };
  const fixtures: Record<string, string> = {};
  const browsers = {} as Record<Caller, Browser>;

  async function open(caller: Caller): Promise<Browser> {
    const agent = request.agent(app.getHttpServer());
    const page = await agent.get('/sign-in').expect(200);
    let csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    if (caller !== 'anonymous') {
      await agent.post('/sign-in').type('form').send({ _csrf: csrf, userName: ids[caller], password: PASSWORD, next: '/account' }).expect(303);
      csrf = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/account').expect(200)).text)![1];
    }
    return { agent, csrf };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createHttpApp({ config: testConfig(), databaseUrl: db.url, migrate: false });
    await app.init();
    const users = app.get(UsersService);
    for (const [role, id] of Object.entries(ids)) await users.create('TEST-SETUP', { id, role: role as never, password: PASSWORD, passwordChosenByUser: true });
    await users.create('TEST-SETUP', { id: 'MATRIX-SPARE', role: 'auditor' });
    fixtures.finance = ids.finance;
    fixtures.spareToken = (await app.get(ApiTokensService).issue(ids.finance, ids.finance, { name: 'spare', expiresAt: null })).id;
    fixtures.schedule = (await app.get(SchedulesService).create({ name: 'MATRIX', cron: '0 6 1 * *', timeZone: 'UTC' }, 'TEST-SETUP')).id;
    for (const caller of CALLERS) browsers[caller] = await open(caller);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('has a row for every console route, and no row for a route that does not exist', () => {
    const stack = (app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router.stack;
    const routes = stack
      .filter((l) => l.route && !l.route.path.startsWith('/api') && l.route.path !== '/{*all}')
      .flatMap((l) =>
        Object.keys(l.route!.methods)
          .filter((m) => m !== '_all')
          .map((m) => `${m.toUpperCase()} ${l.route!.path}`),
      );
    const rows = ROWS.map((r) => `${r.method} ${r.route}`);
    expect({ missing: routes.filter((r) => !rows.includes(r)), extra: rows.filter((r) => !routes.includes(r)) }).toEqual({ missing: [], extra: [] });
  });

  it.each(ROWS.map((row) => [`${row.method} ${row.route}`, row] as const))('%s', async (_name, row) => {
    const expected: Record<Caller, string> = {} as never;
    const actual: Record<Caller, string> = {} as never;
    for (const caller of CALLERS) {
      const allowed = row.allowed === PUBLIC || row.allowed.includes(caller);
      expected[caller] = allowed ? 'allowed' : caller === 'anonymous' ? 'sign-in' : '403';
      const browser = row.fresh ? await open(caller) : browsers[caller];
      const path = (row.path ?? row.route).replace(/\{(\w+)\}/g, (_m, n: string) => fixtures[n]);
      const res =
        row.method === 'GET'
          ? await browser.agent.get(path)
          : await browser.agent
              .post(path)
              .type('form')
              .send({ ...row.form, _csrf: browser.csrf });
      const toSignIn = res.status === 303 && String(res.headers.location).startsWith('/sign-in?');
      actual[caller] = res.status === 403 ? '403' : toSignIn ? 'sign-in' : res.status >= 500 ? `${res.status}` : 'allowed';
    }
    expect(actual).toEqual(expected);
  });

  it("refuses every form without its CSRF token, signed in or not, and with another session's token", async () => {
    for (const row of ROWS.filter((r) => r.method === 'POST')) {
      const path = (row.path ?? row.route).replace(/\{(\w+)\}/g, (_m, n: string) => fixtures[n]);
      for (const caller of CALLERS) {
        const res = await browsers[caller].agent
          .post(path)
          .type('form')
          .send({ ...row.form });
        // The upload's body (and its token) is read only once the user is known: the anonymous get the sign-in page first.
        const expected = row.route === '/packages/verify' && caller === 'anonymous' ? 303 : 403;
        expect([row.route, caller, res.status]).toEqual([row.route, caller, expected]);
      }
      const stolen = await browsers.finance.agent
        .post(path)
        .type('form')
        .send({ ...row.form, _csrf: browsers.admin.csrf });
      expect([row.route, 'token of another session', stolen.status]).toEqual([row.route, 'token of another session', 403]);
    }
    // The package upload is multipart: its token is checked once the form is read.
    await browsers.auditor.agent.post('/packages/verify').attach('package', Buffer.from('PK not a zip'), 'x.zip').expect(403);
    const checked = await browsers.auditor.agent
      .post('/packages/verify')
      .field('_csrf', browsers.auditor.csrf)
      .attach('package', Buffer.from('PK not a zip'), 'x.zip')
      .expect(200);
    expect(checked.text).toMatch(/does NOT verify|stemmer IKKE/); // (an earlier row chose Norwegian)
  });

  it('sends the session cookie HttpOnly and SameSite=Strict, pages with a CSP that allows no inline script, and no bearer token opens a page', async () => {
    const res = await request(app.getHttpServer()).get('/sign-in').expect(200);
    expect(res.headers['set-cookie'][0]).toMatch(/^costclose_session=[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    const csp = res.headers['content-security-policy'];
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const token = (await app.get(ApiTokensService).issue(ids.finance, ids.finance, { name: 'api', expiresAt: null })).token;
    const page = await request(app.getHttpServer()).get('/').set('Authorization', `Bearer ${token}`);
    expect(page.status).toBe(303);
    // And the session cookie opens no API route.
    await browsers.finance.agent.get('/api/close-runs').expect(401);
    await request(app.getHttpServer()).get('/api/close-runs').set('Authorization', `Bearer ${token}`).expect(200);
    // htmx and ECharts come from the installed packages.
    await request(app.getHttpServer())
      .get('/assets/vendor/htmx.min.js')
      .expect(200)
      .expect('Content-Type', /javascript/);
    await request(app.getHttpServer()).get('/assets/vendor/echarts.min.js').expect(200);
    await request(app.getHttpServer()).get('/assets/console.js').expect(200);
  });
});
