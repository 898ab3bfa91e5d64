/**
 * Assembly orders over HTTP (issue 11, R95, R96): finance posts an order in one step; the
 * ledgers, the capacity ledger and G/L show it; a bad order is refused whole, naming the field,
 * and writes nothing; the next adjustment settles the order.
 */
import { AdjustmentService } from '../../src/adjustment/adjustment.service';
import { Dec } from '../../src/common/decimal';
import type { UserClient } from '../support/http-auth';
import { createHttpTestApp, HttpTestApp } from '../support/http-app';

describe('HTTP API: assembly orders', () => {
  let t: HttpTestApp;
  let app: HttpTestApp['app'];
  let admin: UserClient;
  let finance: UserClient;
  let auditor: UserClient;

  beforeAll(async () => {
    t = await createHttpTestApp();
    ({ app, admin, finance, auditor } = t);
    await admin.put('/api/setup/inventory-setup').send({ automaticCostPosting: true }).expect(200);
    await admin.post('/api/setup/resources').send({ no: 'PACKER', directUnitCost: '20', indirectCostPercent: '10' }).expect(201);
    await admin.post('/api/setup/items').send({ no: 'WINE', costingMethod: 'FIFO' }).expect(201);
    await admin.post('/api/setup/items').send({ no: 'GIFT', costingMethod: 'FIFO', replenishmentSystem: 'Assembly' }).expect(201);
    await finance
      .post('/api/item-journal/post')
      .send({ lines: [{ entryType: 'Purchase', itemNo: 'WINE', postingDate: '2024-04-01', quantity: '10', unitCost: '8' }] })
      .expect(201);
  });

  afterAll(() => t.close());

  const valueEntries = async () => (await auditor.get('/api/ledgers/value-entries').expect(200)).body.items as Record<string, unknown>[];

  it('refuses a bad order whole, naming each field, and writes nothing', async () => {
    const before = (await valueEntries()).length;
    const res = await finance
      .post('/api/assembly-orders')
      .send({
        itemNo: 'GIFT',
        quantity: '0',
        postingDate: '2024-04-02',
        components: [
          { itemNo: 'NOPE', quantity: '1' },
          { itemNo: 'GIFT', quantity: '1' },
        ],
        resources: [{ no: 'GHOST', quantity: '1' }],
      })
      .expect(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['quantity', 'components[0].itemNo', 'components[1].itemNo', 'resources[0].no']);
    await finance.post('/api/assembly-orders').send({ itemNo: 'GIFT', quantity: 1, postingDate: '2024-04-02', components: [] }).expect(422);
    await auditor.post('/api/assembly-orders').send({}).expect(403);
    expect((await valueEntries()).length).toBe(before);
  });

  it('posts components, resources and output in one step at actual cost, and G/L follows (R95, R101-R102)', async () => {
    const res = await finance
      .post('/api/assembly-orders')
      .send({
        itemNo: 'GIFT',
        quantity: '4',
        postingDate: '2024-04-02',
        components: [{ itemNo: 'WINE', quantity: '8' }],
        resources: [{ no: 'PACKER', quantity: '1' }],
      })
      .expect(201);
    expect(res.body).toMatchObject({ orderNo: expect.stringMatching(/^ASM\d{6}$/), componentEntryNos: [2], outputEntryNo: 3, capacityEntryNos: [1] });
    const values = await valueEntries();
    const ofEntry = (no: number) => values.filter((v) => v.itemLedgerEntryNo === no).map((v) => [v.entryType, v.costAmountActual]);
    expect(ofEntry(2)).toEqual([['DirectCost', '-64']]);
    // 64 from the wine, 20 direct and 2 overhead from the packer.
    expect(ofEntry(3)).toEqual([['DirectCost', '86']]);
    const capacity = values.filter((v) => v.itemLedgerEntryType === '').map((v) => [v.entryType, v.costAmountActual]);
    expect(capacity).toEqual([
      ['DirectCost', '20'],
      ['IndirectCost', '2'],
    ]);
    const gl = (await auditor.get('/api/ledgers/gl-entries').expect(200)).body.items as { accountNo: string; amount: string }[];
    const balance = (account: string) =>
      gl
        .filter((g) => g.accountNo === account)
        .reduce((sum, g) => sum.plus(g.amount), new Dec(0))
        .toFixed();
    // 2130: 80 - 64 + 86; 7270: 64 + 22 - 86; 7291: -80 - 20; 7292: -2.
    expect([balance('2130'), balance('7270'), balance('7291'), balance('7292')]).toEqual(['102', '0', '-100', '-2']);
  });

  it('settles the order when a component cost changes later (R96)', async () => {
    await admin.post('/api/setup/item-charges').send({ no: 'FREIGHT' }).expect(201);
    await finance
      .post('/api/item-journal/item-charge')
      .send({ itemChargeNo: 'FREIGHT', postingDate: '2024-04-10', amount: '5', assignments: [{ itemLedgerEntryNo: 1 }] })
      .expect(201);
    const summary = await app.get(AdjustmentService).adjust('finance');
    expect(summary.entriesWritten).toBe(2);
    const values = await valueEntries();
    const total = (no: number) =>
      values
        .filter((v) => v.itemLedgerEntryNo === no)
        .reduce((sum, v) => sum.plus(v.costAmountActual as string), new Dec(0))
        .toFixed();
    // 8 of the 10 bottles carry 0.50 each of the freight: -4.00 on the consumption, +4.00 on the output.
    expect([total(2), total(3)]).toEqual(['-68', '90']);
    expect(values.filter((v) => v.itemLedgerEntryNo === 3 && v.adjustment).map((v) => v.postingDate)).toEqual(['2024-04-02']);
  });
});
