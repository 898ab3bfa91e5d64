import type { INestApplication } from '@nestjs/common';
import { createHttpApp } from '../../src/http-app';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';
import { binary } from '../support/http-binary';
import { asUser, createTestUsers, UserClient } from '../support/http-auth';
import { createTestDatabase, testConfig } from '../support/test-database';
import { SetupResourceService } from '../../src/setup/setup-resource.service';
import { chart } from '../support/chart';

describe('HTTP API: reports', () => {
  let app: INestApplication;
  let db: ScratchDatabase;
  let http: UserClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createHttpApp({ config: testConfig(), databaseUrl: db.url, migrate: true });
    await app.init();
    const users = await createTestUsers(app);
    await app.get(SetupResourceService).applyAll(chart());
    await asUser(app, users.admin).post('/api/setup/items').send({ no: 'A', costingMethod: 'FIFO', description: 'Anchor' }).expect(201);
    await asUser(app, users.finance)
      .post('/api/item-journal/post')
      .send({
        lines: [
          { entryType: 'Purchase', itemNo: 'A', postingDate: '2026-10-02', quantity: '5', unitCost: '4' },
          { entryType: 'Sale', itemNo: 'A', postingDate: '2026-10-03', quantity: '2' },
        ],
      })
      .expect(201);
    // Reports are read by auditors.
    http = asUser(app, users.auditor);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('lists the reports, formats and languages', async () => {
    const res = await http.get('/api/reports').expect(200);
    expect(res.body.reports.map((r: { name: string }) => r.name)).toEqual([
      'inventoryValuation',
      'costSpecification',
      'costSharesBreakdown',
      'inventoryGLReconciliation',
      'closeInventoryPeriodTest',
      'inventoryValuationWip',
    ]);
    expect(res.body.locales).toEqual(['en', 'nb-NO']);
  });

  it('streams a PDF as an attachment with its length', async () => {
    const res = await http
      .get('/api/reports/inventoryValuation')
      .query({ startDate: '2026-10-01', endDate: '2026-10-31', locale: 'nb-NO' })
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="inventory-valuation_2026-10-31_nb-NO.pdf"');
    expect(Number(res.headers['content-length'])).toBe((res.body as Buffer).length);
    expect((res.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('streams the CSV beside it, and the rows as JSON', async () => {
    const csv = await http.get('/api/reports/inventoryValuation').query({ endDate: '2026-10-31', format: 'csv' }).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.text).toContain('detail,A,Anchor,PCS,0,0.00,5,20.00,2,8.00,3,12.00,0.00\r\n');
    const rows = await http.get('/api/reports/inventoryValuation/rows').query({ endDate: '2026-10-31' }).expect(200);
    expect(rows.body.rows).toEqual([
      {
        itemNo: 'A',
        inventoryPostingGroup: 'RESALE',
        openingQuantity: '0',
        openingValue: '0',
        increasesQuantity: '5',
        increasesValue: '20',
        decreasesQuantity: '2',
        decreasesValue: '8',
        closingQuantity: '3',
        closingValue: '12',
        costPostedToGL: '0',
      },
    ]);
  });

  it('answers bad options with 422 naming the option, and an unknown report with 404', async () => {
    const bad = await http.get('/api/reports/costSpecification').query({ valuationDate: '2026-02-30' }).expect(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.detail ?? bad.body.title).toContain('valuationDate');
    const unknownOption = await http.get('/api/reports/costSpecification').query({ valuationDay: '2026-10-31' }).expect(422);
    expect(JSON.stringify(unknownOption.body)).toContain('valuationDay');
    await http.get('/api/reports/inventoryValuation').query({ format: 'docx' }).expect(422);
    await http.get('/api/reports/inventoryValuation').query({ locale: 'de' }).expect(422);
    const missing = await http.get('/api/reports/stockLedger').expect(404);
    expect(JSON.stringify(missing.body)).toContain('stockLedger');
  });
});
