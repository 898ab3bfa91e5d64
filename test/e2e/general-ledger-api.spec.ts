import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createHttpApp } from '../../src/http-app';
import { DEFAULT_ACCOUNTS } from '../../src/scenario/default-chart';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';
import { createTestDatabase, testConfig } from '../support/test-database';

describe('HTTP API: general ledger, reconciliation, inventory periods', () => {
  let app: INestApplication;
  let db: ScratchDatabase;
  let http: ReturnType<typeof request>;
  const acc = (role: string) => DEFAULT_ACCOUNTS[role].no;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createHttpApp({ config: testConfig(), databaseUrl: db.url, migrate: true });
    await app.init();
    http = request(app.getHttpServer());
    for (const a of Object.values(DEFAULT_ACCOUNTS)) await http.post('/api/setup/gl-accounts').send(a).expect(201);
    await http
      .put('/api/setup/general-posting-setups')
      .send({ genBusPostingGroup: '', genProdPostingGroup: 'RETAIL', cogsAccount: acc('cogsAccount'), inventoryAdjmtAccount: acc('inventoryAdjmtAccount'), directCostAppliedAccount: acc('directCostAppliedAccount') })
      .expect(200);
    await http.put('/api/setup/inventory-posting-setups').send({ locationCode: '', inventoryPostingGroup: 'RESALE', inventoryAccount: acc('inventoryAccount') }).expect(200);
    await http.post('/api/setup/items').send({ no: 'A', costingMethod: 'FIFO' }).expect(201);
    await http.post('/api/setup/inventory-periods').send({ endingDate: '2024-01-31' }).expect(201);
    await http
      .post('/api/item-journal/post')
      .send({ lines: [{ entryType: 'Purchase', itemNo: 'A', postingDate: '2024-01-02', quantity: '5', unitCost: '4' }, { entryType: 'Sale', itemNo: 'A', postingDate: '2024-01-03', quantity: '2' }] })
      .expect(201);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('posts inventory cost to G/L and answers the reconciliation with no difference', async () => {
    const posted = await http.post('/api/gl-posting/inventory-cost').send({ method: 'PerPostingGroup', documentNo: 'JAN' }).expect(200);
    expect(posted.body).toMatchObject({ glRegisterNo: 1, glEntries: 4, valueEntriesPosted: 2, skipped: [] });
    const recon = await http.get('/api/reconciliation').query({ startDate: '2024-01-01', endDate: '2024-01-31' }).expect(200);
    const inventory = recon.body.rows.find((r: { line: string; accountType: string }) => r.line === 'account' && r.accountType === 'inventory');
    expect(inventory).toMatchObject({ total: '12', glTotal: '12', difference: '0' });
    expect(recon.body.accounts.inventory).toEqual(['2130']);
    await http.post('/api/gl-posting/inventory-cost').send({ method: 'Sometimes' }).expect(422);
  });

  it('posts a balanced general journal, refuses an unbalanced one, and shows the direct posting as its cause', async () => {
    const bad = await http
      .post('/api/gl-journal')
      .send({ lines: [{ accountNo: '2130', postingDate: '2024-01-20', amount: '5', documentNo: 'X' }, { accountNo: '7270', postingDate: '2024-01-20', amount: '-4', documentNo: 'X' }] })
      .expect(422);
    expect(bad.body.detail).toMatch(/does not balance: the lines sum to 1/);
    await http
      .post('/api/gl-journal')
      .send({ lines: [{ accountNo: '2130', postingDate: '2024-01-20', amount: '5', documentNo: 'X' }, { accountNo: '7270', postingDate: '2024-01-20', amount: '-5', documentNo: 'X' }] })
      .expect(201);
    const recon = await http.get('/api/reconciliation').expect(200);
    expect(recon.body.rows).toContainEqual({ line: 'cause', accountType: 'inventory', cause: 'directGLPosting', amount: '5', entryCount: 1 });
    const drill = await http.get('/api/reconciliation/entries').query({ accountType: 'inventory', figure: 'directGLPosting' }).expect(200);
    expect(drill.body).toMatchObject({ kind: 'glEntries', items: [{ accountNo: '2130', amount: '5', documentNo: 'X' }], nextAfter: null });
    await http.get('/api/reconciliation/entries').query({ accountType: 'nope', figure: 'total' }).expect(422);
  });

  it('tests, closes and reopens an inventory period', async () => {
    const test = await http.get('/api/inventory-periods/close-test').query({ endingDate: '2024-01-31' }).expect(200);
    expect(test.body).toEqual([]);
    await http.post('/api/inventory-periods/2024-01-31/close').expect(200);
    const refused = await http.post('/api/item-journal/post').send({ lines: [{ entryType: 'Sale', itemNo: 'A', postingDate: '2024-01-31', quantity: '1' }] }).expect(409);
    expect(refused.body.detail).toMatch(/closed inventory period/);
    await http.post('/api/inventory-periods/2024-01-31/close').expect(409);
    await http.post('/api/inventory-periods/2024-01-31/reopen').expect(200);
    await http.post('/api/inventory-periods/2024-13-31/close').expect(422);
  });

  it('refuses an Earliest Allowed Valuation Date while entries before it await adjustment (R119)', async () => {
    await http.post('/api/item-journal/item-charge').send({ itemChargeNo: 'NONE', postingDate: '2024-01-25', amount: '1', assignments: [{ itemLedgerEntryNo: 1 }] }).expect(422);
    await http.post('/api/setup/item-charges').send({ no: 'FREIGHT' }).expect(201);
    await http.post('/api/item-journal/item-charge').send({ itemChargeNo: 'FREIGHT', postingDate: '2024-01-25', amount: '1', assignments: [{ itemLedgerEntryNo: 1 }] }).expect(201);
    const refused = await http.patch('/api/setup/inventory-setup').send({ earliestAllowedValuationDate: '2024-02-01' }).expect(409);
    expect(refused.body.detail).toMatch(/not adjusted \(A\); run Adjust Cost/);
    const run = await http.post('/api/adjustment/runs').send({}).expect(202);
    for (let i = 0; i < 50; i++) {
      const view = await http.get(`/api/adjustment/runs/${run.body.runId}`).expect(200);
      if (view.body.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await http.patch('/api/setup/inventory-setup').send({ earliestAllowedValuationDate: '2024-02-01' }).expect(200);
    const blocked = await http.post('/api/item-journal/post').send({ lines: [{ entryType: 'Purchase', itemNo: 'A', postingDate: '2024-01-30', quantity: '1', unitCost: '1' }] }).expect(409);
    expect(blocked.body.detail).toMatch(/before the Earliest Allowed Valuation Date/);
  });
});
