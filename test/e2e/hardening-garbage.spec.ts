/**
 * Issue 15, item 5: errors are 4xx with line and field, never 500. Garbage goes to every route of
 * the OpenAPI document — odd path parameters, repeated and out-of-range query parameters, text
 * longer than any column, NUL characters, entry numbers ≥ 2³¹, invalid and 10,000-deep JSON,
 * prototype keys — and every answer must be below 500, problem+json when it is an error, with no
 * stack, no SQL and no echo of the long input.
 */
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createHttpApp } from '../../src/http-app';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';
import { SetupResourceService } from '../../src/setup/setup-resource.service';
import { resourceByPath } from '../../src/setup/setup-resources';
import { chart } from '../support/chart';
import { createTestUsers, TestUsers } from '../support/http-auth';
import { createTestDatabase, testConfig } from '../support/test-database';

type Schema = { $ref?: string; type?: string; properties?: Record<string, Schema>; items?: Schema };
type Operation = { parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: Schema }> } };

const LONG = `ECHO${'x'.repeat(296)}`;
const DEEP = `${'{"a":'.repeat(10000)}1${'}'.repeat(10000)}`;

describe('garbage to every route (issue 15, item 5)', () => {
  let app: INestApplication;
  let db: ScratchDatabase;
  let users: TestUsers;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createHttpApp({ config: testConfig(), databaseUrl: db.url, migrate: true });
    await app.init();
    users = await createTestUsers(app);
    await app
      .get(SetupResourceService)
      .applyAll([
        ...chart(),
        { spec: resourceByPath('items'), body: { no: 'A' } },
        { spec: resourceByPath('inventory-periods'), body: { endingDate: '2024-01-31' } },
      ]);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('answers every garbage request below 500, as problem+json, without stack, SQL or echo', async () => {
    const doc = (await request(app.getHttpServer()).get('/api/docs/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, Schema> };
    };
    const resolve = (s: Schema): Schema => (s.$ref ? resolve(doc.components.schemas[s.$ref.split('/').pop() as string]) : s);
    /** A body with every property of the schema set to `value` of its own type's worst kind. */
    const bodyWith = (schema: Schema, pick: (type: string | undefined) => unknown): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      for (const [name, raw] of Object.entries(resolve(schema).properties ?? {})) {
        const prop = resolve(raw);
        out[name] = prop.type === 'array' && prop.items ? [bodyWith(prop.items, pick)] : pick(prop.type);
      }
      return out;
    };
    const failures: string[] = [];
    let sent = 0;
    let refused = 0;
    const check = async (method: string, url: string, body: string | null, who: keyof TestUsers) => {
      let test = request(app.getHttpServer())[method as 'get'](url).set(users[who].headers);
      if (body !== null) test = test.set('Content-Type', 'application/json').send(body);
      const res = await test;
      sent++;
      const text = res.text ?? '';
      const where = `${method.toUpperCase()} ${url.slice(0, 120)} ${body?.slice(0, 60) ?? ''} as ${who}: ${res.status}`;
      if (res.status >= 500) failures.push(`${where} ${text.slice(0, 200)}`);
      else if (res.status >= 400) {
        refused++;
        if (!/^application\/problem\+json/.test(String(res.headers['content-type'])))
          failures.push(`${where} not problem+json (${res.headers['content-type']})`);
      }
      if (/\bat \S+ \(|node_modules|SELECT |INSERT |UPDATE |relation "|syntax error at/.test(text))
        failures.push(`${where} leaks internals: ${text.slice(0, 200)}`);
      if (text.includes(LONG.slice(0, 100))) failures.push(`${where} echoes the input`);
    };

    for (const [route, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const paramNames = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        const queryNames = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        const pathVariants = paramNames.length ? ['constructor', '__proto__', '2147483648', LONG, 'a%00b', '-1', '2024-02-30'] : [''];
        for (const who of ['finance', 'admin'] as const) {
          for (const value of pathVariants) {
            const path = route.replace(/\{[^}]+\}/g, encodeURIComponent(value).replace('a%2500b', 'a%00b'));
            const queries = ['', '?limit=0', '?after=2147483648', '?limit=1&limit=2', '?after=-1&limit=99999999999', `?x=${LONG}`, '?q=%00'];
            for (const name of queryNames) queries.push(`?${name}=${LONG}`, `?${name}=a%00b`, `?${name}=1&${name}=2`, `?${name}=2147483648`);
            for (const q of queries) await check(method, path + q, null, who);
            const schema = op.requestBody?.content['application/json']?.schema;
            if (!schema) continue;
            const bodies = [
              '{',
              '[]',
              '"text"',
              'null',
              DEEP,
              '{"__proto__": {"admin": true}}',
              '{"constructor": {"prototype": {}}}',
              JSON.stringify(bodyWith(schema, (t) => (t === 'integer' || t === 'number' ? 2147483648 : t === 'boolean' ? 'yes' : LONG))),
              JSON.stringify(bodyWith(schema, (t) => (t === 'integer' || t === 'number' ? -1 : t === 'boolean' ? 1 : 'a\u0000b'))),
              JSON.stringify(bodyWith(schema, (t) => (t === 'integer' ? 1.5 : t === 'number' ? 1e308 : t === 'boolean' ? null : ['x']))),
            ];
            for (const body of bodies) await check(method, path, body, who);
          }
        }
      }
    }
    process.stdout.write(`garbage: ${sent} requests, ${refused} refused with 4xx, ${failures.length} wrong\n`);
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(2000);
  });

  it("names the field of an over-long text or an entry number beyond int4, in the request's own words", async () => {
    const post = (who: keyof TestUsers, url: string, body: object) => request(app.getHttpServer()).post(url).set(users[who].headers).send(body);
    const fields = (res: request.Response) => (res.body.errors as { line?: number; field: string }[]).map((e) => `${e.line ?? '-'}:${e.field}`);
    const journal = await post('finance', '/api/gl-journal', {
      lines: [
        { accountNo: '2130', postingDate: '2024-01-10', amount: '1', documentNo: 'D'.repeat(256) },
        { accountNo: '7290', postingDate: '2024-01-10', amount: '-1' },
      ],
    }).expect(422);
    expect(fields(journal)).toEqual(['1:documentNo']);
    const schedule = await post('admin', '/api/schedules', { name: 'N'.repeat(300), cron: '0 6 1 * *', timeZone: 'UTC' }).expect(422);
    expect(fields(schedule)).toEqual(['-:name']);
    const revaluation = await post('finance', '/api/valuation/revaluations', {
      postingDate: '2024-01-31',
      itemNo: 'A',
      calculatePer: 'ItemLedgerEntry',
      appliesToEntry: 2147483648,
      unitCostRevalued: '1',
    }).expect(422);
    expect(fields(revaluation)).toEqual(['-:appliesToEntry']);
    const journalLine = await post('finance', '/api/item-journal/post', {
      lines: [{ entryType: 'Sale', itemNo: 'A', postingDate: '2024-01-10', quantity: '1', appliesToEntry: 999999 }],
    }).expect(422);
    expect(fields(journalLine)).toEqual(['1:appliesToEntry']);
  });
});
