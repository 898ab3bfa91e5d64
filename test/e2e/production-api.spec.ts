/**
 * Production orders over HTTP (issue 11, R92–R94): released with the item's BOM and routing
 * copied, consumption, capacity and output posted to it, finished, then invoiced by the next
 * adjustment; an uncertified BOM cannot be released; a finished order takes no more postings;
 * auditors read, finance operates.
 */
import { AdjustmentService } from '../../src/adjustment/adjustment.service';
import type { UserClient } from '../support/http-auth';
import { createHttpTestApp, HttpTestApp } from '../support/http-app';

describe('HTTP API: production orders', () => {
  let t: HttpTestApp;
  let app: HttpTestApp['app'];
  let admin: UserClient;
  let finance: UserClient;
  let auditor: UserClient;

  beforeAll(async () => {
    t = await createHttpTestApp();
    ({ app, admin, finance, auditor } = t);
    await admin.put('/api/setup/inventory-setup').send({ automaticCostPosting: true, expectedCostPostingToGL: true }).expect(200);
    await admin.post('/api/setup/work-centers').send({ no: 'WC', directUnitCost: '2' }).expect(201);
    await admin.post('/api/setup/items').send({ no: 'PART', costingMethod: 'FIFO' }).expect(201);
    await admin.post('/api/setup/items').send({ no: 'PROD', costingMethod: 'FIFO', unitCost: '30', replenishmentSystem: 'ProdOrder' }).expect(201);
    await admin.post('/api/setup/bom-lines').send({ parentItemNo: 'PROD', lineNo: 10000, no: 'PART', quantityPer: '2' }).expect(201);
    await admin.post('/api/setup/routing-lines').send({ itemNo: 'PROD', operationNo: 10, workCenterNo: 'WC', setupTime: '5', runTime: '4' }).expect(201);
    await finance
      .post('/api/item-journal/post')
      .send({ lines: [{ entryType: 'Purchase', itemNo: 'PART', postingDate: '2024-06-01', quantity: '10', unitCost: '10' }] })
      .expect(201);
  });

  afterAll(() => t.close());

  it('refuses to release an item whose production BOM is not certified', async () => {
    await admin.patch('/api/setup/items').query({ no: 'PROD' }).send({ productionBomStatus: 'UnderDevelopment' }).expect(200);
    const res = await finance.post('/api/production-orders').send({ itemNo: 'PROD', quantity: '3', dueDate: '2024-06-03' }).expect(409);
    expect(res.body.detail).toMatch(/production BOM is UnderDevelopment, not Certified/);
    await admin.patch('/api/setup/items').query({ no: 'PROD' }).send({ productionBomStatus: 'Certified' }).expect(200);
  });

  it('releases, posts to, finishes and invoices an order', async () => {
    await auditor.post('/api/production-orders').send({ itemNo: 'PROD', quantity: '3', dueDate: '2024-06-03' }).expect(403);
    const { orderNo } = (await finance.post('/api/production-orders').send({ itemNo: 'PROD', quantity: '3', dueDate: '2024-06-03' }).expect(201)).body;
    expect(orderNo).toMatch(/^PO\d{6}$/);
    await finance.post(`/api/production-orders/${orderNo}/consumption`).send({ itemNo: 'PART', quantity: '6', postingDate: '2024-06-03' }).expect(201);
    const capacity = await finance
      .post(`/api/production-orders/${orderNo}/capacity`)
      .send({ workCenterNo: 'WC', quantity: '17', postingDate: '2024-06-04' })
      .expect(201);
    expect(capacity.body.capacityLedgerEntryNo).toBe(1);
    await finance.post(`/api/production-orders/${orderNo}/output`).send({ quantity: '3', postingDate: '2024-06-05' }).expect(201);
    const released = (await auditor.get(`/api/production-orders/${orderNo}`).expect(200)).body;
    expect(released).toMatchObject({
      status: 'Released',
      unitCost: '30',
      components: [{ lineNo: 10000, itemNo: 'PART', quantityPer: '2', expectedQuantity: '6' }],
      routing: [{ operationNo: 10, workCenterNo: 'WC', setupTime: '5', runTime: '4' }],
      // 6 × 10 consumed, 17 minutes × 2.00, output at expected cost 3 × 30.
      posted: { consumption: '60', capacity: '34', output: '90' },
    });
    await finance.post(`/api/production-orders/${orderNo}/finish`).send({ postingDate: '2024-06-06' }).expect(204);
    await finance.post(`/api/production-orders/${orderNo}/output`).send({ quantity: '1', postingDate: '2024-06-07' }).expect(409);
    await app.get(AdjustmentService).adjust('finance');
    const finished = (await auditor.get(`/api/production-orders/${orderNo}`).expect(200)).body;
    // Invoiced at actual cost: 60 + 34 = 94.
    expect(finished).toMatchObject({ status: 'Finished', finishedDate: '2024-06-06', costIsAdjusted: true, posted: { output: '94' } });
    await auditor.get('/api/production-orders/PO999999').expect(404);
  });
});
