import type { INestApplication } from '@nestjs/common';
import { createHttpApp } from '../../src/http-app';
import { DEFAULT_ACCOUNTS } from '../../src/scenario/default-chart';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';
import { asUser, createTestUsers, UserClient } from '../support/http-auth';
import { createTestDatabase, testConfig } from '../support/test-database';

describe('HTTP API: general ledger, reconciliation, inventory periods', () => {
  let app: INestApplication;
  let db: ScratchDatabase;
  let admin: UserClient;
  let finance: UserClient;
  let auditor: UserClient;
  const acc = (role: string) => DEFAULT_ACCOUNTS[role].no;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createHttpApp({ config: testConfig(), databaseUrl: db.url, migrate: true });
    await app.init();
    const users = await createTestUsers(app);
    admin = asUser(app, users.admin);
    finance = asUser(app, users.finance);
    auditor = asUser(app, users.auditor);
    for (const a of Object.values(DEFAULT_ACCOUNTS)) await admin.post('/api/setup/gl-accounts').send(a).expect(201);
    await admin
      .put('/api/setup/general-posting-setups')
      .send({
        genBusPostingGroup: '',
        genProdPostingGroup: 'RETAIL',
        cogsAccount: acc('cogsAccount'),
        inventoryAdjmtAccount: acc('inventoryAdjmtAccount'),
        directCostAppliedAccount: acc('directCostAppliedAccount'),
      })
      .expect(200);
    await admin
      .put('/api/setup/inventory-posting-setups')
      .send({ locationCode: '', inventoryPostingGroup: 'RESALE', inventoryAccount: acc('inventoryAccount') })
      .expect(200);
    await admin.post('/api/setup/items').send({ no: 'A', costingMethod: 'FIFO' }).expect(201);
    await admin.post('/api/setup/inventory-periods').send({ endingDate: '2024-01-31' }).expect(201);
    await finance
      .post('/api/item-journal/post')
      .send({
        lines: [
          { entryType: 'Purchase', itemNo: 'A', postingDate: '2024-01-02', quantity: '5', unitCost: '4' },
          { entryType: 'Sale', itemNo: 'A', postingDate: '2024-01-03', quantity: '2' },
        ],
      })
      .expect(201);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('posts inventory cost to G/L and answers the reconciliation with no difference', async () => {
    const posted = await finance.post('/api/gl-posting/inventory-cost').send({ method: 'PerPostingGroup', documentNo: 'JAN' }).expect(200);
    expect(posted.body).toMatchObject({ glRegisterNo: 1, glEntries: 4, valueEntriesPosted: 2, skipped: [] });
    const recon = await auditor.get('/api/reconciliation').query({ startDate: '2024-01-01', endDate: '2024-01-31' }).expect(200);
    const inventory = recon.body.rows.find((r: { line: string; accountType: string }) => r.line === 'account' && r.accountType === 'inventory');
    expect(inventory).toMatchObject({ total: '12', glTotal: '12', difference: '0' });
    expect(recon.body.accounts.inventory).toEqual(['2130']);
    await finance.post('/api/gl-posting/inventory-cost').send({ method: 'Sometimes' }).expect(422);
    // Relations page by G/L entry and value entry (a G/L entry per posting group has many): the cursor names both.
    const relations = '/api/ledgers/gl-item-ledger-relations';
    const first = await auditor.get(relations).query({ limit: 1 }).expect(200);
    expect(first.body).toMatchObject({ items: [{ glEntryNo: 1, valueEntryNo: 1 }], nextAfter: 1, nextAfterValueEntryNo: 1 });
    const second = await auditor.get(relations).query({ limit: 3, after: 1, afterValueEntryNo: 1 }).expect(200);
    expect(second.body.items.map((r: { glEntryNo: number; valueEntryNo: number }) => [r.glEntryNo, r.valueEntryNo])).toEqual([
      [2, 1],
      [3, 2],
      [4, 2],
    ]);
    expect(second.body).toMatchObject({ nextAfter: null, nextAfterValueEntryNo: null });
    const bad = await auditor.get(relations).query({ after: 1, afterValueEntryNo: 'x' }).expect(422);
    expect(bad.body.errors[0].field).toBe('afterValueEntryNo');
    const entries = await auditor.get('/api/ledgers/gl-entries').query({ limit: 1 }).expect(200);
    expect(entries.body).not.toHaveProperty('nextAfterValueEntryNo');
  });

  it('posts a balanced general journal, refuses an unbalanced one, and shows the direct posting as its cause', async () => {
    const bad = await finance
      .post('/api/gl-journal')
      .send({
        lines: [
          { accountNo: '2130', postingDate: '2024-01-20', amount: '5', documentNo: 'X' },
          { accountNo: '7270', postingDate: '2024-01-20', amount: '-4', documentNo: 'X' },
        ],
      })
      .expect(422);
    expect(bad.body.detail).toMatch(/does not balance: the lines sum to 1/);
    await finance
      .post('/api/gl-journal')
      .send({
        lines: [
          { accountNo: '2130', postingDate: '2024-01-20', amount: '5', documentNo: 'X' },
          { accountNo: '7270', postingDate: '2024-01-20', amount: '-5', documentNo: 'X' },
        ],
      })
      .expect(201);
    const recon = await auditor.get('/api/reconciliation').expect(200);
    expect(recon.body.rows).toContainEqual({ line: 'cause', accountType: 'inventory', cause: 'directGLPosting', amount: '5', entryCount: 1 });
    const drill = await auditor.get('/api/reconciliation/entries').query({ accountType: 'inventory', figure: 'directGLPosting' }).expect(200);
    expect(drill.body).toMatchObject({ kind: 'glEntries', items: [{ accountNo: '2130', amount: '5', documentNo: 'X' }], nextAfter: null });
    await auditor.get('/api/reconciliation/entries').query({ accountType: 'nope', figure: 'total' }).expect(422);
  });

  it('tests, closes and reopens an inventory period', async () => {
    const test = await auditor.get('/api/inventory-periods/close-test').query({ endingDate: '2024-01-31' }).expect(200);
    expect(test.body).toEqual([]);
    await finance.post('/api/inventory-periods/2024-01-31/close').expect(200);
    const refused = await finance
      .post('/api/item-journal/post')
      .send({ lines: [{ entryType: 'Sale', itemNo: 'A', postingDate: '2024-01-31', quantity: '1' }] })
      .expect(409);
    expect(refused.body.detail).toMatch(/closed inventory period/);
    await finance.post('/api/inventory-periods/2024-01-31/close').expect(409);
    await finance.post('/api/inventory-periods/2024-01-31/reopen').expect(200);
    await finance.post('/api/inventory-periods/2024-13-31/close').expect(422);
    // Only what happened is audited: the refused second close left no entry.
    const audit = await auditor.get('/api/audit-log').query({ userId: 'TEST-FINANCE' }).expect(200);
    expect(audit.body.items.map((e: { action: string; target: string }) => [e.action, e.target])).toEqual([
      ['period.close', '2024-01-31'],
      ['period.reopen', '2024-01-31'],
    ]);
    expect(audit.body.items[1].details).toEqual({ reopened: ['2024-01-31'] });
  });

  it('refuses an Earliest Allowed Valuation Date while entries before it await adjustment (R119)', async () => {
    await finance
      .post('/api/item-journal/item-charge')
      .send({ itemChargeNo: 'NONE', postingDate: '2024-01-25', amount: '1', assignments: [{ itemLedgerEntryNo: 1 }] })
      .expect(422);
    await admin.post('/api/setup/item-charges').send({ no: 'FREIGHT' }).expect(201);
    await finance
      .post('/api/item-journal/item-charge')
      .send({ itemChargeNo: 'FREIGHT', postingDate: '2024-01-25', amount: '1', assignments: [{ itemLedgerEntryNo: 1 }] })
      .expect(201);
    const refused = await admin.patch('/api/setup/inventory-setup').send({ earliestAllowedValuationDate: '2024-02-01' }).expect(409);
    expect(refused.body.detail).toMatch(/not adjusted \(A\); run Adjust Cost/);
    const run = await finance.post('/api/adjustment/runs').send({}).expect(202);
    for (let i = 0; i < 50; i++) {
      const view = await auditor.get(`/api/adjustment/runs/${run.body.runId}`).expect(200);
      if (view.body.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await admin.patch('/api/setup/inventory-setup').send({ earliestAllowedValuationDate: '2024-02-01' }).expect(200);
    const blocked = await finance
      .post('/api/item-journal/post')
      .send({ lines: [{ entryType: 'Purchase', itemNo: 'A', postingDate: '2024-01-30', quantity: '1', unitCost: '1' }] })
      .expect(409);
    expect(blocked.body.detail).toMatch(/before the Earliest Allowed Valuation Date/);
  });
});
