/**
 * Manufacturing master data and standard cost over HTTP (issue 11): admins set up work centers,
 * BOMs and routings; finance calculates standard costs and implements a worksheet, which revalues
 * the stock; bad input is refused with the field named, and changes nothing.
 */
import type { UserClient } from '../support/http-auth';
import { createHttpTestApp, HttpTestApp } from '../support/http-app';

describe('HTTP API: manufacturing master data and standard cost', () => {
  let t: HttpTestApp;
  let admin: UserClient;
  let finance: UserClient;
  let auditor: UserClient;

  const item = async (no: string) => (await auditor.get(`/api/setup/items/${no}`).expect(200)).body as Record<string, string>;

  beforeAll(async () => {
    t = await createHttpTestApp();
    ({ admin, finance, auditor } = t);
    await admin.put('/api/setup/inventory-setup').send({ automaticCostPosting: true }).expect(200);
    await admin.post('/api/setup/work-centers').send({ no: '100', directUnitCost: '1', indirectCostPercent: '10' }).expect(201);
    await admin.post('/api/setup/items').send({ no: 'PART', costingMethod: 'Standard', standardCost: '5' }).expect(201);
    await admin.post('/api/setup/items').send({ no: 'SUB', costingMethod: 'Standard', replenishmentSystem: 'ProdOrder', lotSize: '4' }).expect(201);
    await admin.post('/api/setup/bom-lines').send({ parentItemNo: 'SUB', lineNo: 10000, no: 'PART', quantityPer: '2' }).expect(201);
    await admin.post('/api/setup/routing-lines').send({ itemNo: 'SUB', operationNo: 10, workCenterNo: '100', setupTime: '8', runTime: '3' }).expect(201);
  });

  afterAll(() => t.close());

  it('keeps a typed-in standard cost as all material, and refuses shares that do not add up to it (R80)', async () => {
    const part = await item('PART');
    expect(part).toMatchObject({ standardCost: '5', unitCost: '5', singleLevelMaterialCost: '5', rolledUpMaterialCost: '5', singleLevelCapacityCost: '0' });
    const refused = await admin
      .post('/api/setup/items')
      .send({ no: 'BAD', costingMethod: 'Standard', standardCost: '10', singleLevelMaterialCost: '6', singleLevelCapacityCost: '3' })
      .expect(422);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'singleLevelMaterialCost', message: expect.stringMatching(/add up to 9, not to the standard cost 10/) }),
    ]);
    await auditor.get('/api/setup/items/BAD').expect(404);
    await admin.post('/api/setup/bom-lines').send({ parentItemNo: 'SUB', lineNo: 'ten' }).expect(422);
  });

  it('calculates a standard cost from BOM and routing, and only finance may (R80, R81)', async () => {
    await auditor.post('/api/valuation/calculate-standard-cost').send({ itemNo: 'SUB' }).expect(403);
    const res = await finance.post('/api/valuation/calculate-standard-cost').send({ itemNo: 'SUB' }).expect(200);
    // 2 x 5 material; 3 + 8 / 4 = 5 minutes at 1.00 and 0.10 overhead.
    expect(res.body).toEqual([
      {
        itemNo: 'SUB',
        standardCost: '15.5',
        singleLevel: { material: '10', capacity: '5', subcontracted: '0', capOverhead: '0.5', mfgOverhead: '0' },
        rolledUp: { material: '10', capacity: '5', subcontracted: '0', capOverhead: '0.5', mfgOverhead: '0' },
      },
    ]);
    expect(await item('SUB')).toMatchObject({ standardCost: '15.5', unitCost: '15.5', singleLevelCapacityCost: '5' });
    await finance.post('/api/valuation/calculate-standard-cost').send({ itemNo: 'NOPE' }).expect(422);
    await finance.post('/api/valuation/calculate-standard-cost').send({ itemNo: 'SUB', level: 'Deep' }).expect(422);
  });

  it('implements a worksheet: new work center cost, roll-up, revaluation of the stock, in one transaction (R121)', async () => {
    await finance
      .post('/api/item-journal/post')
      .send({ lines: [{ entryType: 'PositiveAdjmt', itemNo: 'SUB', postingDate: '2024-03-01', quantity: '8', unitCost: '15.5' }] })
      .expect(201);
    const bad = await finance
      .post('/api/valuation/standard-cost-worksheet/implement')
      .send({
        postingDate: '2024-03-31',
        lines: [
          { workCenterNo: '100', newDirectUnitCost: '1.2' },
          { itemNo: 'PART', workCenterNo: '100' },
        ],
      })
      .expect(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ line: 2, field: 'itemNo' })]);
    expect((await auditor.get('/api/setup/work-centers/100').expect(200)).body.directUnitCost).toBe('1');

    const res = await finance
      .post('/api/valuation/standard-cost-worksheet/implement')
      .send({ postingDate: '2024-03-31', documentNo: 'WS-1', lines: [{ workCenterNo: '100', newDirectUnitCost: '1.2' }] })
      .expect(201);
    expect(res.body).toMatchObject({ items: [{ itemNo: 'SUB', standardCost: '16.6' }], workCenters: ['100'], resources: [] });
    expect(res.body.revalued.valueEntryNos).toHaveLength(1);
    expect((await auditor.get('/api/setup/work-centers/100').expect(200)).body.directUnitCost).toBe('1.2');
    expect(await item('SUB')).toMatchObject({ standardCost: '16.6', unitCost: '16.6' });
    const ve = await auditor.get('/api/ledgers/value-entries').query({ itemLedgerEntryNo: 1 }).expect(200);
    // 8 x (16.60 - 15.50) = 8.80, on the worksheet's date and document.
    expect(ve.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ entryType: 'Revaluation', costAmountActual: '8.8', postingDate: '2024-03-31', documentNo: 'WS-1' })]),
    );
  });
});
