/**
 * The role matrix (issue #6): every route of the running app × {anonymous, auditor, finance,
 * admin} gets exactly the answer the table says: 401 without a token, 403 for a role that may
 * not, the expected success (or, for a deliberately incomplete body, the validation error)
 * otherwise.
 *
 * Adding a route? Add its row to ROUTES: the first test fails until every route has one, and a
 * row for a route that no longer exists fails it too. Rows run in table order against one
 * database; prefer a valid request (2xx) that leaves the fixtures usable for later rows.
 */
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ApiTokensService } from '../../src/access/api-tokens.service';
import { UsersService } from '../../src/access/users.service';
import { createHttpApp } from '../../src/http-app';
import { SchedulesService } from '../../src/pipeline/schedules.service';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';
import { createTestUsers, HttpMethod, TEST_ACTOR, TestUsers } from '../support/http-auth';
import { createTestDatabase, testConfig } from '../support/test-database';
import { SetupResourceService } from '../../src/setup/setup-resource.service';
import { chart } from '../support/chart';

type Caller = 'anonymous' | 'auditor' | 'finance' | 'admin';
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const CALLERS: Caller[] = ['anonymous', 'auditor', 'finance', 'admin'];

/** Who gets through, per access level (src/access/roles.ts), spelled out rather than imported. */
const PUBLIC = 'public' as const;
const ANY_ROLE: Caller[] = ['auditor', 'finance', 'admin'];
const READ: Caller[] = ['auditor', 'finance', 'admin'];
const OPERATE: Caller[] = ['finance'];
const CONFIGURE: Caller[] = ['admin'];
const AUDIT: Caller[] = ['auditor', 'admin'];

interface RouteRow {
  method: Method;
  /** The route as Express registers it, e.g. `/api/users/:id/tokens`. */
  route: string;
  allowed: typeof PUBLIC | Caller[];
  /** The request to send; `{name}` is filled from the fixtures. Defaults to the route itself. */
  path?: string;
  query?: Record<string, string>;
  body?: unknown;
  /** What an allowed caller gets; any 2xx when left out. */
  status?: number;
}

/** Setup resources (src/setup/setup-resources.ts) and the key of a fixture record of each. */
const SETUP_SINGLETONS = ['inventory-setup', 'general-ledger-setup', 'manufacturing-setup'];
const SETUP_RESOURCES: Record<string, Record<string, string>> = {
  'user-setups': { userId: 'MATRIX' },
  locations: { code: 'MATRIX' },
  items: { no: 'MATRIX' },
  'item-charges': { no: 'MATRIX' },
  'inventory-periods': { endingDate: '2030-12-31' },
  'accounting-periods': { startingDate: '2030-01-01' },
  'gl-accounts': { no: 'MATRIX' },
  'general-posting-setups': { genBusPostingGroup: 'MATRIX', genProdPostingGroup: 'MATRIX' },
  'inventory-posting-setups': { locationCode: 'MATRIX', inventoryPostingGroup: 'MATRIX' },
  'work-centers': { no: 'MATRIX' },
  resources: { no: 'MATRIX' },
  'bom-lines': { parentItemNo: 'MATRIX', lineNo: '10000' },
  'routing-lines': { itemNo: 'MATRIX', operationNo: '10' },
};

function setupRows(): RouteRow[] {
  const rows: RouteRow[] = [];
  for (const resource of SETUP_SINGLETONS) {
    const route = `/api/setup/${resource}`;
    rows.push(
      { method: 'GET', route, allowed: READ },
      { method: 'PUT', route, allowed: CONFIGURE, body: {} },
      { method: 'PATCH', route, allowed: CONFIGURE, body: {} },
    );
  }
  for (const [resource, key] of Object.entries(SETUP_RESOURCES)) {
    const route = `/api/setup/${resource}`;
    const [first, ...rest] = Object.keys(key);
    rows.push(
      { method: 'GET', route, allowed: READ },
      { method: 'GET', route: `${route}/:key`, path: `${route}/${key[first]}`, query: Object.fromEntries(rest.map((k) => [k, key[k]])), allowed: READ },
      { method: 'POST', route, allowed: CONFIGURE, body: {}, status: 422 }, // keys missing: nothing created
      { method: 'PUT', route, allowed: CONFIGURE, body: key }, // upsert of the fixture: no change
      { method: 'PATCH', route, allowed: CONFIGURE, query: key, body: {} },
      { method: 'DELETE', route, allowed: CONFIGURE, status: 422 }, // no keys: nothing deleted
    );
  }
  return rows;
}

/** The API documentation: Swagger UI's routes, public, no data. */
const DOCS: RouteRow[] = [
  ...[
    '/api/docs',
    '/api/docs/',
    '/api/docs/index.html',
    '/api/docs/swagger-ui-init.js',
    '/api/docs/docs/swagger-ui-init.js',
    '/api/docs/openapi.json',
    '/api/docs-yaml',
  ].map((route): RouteRow => ({ method: 'GET', route, allowed: PUBLIC })),
  { method: 'GET', route: '/api/docs/LICENSE', allowed: PUBLIC, status: 404 }, // Swagger UI routes it; the file is not shipped
];

const ROUTES: RouteRow[] = [
  ...DOCS,
  // access
  { method: 'POST', route: '/api/auth/login', allowed: PUBLIC, body: { userName: 'MATRIX-LOGIN', password: 'matrix-password-1' } },
  { method: 'GET', route: '/api/auth/me', allowed: ANY_ROLE },
  { method: 'GET', route: '/api/users', allowed: CONFIGURE },
  { method: 'POST', route: '/api/users', allowed: CONFIGURE, body: { id: 'MATRIX-NEW', role: 'auditor' } },
  { method: 'GET', route: '/api/users/:id', path: '/api/users/MATRIX-LOGIN', allowed: CONFIGURE },
  { method: 'PUT', route: '/api/users/:id', path: '/api/users/MATRIX-LOGIN', allowed: CONFIGURE, body: { displayName: 'Matrix' } },
  // A user manages their own tokens; an admin everyone's. The path names the finance user.
  // Tokens are issued only by their owner (issue 15, item 7); an admin lists and revokes everyone's.
  { method: 'POST', route: '/api/users/:id/tokens', path: '/api/users/{finance}/tokens', allowed: ['finance'], body: { name: 'matrix' } },
  { method: 'POST', route: '/api/users/:id/password-reset', path: '/api/users/MATRIX-RESET/password-reset', allowed: CONFIGURE },
  { method: 'GET', route: '/api/users/:id/tokens', path: '/api/users/{finance}/tokens', allowed: ['finance', 'admin'] },
  { method: 'DELETE', route: '/api/users/:id/tokens/:tokenId', path: '/api/users/{finance}/tokens/{spareTokenId}', allowed: ['finance', 'admin'] },
  { method: 'GET', route: '/api/audit-log', allowed: AUDIT },
  // setup
  ...setupRows(),
  // item journal
  {
    method: 'POST',
    route: '/api/item-journal/post',
    allowed: OPERATE,
    body: { lines: [{ entryType: 'Purchase', itemNo: 'MATRIX', postingDate: '2031-01-05', quantity: '1', unitCost: '1' }] },
  },
  { method: 'POST', route: '/api/item-journal/invoice', allowed: OPERATE, body: {}, status: 422 },
  { method: 'POST', route: '/api/item-journal/item-charge', allowed: OPERATE, body: {}, status: 422 },
  { method: 'POST', route: '/api/item-journal/undo', allowed: OPERATE, body: {}, status: 422 },
  // valuation: calculating writes nothing, so every role may; revaluing posts
  { method: 'POST', route: '/api/valuation/calculate-inventory-value', allowed: READ, body: { postingDate: '2031-12-31' } },
  { method: 'POST', route: '/api/valuation/revaluations', allowed: OPERATE, body: {}, status: 422 },
  { method: 'POST', route: '/api/valuation/standard-cost', allowed: OPERATE, body: {}, status: 422 },
  { method: 'POST', route: '/api/valuation/calculate-standard-cost', allowed: OPERATE, body: {}, status: 422 },
  { method: 'POST', route: '/api/valuation/standard-cost-worksheet/implement', allowed: OPERATE, body: {}, status: 422 },
  // assembly orders post to the ledgers
  { method: 'POST', route: '/api/assembly-orders', allowed: OPERATE, body: {}, status: 422 },
  // production orders: releasing and posting to them is finance's
  { method: 'POST', route: '/api/production-orders', allowed: OPERATE, body: {}, status: 422 },
  { method: 'GET', route: '/api/production-orders/:orderNo', path: '/api/production-orders/PO-MATRIX', allowed: READ, status: 404 },
  ...['consumption', 'capacity', 'output', 'finish'].map((action): RouteRow => ({
    method: 'POST',
    route: `/api/production-orders/:orderNo/${action}`,
    path: `/api/production-orders/PO-MATRIX/${action}`,
    allowed: OPERATE,
    body: {},
    status: 422,
  })),
  // adjustment
  { method: 'POST', route: '/api/adjustment/runs', allowed: OPERATE, body: { upTo: 'never' }, status: 422 }, // a run would outlive the test
  { method: 'POST', route: '/api/adjustment/runs/mark', allowed: OPERATE, body: { items: ['MATRIX'] } },
  { method: 'GET', route: '/api/adjustment/runs', allowed: READ },
  { method: 'GET', route: '/api/adjustment/runs/:id', path: '/api/adjustment/runs/00000000-0000-4000-8000-000000000000', allowed: READ, status: 404 },
  // G/L
  { method: 'POST', route: '/api/gl-posting/inventory-cost', allowed: OPERATE, body: { method: 'Sometimes' }, status: 422 },
  { method: 'POST', route: '/api/gl-journal', allowed: OPERATE, body: {}, status: 422 },
  // inventory periods: close, then reopen, the fixture period
  { method: 'GET', route: '/api/inventory-periods', allowed: READ },
  { method: 'GET', route: '/api/inventory-periods/close-test', allowed: READ },
  {
    method: 'POST',
    route: '/api/inventory-periods/:endingDate/close',
    path: '/api/inventory-periods/2030-12-31/close',
    query: { beforePeriodEnd: 'true' },
    allowed: OPERATE,
  }, // the period has not ended: closed on purpose (issue 15, item 10)
  { method: 'POST', route: '/api/inventory-periods/:endingDate/reopen', path: '/api/inventory-periods/2030-12-31/reopen', allowed: OPERATE },
  // reconciliation and ledgers
  { method: 'GET', route: '/api/reconciliation', allowed: READ },
  { method: 'GET', route: '/api/reconciliation/entries', query: { accountType: 'inventory', figure: 'total' }, allowed: READ },
  { method: 'GET', route: '/api/ledgers/:ledger', path: '/api/ledgers/item-ledger-entries', allowed: READ },
  // period-close packages and e-mail deliveries (no package exists for the fixture period)
  { method: 'GET', route: '/api/periods/:endingDate/package', path: '/api/periods/2030-12-31/package', allowed: READ, status: 404 },
  { method: 'GET', route: '/api/periods/:endingDate/package/manifest', path: '/api/periods/2030-12-31/package/manifest', allowed: READ, status: 404 },
  { method: 'GET', route: '/api/periods/:endingDate/package/revisions', path: '/api/periods/2030-12-31/package/revisions', allowed: READ },
  {
    method: 'GET',
    route: '/api/periods/:endingDate/package/revisions/:revision',
    path: '/api/periods/2030-12-31/package/revisions/1',
    allowed: READ,
    status: 404,
  },
  {
    method: 'GET',
    route: '/api/periods/:endingDate/package/revisions/:revision/manifest',
    path: '/api/periods/2030-12-31/package/revisions/1/manifest',
    allowed: READ,
    status: 404,
  },
  { method: 'GET', route: '/api/email-deliveries', allowed: READ },
  // close runs and schedules (a run would outlive the test: start it with a bad period)
  { method: 'POST', route: '/api/close-runs', allowed: OPERATE, body: { period: 'last month' }, status: 422 },
  { method: 'POST', route: '/api/close-runs/:id/resume', path: '/api/close-runs/00000000-0000-4000-8000-000000000000/resume', allowed: OPERATE, status: 404 },
  { method: 'GET', route: '/api/close-runs', allowed: READ },
  { method: 'GET', route: '/api/close-runs/:id', path: '/api/close-runs/00000000-0000-4000-8000-000000000000', allowed: READ, status: 404 },
  { method: 'GET', route: '/api/schedules', allowed: READ },
  { method: 'GET', route: '/api/schedules/:id', path: '/api/schedules/{schedule}', allowed: READ },
  { method: 'POST', route: '/api/schedules', allowed: CONFIGURE, body: { name: 'MATRIX-NEW', cron: '0 6 1 * *', timeZone: 'Europe/Oslo' } },
  { method: 'PUT', route: '/api/schedules/:id', path: '/api/schedules/{schedule}', allowed: CONFIGURE, body: { enabled: false } },
  { method: 'DELETE', route: '/api/schedules/:id', path: '/api/schedules/{spareSchedule}', allowed: CONFIGURE },
  // reports
  { method: 'GET', route: '/api/reports', allowed: READ },
  { method: 'GET', route: '/api/reports/:name/rows', path: '/api/reports/inventoryValuation/rows', query: { endDate: '2031-12-31' }, allowed: READ },
  { method: 'GET', route: '/api/reports/:name', path: '/api/reports/closeInventoryPeriodTest', query: { format: 'csv' }, allowed: READ },
];

/** Express routes that are middleware mounted for every method and path, not endpoints. */
const MIDDLEWARE_MOUNTS = ['/{*all}']; // MikroORM's request context

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

describe('role matrix: every route × anonymous, auditor, finance, admin', () => {
  let app: INestApplication;
  let db: ScratchDatabase;
  let users: TestUsers;
  const fixtures: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createHttpApp({ config: testConfig(), databaseUrl: db.url, migrate: true });
    await app.init();
    users = await createTestUsers(app);
    fixtures.finance = users.finance.id;
    await app.get(UsersService).create(TEST_ACTOR, { id: 'MATRIX-LOGIN', role: 'auditor', password: 'matrix-password-1', passwordChosenByUser: true });
    await app.get(UsersService).create(TEST_ACTOR, { id: 'MATRIX-RESET', role: 'auditor' });
    fixtures.spareTokenId = (await app.get(ApiTokensService).issue(TEST_ACTOR, users.finance.id, { name: 'spare', expiresAt: null })).id;
    fixtures.schedule = (await app.get(SchedulesService).create({ name: 'MATRIX-KEEP', cron: '0 6 1 * *', timeZone: 'UTC' }, TEST_ACTOR)).id;
    fixtures.spareSchedule = (await app.get(SchedulesService).create({ name: 'MATRIX-SPARE', cron: '0 6 1 * *', timeZone: 'UTC' }, TEST_ACTOR)).id;
    // The fixture journal line needs its posting setup (issue 15, item 3).
    await app.get(SetupResourceService).applyAll(chart());
    for (const [resource, key] of Object.entries(SETUP_RESOURCES)) {
      await request(app.getHttpServer()).put(`/api/setup/${resource}`).set(users.admin.headers).send(key).expect(200);
    }
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  function expressRoutes(): { endpoints: string[]; mounts: string[] } {
    const stack = (app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } }).router.stack;
    const endpoints: string[] = [];
    const mounts: string[] = [];
    for (const { route } of stack) {
      if (!route) continue;
      // The console's pages (outside /api) have their own matrix: test/e2e/console-access.spec.ts.
      if (route.path !== '/{*all}' && !route.path.startsWith('/api')) continue;
      const methods = Object.keys(route.methods).filter((m) => m !== '_all');
      if (methods.length > 5) mounts.push(route.path);
      else for (const m of methods) endpoints.push(`${m.toUpperCase()} ${route.path}`);
    }
    return { endpoints, mounts };
  }

  it('has a row for every route of the running app, and no row for a route that does not exist', () => {
    const { endpoints, mounts } = expressRoutes();
    const rows = ROUTES.map((r) => `${r.method} ${r.route}`);
    expect(new Set(rows).size).toBe(rows.length);
    expect({ routesWithoutRow: endpoints.filter((e) => !rows.includes(e)), rowsWithoutRoute: rows.filter((r) => !endpoints.includes(r)) }).toEqual({
      routesWithoutRow: [],
      rowsWithoutRoute: [],
    });
    expect(mounts).toEqual(MIDDLEWARE_MOUNTS);
  });

  it.each(ROUTES.map((row) => [`${row.method} ${row.route}`, row] as const))('%s', async (_name, row) => {
    const expected: Record<Caller, number | string> = {} as never;
    const actual: Record<Caller, number | string> = {} as never;
    for (const caller of CALLERS) {
      const allowed = row.allowed === PUBLIC || row.allowed.includes(caller);
      expected[caller] = allowed ? (row.status ?? '2xx') : caller === 'anonymous' ? 401 : 403;
      const status = await send(row, caller);
      actual[caller] = status >= 200 && status < 300 && row.status === undefined ? '2xx' : status;
    }
    expect(actual).toEqual(expected);
  });

  async function send(row: RouteRow, caller: Caller): Promise<number> {
    const path = (row.path ?? row.route).replace(/\{(\w+)\}/g, (_m, name: string) => fixtures[name]);
    let test = request(app.getHttpServer())[row.method.toLowerCase() as HttpMethod](path);
    if (caller !== 'anonymous') test = test.set(users[caller].headers);
    if (row.query) test = test.query(row.query);
    if (row.body !== undefined) test = test.send(row.body as object);
    const res = await test;
    return res.status;
  }

  it('answers 401 and 403 as problem+json, naming what is missing', async () => {
    const anonymous = await request(app.getHttpServer()).get('/api/setup/items').expect(401);
    expect(anonymous.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="costclose"');
    expect(anonymous.body).toMatchObject({
      type: 'urn:costclose:problem:unauthenticated',
      status: 401,
      detail: expect.stringMatching(/Authorization: Bearer/),
    });
    const forbidden = await request(app.getHttpServer()).post('/api/setup/items').set(users.finance.headers).send({ no: 'X' }).expect(403);
    expect(forbidden.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(forbidden.body).toMatchObject({
      type: 'urn:costclose:problem:forbidden',
      status: 403,
      detail: expect.stringMatching(/The finance role may not do this: POST \/api\/setup\/items needs the role admin/),
    });
    await request(app.getHttpServer()).get('/api/setup/items').set('Authorization', 'Basic dXNlcjpwdw==').expect(401);
    await request(app.getHttpServer()).get('/api/setup/items').set('Authorization', 'Bearer cc_not-a-token').expect(401);
  });
});
