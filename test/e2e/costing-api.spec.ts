import type { INestApplication } from '@nestjs/common';
import { AdjustmentRunsService } from '../../src/adjustment/adjustment-runs.service';
import { createHttpApp } from '../../src/http-app';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';
import { asUser, createTestUsers, UserClient } from '../support/http-auth';
import { createTestDatabase, testConfig } from '../support/test-database';
import { SetupResourceService } from '../../src/setup/setup-resource.service';
import { chart } from '../support/chart';

describe('HTTP API: adjustment runs and valuation', () => {
  let app: INestApplication;
  let db: ScratchDatabase;
  let admin: UserClient;
  let finance: UserClient;
  let auditor: UserClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createHttpApp({ config: testConfig(), databaseUrl: db.url, migrate: true });
    await app.init();
    const users = await createTestUsers(app);
    admin = asUser(app, users.admin);
    finance = asUser(app, users.finance);
    auditor = asUser(app, users.auditor);
    await app.get(SetupResourceService).applyAll(chart());
    await admin.post('/api/setup/items').send({ no: 'F', costingMethod: 'FIFO' }).expect(201);
    await admin.post('/api/setup/items').send({ no: 'S', costingMethod: 'Standard', standardCost: '15' }).expect(201);
    await admin.post('/api/setup/item-charges').send({ no: 'FREIGHT' }).expect(201);
    await finance
      .post('/api/item-journal/post')
      .send({
        lines: [
          { entryType: 'Purchase', itemNo: 'F', postingDate: '2024-01-01', quantity: '6', unitCost: '10' },
          { entryType: 'Sale', itemNo: 'F', postingDate: '2024-02-01', quantity: '2' },
          { entryType: 'Purchase', itemNo: 'S', postingDate: '2024-01-01', quantity: '4', unitCost: '12' },
        ],
      })
      .expect(201);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('starts an adjustment run, answers 202 with its id at once, and reports progress and result', async () => {
    await finance
      .post('/api/item-journal/item-charge')
      .send({ itemChargeNo: 'FREIGHT', postingDate: '2024-02-10', amount: '6', assignments: [{ itemLedgerEntryNo: 1 }] })
      .expect(201);
    const started = await finance.post('/api/adjustment/runs').send({}).expect(202);
    expect(started.body).toEqual({ runId: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'running' });
    const done = await app.get(AdjustmentRunsService).settle(started.body.runId);
    expect(done.status).toBe('succeeded');
    const view = await auditor.get(`/api/adjustment/runs/${started.body.runId}`).expect(200);
    expect(view.body).toMatchObject({ status: 'succeeded', progress: { itemsTotal: 2, itemsDone: 2 }, result: { entriesWritten: 1, itemsAdjusted: 2 } });
    expect(view.body.result.seconds).toBeGreaterThanOrEqual(0);
    const sale = await auditor.get('/api/ledgers/value-entries').query({ itemLedgerEntryNo: 2 }).expect(200);
    expect(sale.body.items.map((v: { costAmountActual: string }) => v.costAmountActual)).toEqual(['-20', '-2']);
    await finance.post('/api/adjustment/runs').send({ upTo: '2024-13-01' }).expect(422);
    await auditor.get('/api/adjustment/runs/not-a-uuid').expect(400);
    const list = await auditor.get('/api/adjustment/runs').expect(200);
    expect(list.body).toHaveLength(1);
  });

  it('calculates inventory value and posts a revaluation (R82, R85)', async () => {
    const calc = await auditor
      .post('/api/valuation/calculate-inventory-value')
      .send({ postingDate: '2024-02-29', itemNos: ['F'] })
      .expect(200);
    expect(calc.body).toEqual([{ itemNo: 'F', locationCode: '', variantCode: '', quantity: '4', inventoryValueCalculated: '44', unitCostCalculated: '11' }]);
    const posted = await finance.post('/api/valuation/revaluations').send({ postingDate: '2024-02-29', itemNo: 'F', unitCostRevalued: '12.5' }).expect(201);
    expect(posted.body.valueEntryNos).toHaveLength(1);
    const reval = await auditor.get('/api/ledgers/value-entries').query({ entryType: 'Revaluation' }).expect(200);
    expect(reval.body.items[0]).toMatchObject({ costAmountActual: '6', valuedQuantity: '4', valuationDate: '2024-02-29', sourceCode: 'REVALJNL' });
    const both = await finance
      .post('/api/valuation/revaluations')
      .send({ postingDate: '2024-02-29', itemNo: 'F', unitCostRevalued: '1', inventoryValueRevalued: '2' })
      .expect(422);
    expect(both.body.errors[0].field).toBe('unitCostRevalued');
  });

  it('implements a standard cost change, revaluing the stock on hand (R90)', async () => {
    const res = await finance.post('/api/valuation/standard-cost').send({ itemNo: 'S', standardCost: '16', postingDate: '2024-03-01' }).expect(201);
    expect(res.body.revalued.valueEntryNos).toHaveLength(1);
    const item = await auditor.get('/api/setup/items/S').expect(200);
    expect(item.body).toMatchObject({ standardCost: '16', unitCost: '16' });
    const entry = await auditor.get('/api/ledgers/value-entries').query({ itemLedgerEntryNo: 3, entryType: 'Revaluation' }).expect(200);
    expect(entry.body.items[0].costAmountActual).toBe('4');
    await finance.post('/api/valuation/standard-cost').send({ itemNo: 'F', standardCost: '1', postingDate: '2024-03-01' }).expect(422);
  });
});
