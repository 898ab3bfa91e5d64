/**
 * Issue 15, item 2: amounts arrive exactly or not at all. Every decimal field of every request
 * body the OpenAPI document lists refuses a JSON number with a message saying to send a string;
 * values out of bounds or with more decimals than the precisions are refused; decimal strings
 * are stored to the digit. Scenario files (whose format accepts JSON numbers) are read exactly.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createHttpApp } from '../../src/http-app';
import { runScenarioFile } from '../../src/scenario/run-scenario';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';
import { asUser, createTestUsers, UserClient } from '../support/http-auth';
import { createTestDatabase, testConfig, testServerUrl } from '../support/test-database';

type Schema = { $ref?: string; type?: string; pattern?: string; properties?: Record<string, Schema>; items?: Schema; oneOf?: Schema[] };
const HUGE = '12345678901234567.89';

describe('exact decimals at the edges (issue 15, item 2)', () => {
  let app: INestApplication;
  let db: ScratchDatabase;
  let admin: UserClient;
  let finance: UserClient;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'costclose-exact-'));

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createHttpApp({ config: testConfig(), databaseUrl: db.url, migrate: true });
    await app.init();
    const users = await createTestUsers(app);
    admin = asUser(app, users.admin);
    finance = asUser(app, users.finance);
    await admin.post('/api/setup/items').send({ no: 'A', costingMethod: 'FIFO' }).expect(201);
    await admin.post('/api/setup/general-posting-setups').send({ genBusPostingGroup: '', genProdPostingGroup: 'RETAIL' }).expect(201);
    await admin.post('/api/setup/inventory-posting-setups').send({ locationCode: '', inventoryPostingGroup: 'RESALE' }).expect(201);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a JSON number in every decimal field of every request body, naming the field', async () => {
    const doc = (await request(app.getHttpServer()).get('/api/docs/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>;
      components: { schemas: Record<string, Schema> };
    };
    const resolve = (s: Schema): Schema => (s.$ref ? resolve(doc.components.schemas[s.$ref.split('/').pop() as string]) : s);
    const isDecimal = (s: Schema) => s.type === 'string' && typeof s.pattern === 'string' && s.pattern.includes('\\d+(\\.\\d+)?');
    /** Bodies with one decimal field set to a JSON number, and the field path the error names. */
    const bodiesOf = (schema: Schema): { body: unknown; field: string }[] => {
      const s = resolve(schema);
      const out: { body: unknown; field: string }[] = [];
      for (const [name, raw] of Object.entries(s.properties ?? {})) {
        const prop = resolve(raw);
        if (isDecimal(prop)) out.push({ body: { [name]: Number(HUGE) }, field: name });
        if (prop.type === 'array' && prop.items) for (const inner of bodiesOf(prop.items)) out.push({ body: { [name]: [inner.body] }, field: inner.field });
      }
      return out;
    };
    const checked: string[] = [];
    for (const [route, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const schema = op.requestBody?.content['application/json']?.schema;
        if (!schema) continue;
        for (const { body, field } of bodiesOf(schema)) {
          const url = route.replace(/\{[^}]+\}/g, '2024-01-31');
          let res = await finance.request(method as 'post', url).send(body as object);
          if (res.status === 403) res = await admin.request(method as 'post', url).send(body as object);
          expect({ route, method, field, status: res.status }).toEqual({ route, method, field, status: 422 });
          expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
          const named = (res.body.errors as { field?: string; message: string }[]).find(
            (e) => e.field?.split('.').pop() === field && /not a JSON number/.test(e.message),
          );
          expect({ route, field, named: Boolean(named) }).toEqual({ route, field, named: true });
          checked.push(`${method.toUpperCase()} ${route} ${field}`);
        }
      }
    }
    // The journal's, G/L journal's, valuation's and the setup records' decimal fields at least.
    expect(checked).toEqual(
      expect.arrayContaining([
        'POST /api/item-journal/post quantity',
        'POST /api/item-journal/post unitCost',
        'POST /api/item-journal/post amount',
        'POST /api/item-journal/invoice unitCost',
        'POST /api/item-journal/item-charge amount',
        'POST /api/gl-journal amount',
        'POST /api/valuation/revaluations unitCostRevalued',
        'POST /api/valuation/standard-cost standardCost',
        'POST /api/setup/items unitCost',
        'PUT /api/setup/general-ledger-setup amountRoundingPrecision',
      ]),
    );
    expect(checked.length).toBeGreaterThanOrEqual(20);
  });

  it('refuses values out of bounds and with too many decimals, and stores decimal strings to the digit', async () => {
    const line = { entryType: 'Purchase', itemNo: 'A', postingDate: '2024-01-10' };
    const refused = await finance
      .post('/api/item-journal/post')
      .send({
        lines: [
          { ...line, entryType: 'Sale', quantity: '99999999999999999999999999' },
          { ...line, quantity: '123456789012345678901234567890123456789012345' },
          { ...line, quantity: '1', unitCost: '0.0000000000000000000000000000000000000000001' },
          { ...line, quantity: '1', unitCost: HUGE },
        ],
      })
      .expect(422);
    expect(refused.body.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
      [1, 'quantity'],
      [2, 'quantity'],
      [3, 'unitCost'],
      [4, 'unitCost'],
    ]);
    await admin.post('/api/setup/items').send({ no: 'B', unitCost: '1e5' }).expect(422);
    await admin.post('/api/setup/items').send({ no: 'B', unitCost: '1000000000000000' }).expect(422);
    await finance
      .post('/api/item-journal/post')
      .send({ lines: [{ ...line, quantity: '1', unitCost: '98765432109876.54321' }] })
      .expect(201);
    const ve = await finance.get('/api/ledgers/value-entries').expect(200);
    // A float would have made it 98765432109876.546875, 98765432109876.55 after rounding.
    expect(ve.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ costAmountActual: '98765432109876.54' })]));
  });

  it('reads JSON numbers in scenario files exactly, and refuses exponents and values out of bounds', async () => {
    const scenario = (quantity: unknown, unitCost: unknown, equals: string) => ({
      format: 'scenario/v1',
      name: 'exact numbers',
      setup: { items: [{ no: 'A', costingMethod: 'FIFO' }] },
      steps: [{ op: 'post', ref: 'P1', entryType: 'Purchase', item: 'A', postingDate: '2020-01-01', quantity, unitCost }],
      expect: [{ valueEntries: { ref: 'P1' }, sum: 'costAmountActual', equals }],
    });
    const write = (name: string, text: string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    };
    const run = (file: string) => runScenarioFile(file, { serverUrl: testServerUrl(), config: testConfig(), check: true });
    // JSON.stringify would write the float; the file carries the literal as a person typed it.
    const exact = write('exact.json', JSON.stringify(scenario(1, 'UNIT', '98765432109876.54')).replace('"UNIT"', '98765432109876.54321'));
    const good = await run(exact);
    expect(good.messages).toEqual([]);
    expect(good.exitCode).toBe(0);
    const tiny = await run(write('tiny.json', JSON.stringify(scenario(1, 'UNIT', '0')).replace('"UNIT"', '1e-43')));
    expect(tiny.exitCode).toBe(2);
    expect(tiny.messages.join('\n')).toMatch(/unitCost "1e-43" is not a decimal/);
    const huge = await run(write('huge.json', JSON.stringify(scenario('QTY', '1', '0')).replace('"QTY"', '123456789012345678901234567890123456789012345')));
    expect(huge.exitCode).toBe(1);
    expect(huge.messages.join('\n')).toMatch(/quantity: 123456789012345678901234567890123456789012345 is out of range/);
  });
});
