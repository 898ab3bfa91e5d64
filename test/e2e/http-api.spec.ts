import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createHttpApp } from '../../src/http-app';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';
import { asUser, createTestUsers, UserClient } from '../support/http-auth';
import { createTestDatabase, testConfig } from '../support/test-database';

describe('HTTP API', () => {
  let app: INestApplication;
  let db: ScratchDatabase;
  let http: ReturnType<typeof request>;
  let admin: UserClient;
  let finance: UserClient;
  let auditor: UserClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createHttpApp({ config: testConfig(), databaseUrl: db.url, migrate: true });
    await app.init();
    http = request(app.getHttpServer());
    const users = await createTestUsers(app);
    admin = asUser(app, users.admin);
    finance = asUser(app, users.finance);
    auditor = asUser(app, users.auditor);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('serves the OpenAPI document and its UI', async () => {
    const doc = await http.get('/api/docs/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/item-journal/post', '/api/setup/items', '/api/ledgers/{ledger}', '/api/auth/login']),
    );
    expect(doc.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.body.paths['/api/item-journal/post'].post.security).toEqual([{ bearer: [] }]);
    expect(doc.body.paths['/api/auth/login'].post.security).toBeUndefined();
    await http.get('/api/docs').expect(200);
  });

  it('creates master data, whitelisting fields and refusing what the ledgers forbid', async () => {
    await admin.post('/api/setup/locations').send({ code: 'BLUE', name: 'Blue warehouse' }).expect(201);
    // Postings need the posting setup their value entries will post through (issue 15, item 3).
    for (const locationCode of ['', 'BLUE'])
      await admin.post('/api/setup/inventory-posting-setups').send({ locationCode, inventoryPostingGroup: 'RESALE' }).expect(201);
    await admin.post('/api/setup/items').send({ no: 'A', costingMethod: 'FIFO', unitCost: '7.5' }).expect(201);
    const bad = await admin.post('/api/setup/items').send({ no: 'B', costingMethod: 'FIFOO', unitCost: '1e5', colour: 'red' }).expect(422);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['colour', 'costingMethod', 'unitCost']);
    const item = await auditor.get('/api/setup/items/A').expect(200);
    expect(item.body).toMatchObject({ no: 'A', costingMethod: 'FIFO', unitCost: '7.5' });
    await admin.put('/api/setup/general-ledger-setup').send({ amountRoundingPrecision: '0.01', allowPostingFrom: '2024-01-01' }).expect(200);
    await admin.post('/api/setup/general-posting-setups').send({ genBusPostingGroup: '', genProdPostingGroup: 'RETAIL', cogsAccount: '7290' }).expect(201);
    const gps = await auditor.get('/api/setup/general-posting-setups').query({ genBusPostingGroup: '', genProdPostingGroup: 'RETAIL' }).expect(200);
    expect(gps.body).toHaveLength(1);
  });

  it('posts a batch of journal lines and pages through the ledgers', async () => {
    const lines = Array.from({ length: 5 }, (_, i) => ({
      entryType: 'Purchase',
      itemNo: 'A',
      postingDate: '2024-01-10',
      quantity: '2',
      unitCost: String(10 + i),
      locationCode: 'BLUE',
    }));
    const posted = await finance
      .post('/api/item-journal/post')
      .send({ lines: [...lines, { entryType: 'Sale', itemNo: 'A', postingDate: '2024-01-12', quantity: '3', locationCode: 'BLUE' }] })
      .expect(201);
    expect(posted.body.lines).toHaveLength(6);
    const first = await auditor.get('/api/ledgers/item-ledger-entries').query({ itemNo: 'A', limit: 4 }).expect(200);
    expect(first.body.items.map((e: { entryNo: number }) => e.entryNo)).toEqual([1, 2, 3, 4]);
    expect(first.body.nextAfter).toBe(4);
    const second = await auditor.get('/api/ledgers/item-ledger-entries').query({ itemNo: 'A', limit: 4, after: 4 }).expect(200);
    expect(second.body.items.map((e: { entryNo: number }) => e.entryNo)).toEqual([5, 6]);
    expect(second.body.nextAfter).toBeNull();
    const sale = await auditor.get('/api/ledgers/value-entries').query({ itemLedgerEntryNo: 6 }).expect(200);
    expect(sale.body.items[0]).toMatchObject({ costAmountActual: '-31', valuedQuantity: '-3', postingDate: '2024-01-12' });
    await auditor.get('/api/ledgers/value-entries').query({ itemNo: 'A', colour: 'x' }).expect(422);
    // One DTO for every ledger's filters: typed values, and a filter of another ledger refused by name.
    const open = await auditor.get('/api/ledgers/item-ledger-entries').query({ open: 'yes' }).expect(422);
    expect(open.body.errors[0].field).toBe('open');
    const openOnly = await auditor.get('/api/ledgers/item-ledger-entries').query({ itemNo: 'A', open: 'false' }).expect(200);
    expect(openOnly.body.items.every((e: { open: boolean }) => e.open === false)).toBe(true);
    const other = await auditor.get('/api/ledgers/gl-registers').query({ itemNo: 'A' }).expect(422);
    expect(other.body.errors[0]).toMatchObject({ field: 'itemNo', message: expect.stringContaining('is not a filter of gl-registers') });
    const big = await auditor.get('/api/ledgers/value-entries').query({ itemLedgerEntryNo: '2147483648' }).expect(422);
    expect(big.body.errors[0].field).toBe('itemLedgerEntryNo');
    await auditor.get('/api/ledgers/value-entries').query({ postingDateFrom: '2024-02-30' }).expect(422);
    await auditor.get('/api/ledgers/value-entries').query({ limit: 0 }).expect(422);
  });

  it('answers a refused batch with problem+json naming the line and field, and writes nothing', async () => {
    const res = await finance
      .post('/api/item-journal/post')
      .send({
        lines: [
          { entryType: 'Purchase', itemNo: 'A', postingDate: '2024-01-13', quantity: '1', unitCost: '1' },
          { entryType: 'Sale', itemNo: 'A', postingDate: '2023-12-31', quantity: '1' },
        ],
      })
      .expect(409);
    expect(res.body).toMatchObject({ status: 409, errors: [{ line: 2, field: 'postingDate' }] });
    expect(res.body.detail).toMatch(/not within your range of allowed posting dates/);
    const dto = await finance
      .post('/api/item-journal/post')
      .send({ lines: [{ entryType: 'Purchase', itemNo: 'A', postingDate: '2024-01-13', quantity: 'x' }] })
      .expect(422);
    expect(dto.body.errors).toEqual([expect.objectContaining({ line: 1, field: 'quantity' })]);
    const all = await auditor.get('/api/ledgers/item-ledger-entries').expect(200);
    expect(all.body.items).toHaveLength(6);
  });

  it('refuses to change the costing method of an item with entries (R13)', async () => {
    const res = await admin.patch('/api/setup/items').query({ no: 'A' }).send({ costingMethod: 'LIFO' }).expect(409);
    expect(res.body.detail).toMatch(/costing method cannot change \(R13\)/);
    await admin.delete('/api/setup/items').query({ no: 'A' }).expect(409);
  });

  it('invoices, charges and undoes through their endpoints', async () => {
    await admin.post('/api/setup/item-charges').send({ no: 'FREIGHT' }).expect(201);
    const receipt = await finance
      .post('/api/item-journal/post')
      .send({ lines: [{ entryType: 'Purchase', itemNo: 'A', postingDate: '2024-02-01', quantity: '1', unitCost: '5', invoice: false }] })
      .expect(201);
    const no = receipt.body.lines[0].itemLedgerEntryNos[0];
    await finance
      .post('/api/item-journal/item-charge')
      .send({ itemChargeNo: 'FREIGHT', postingDate: '2024-02-02', assignments: [{ itemLedgerEntryNo: 1, amount: '1.50' }] })
      .expect(201);
    await finance.post('/api/item-journal/invoice').send({ itemLedgerEntryNo: no, postingDate: '2024-02-03', unitCost: '6' }).expect(201);
    const undo = await finance.post('/api/item-journal/undo').send({ itemLedgerEntryNo: no, postingDate: '2024-02-04' }).expect(422);
    expect(undo.body.detail).toMatch(/invoiced and cannot be undone/);
  });
});
