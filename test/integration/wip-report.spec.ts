/**
 * Inventory Valuation – WIP (issue 11): per production order WIP at start, consumption, capacity,
 * output, WIP at end and what is posted to G/L, read back from the PDF (pdftotext, both languages)
 * and the CSV; the tie-out: WIP at end = the G/L WIP balance = Σ of the WIP side of the open
 * orders' value entries; a finished and adjusted order holds none.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AdjustmentService } from '../../src/adjustment/adjustment.service';
import { Dec } from '../../src/common/decimal';
import { withSession } from '../../src/database/sql-session';
import { MikroORM } from '@mikro-orm/core';
import { ItemJournalService } from '../../src/item-journal/item-journal.service';
import { ProductionService } from '../../src/production/production.service';
import { ReportService } from '../../src/reports/report.service';
import { SetupResourceService } from '../../src/setup/setup-resource.service';
import { resourceByPath } from '../../src/setup/setup-resources';
import { chart } from '../support/chart';
import { createTestContext } from '../support/test-database';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'costclose-wip-'));

function pdfText(pdf: Buffer, name: string): string {
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\u00a0/g, ' ');
}

describe('Inventory Valuation – WIP', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let reports: ReportService;
  let open: string;
  let done: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    reports = ctx.app.get(ReportService);
    const setup = (path: string, body: object) => ({ spec: resourceByPath(path), body });
    await ctx.app
      .get(SetupResourceService)
      .applyAll([
        ...chart(['']),
        setup('inventory-setup', { automaticCostPosting: true, expectedCostPostingToGL: true }),
        setup('work-centers', { no: 'WC', directUnitCost: '2', indirectCostPercent: '50' }),
        setup('items', { no: 'PART', costingMethod: 'FIFO' }),
        setup('items', { no: 'PROD', description: 'Produced', costingMethod: 'FIFO', unitCost: '30', replenishmentSystem: 'ProdOrder' }),
      ]);
    await ctx.app
      .get(ItemJournalService)
      .post([{ entryType: 'Purchase', itemNo: 'PART', postingDate: '2026-09-20', quantity: '10', unitCost: '10' }], 'TESTER');
    const production = ctx.app.get(ProductionService);
    // DONE: consumed, worked, output and finished in September, invoiced by the adjustment.
    done = (await production.createOrder({ itemNo: 'PROD', quantity: '2', dueDate: '2026-09-25' })).orderNo;
    await production.consume({ orderNo: done, itemNo: 'PART', quantity: '4', postingDate: '2026-09-25' }, 'TESTER');
    await production.capacity({ orderNo: done, workCenterNo: 'WC', quantity: '5', postingDate: '2026-09-25' }, 'TESTER');
    await production.output({ orderNo: done, quantity: '2', postingDate: '2026-09-26' }, 'TESTER');
    await production.finish(done, '2026-09-30', 'TESTER');
    // OPEN: consumption in September and October, capacity and part of the output in October.
    open = (await production.createOrder({ itemNo: 'PROD', quantity: '3', dueDate: '2026-10-20' })).orderNo;
    await production.consume({ orderNo: open, itemNo: 'PART', quantity: '3', postingDate: '2026-09-28' }, 'TESTER');
    await production.consume({ orderNo: open, itemNo: 'PART', quantity: '2', postingDate: '2026-10-05' }, 'TESTER');
    await production.capacity({ orderNo: open, workCenterNo: 'WC', quantity: '10', postingDate: '2026-10-06' }, 'TESTER');
    await production.output({ orderNo: open, quantity: '1', postingDate: '2026-10-07' }, 'TESTER');
    await ctx.app.get(AdjustmentService).adjust('TESTER');
  });

  afterAll(async () => {
    await ctx.close();
  });

  it('prints WIP per order for the period and ties out to the G/L WIP account', async () => {
    const options = { startDate: '2026-10-01', endDate: '2026-10-31' };
    const rows = await reports.rows('inventoryValuationWip', options, 'TESTER');
    // OPEN: 30.00 consumed before October; in October 20.00 consumption, 10 min × (2 + 1) = 30.00
    // capacity, 1 × 30.00 output at expected cost: 30 + 20 + 30 − 30 = 50.00 at the end.
    // DONE: consumed 40, capacity 15, output invoiced at 55 + 0 overhead in September: nothing in October, nothing at the end.
    expect(rows).toEqual([
      {
        orderNo: open,
        itemNo: 'PROD',
        description: 'Produced',
        status: 'Released',
        wipAtStart: '30',
        consumption: '20',
        capacity: '30',
        output: '-30',
        wipAtEnd: '50',
        postedToGL: '50',
      },
    ]);
    const september = await reports.rows('inventoryValuationWip', { startDate: '2026-09-01', endDate: '2026-09-30' }, 'TESTER');
    expect(september.map((r) => [r.orderNo, r.status, r.wipAtEnd])).toEqual([
      [done, 'Finished', '0'],
      [open, 'Released', '30'],
    ]);
    const { glWip, openWip } = await withSession(ctx.app.get(MikroORM), async (sql) => {
      const [gl] = await sql.query<{ amount: string }>("SELECT coalesce(sum(amount), 0)::text AS amount FROM gl_entry WHERE account_no = '2140'");
      const [ve] = await sql.query<{ amount: string }>(
        `SELECT coalesce(sum(CASE WHEN v.item_ledger_entry_type = '' THEN 1 ELSE -1 END * (v.cost_amount_actual + v.cost_amount_expected)), 0)::text AS amount
           FROM value_entry v JOIN production_order o ON o.no = v.order_no
          WHERE o.status = 'Released' AND (v.item_ledger_entry_type IN ('Consumption', '') OR v.entry_type = 'DirectCost')`,
      );
      return { glWip: gl.amount, openWip: ve.amount };
    });
    expect(new Dec(glWip).toFixed()).toBe('50');
    expect(new Dec(openWip).toFixed()).toBe('50');
  });

  it('prints the PDF in both languages and the CSV', async () => {
    const options = { startDate: '2026-10-01', endDate: '2026-10-31' };
    const en = pdfText((await reports.render('inventoryValuationWip', options, { format: 'pdf', locale: 'en', userId: 'TESTER' })).body, 'wip-en');
    expect(en).toMatch(/Inventory Valuation – WIP/);
    expect(en).toMatch(new RegExp(`${open}\\s+PROD\\s+Produced\\s+Released\\s+30\\.00\\s+20\\.00\\s+30\\.00\\s+-30\\.00\\s+50\\.00\\s+50\\.00`));
    expect(en).toMatch(/Total\s+30\.00\s+20\.00\s+30\.00\s+-30\.00\s+50\.00\s+50\.00/);
    expect(en).toMatch(/A finished and\s+adjusted order holds no WIP/);
    const nb = pdfText((await reports.render('inventoryValuationWip', options, { format: 'pdf', locale: 'nb-NO', userId: 'TESTER' })).body, 'wip-nb');
    expect(nb).toMatch(/Lagerverdi – PIA/);
    expect(nb).toMatch(new RegExp(`${open}\\s+PROD\\s+Produced\\s+Frigitt\\s+30,00\\s+20,00\\s+30,00\\s+[-−]30,00\\s+50,00\\s+50,00`));
    const csv = (await reports.render('inventoryValuationWip', options, { format: 'csv', locale: 'en', userId: 'TESTER' })).body.toString('utf8');
    expect(csv).toContain(`detail,${open},PROD,Produced,Released,30.00,20.00,30.00,-30.00,50.00,50.00`);
  });
});
