/**
 * The `costclose` binary as a user runs it (after `npm run build`, which `npm test` runs first).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ItemJournalService } from '../../src/item-journal/item-journal.service';
import { databaseUrl } from '../../src/scenario/scenario-database';
import { SetupResourceService } from '../../src/setup/setup-resource.service';
import { resourceByPath } from '../../src/setup/setup-resources';
import { chart } from '../support/chart';
import { createTestContext, testServerUrl } from '../support/test-database';

const BIN = path.resolve(__dirname, '../../bin/costclose.js');
const SCENARIOS = path.resolve(__dirname, '../../../shared/scenarios');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'costclose-cli-'));

function costclose(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl(testServerUrl(), 'postgres') },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function scenarioFile(name: string, steps: unknown[], extra: Record<string, unknown> = {}): string {
  const file = path.join(dir, name);
  const setup = { items: [{ no: 'A', costingMethod: 'FIFO' }], inventoryPeriods: [{ endingDate: '2020-01-31', closed: true }] };
  fs.writeFileSync(file, JSON.stringify({ format: 'scenario/v1', name, setup, steps, expect: [], ...extra }));
  return file;
}

const purchase = (ref: string, date: string, extra: Record<string, unknown> = {}) => ({
  op: 'post',
  ref,
  entryType: 'Purchase',
  item: 'A',
  postingDate: date,
  quantity: '1',
  unitCost: '10',
  ...extra,
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('costclose scenario run', () => {
  it('runs ex06 with --check and exits 0', () => {
    const run = costclose('scenario', 'run', path.join(SCENARIOS, 'ex06-item-application-basic.json'), '--check');
    expect(run.stderr).toMatch(/all 11 expectations hold/);
    expect(run.code).toBe(0);
  });

  it('writes the result document to --out', () => {
    const out = path.join(dir, 'result.json');
    expect(costclose('scenario', 'run', path.join(SCENARIOS, 'ex06-item-application-basic.json'), '--out', out).code).toBe(0);
    const result = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(result.format).toBe('scenario-result/v1');
    expect(result.itemLedgerEntries.map((e: { ref: string }) => e.ref)).toEqual(['P1', 'S1']);
  });

  it('exits 2 naming the step for an unknown op, and runs nothing', () => {
    const run = costclose('scenario', 'run', scenarioFile('unknown-op.json', [purchase('P1', '2020-02-01'), { op: 'teleport' }]));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/step 1: unknown op "teleport"/);
    expect(run.stdout).toBe('');
  });

  it('exits 2 naming the step for a bad decimal', () => {
    const run = costclose('scenario', 'run', scenarioFile('bad-decimal.json', [purchase('P1', '2020-02-01', { quantity: '1,5' })]));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/step 0 \(post\): quantity "1,5" is not a decimal/);
  });

  it('exits 2 for an unknown field and for an unknown ref', () => {
    expect(costclose('scenario', 'run', scenarioFile('field.json', [purchase('P1', '2020-02-01', { colour: 'red' })])).stderr).toMatch(
      /step 0 \(post\): unknown field "colour"/,
    );
    const ref = costclose('scenario', 'run', scenarioFile('ref.json', [purchase('P1', '2020-02-01', { appliesTo: 'P9' })]));
    expect(ref.code).toBe(2);
    expect(ref.stderr).toMatch(/appliesTo names an unknown ref "P9"/);
  });

  it('accepts an expected error, persists nothing of that step, and records it', () => {
    const file = scenarioFile('expected.json', [purchase('P0', '2020-01-15', { expectError: 'CLOSED INVENTORY PERIOD' }), purchase('P1', '2020-02-01')], {
      expect: [
        { itemLedgerEntries: {}, count: true, equals: 1 },
        { itemLedgerEntries: { ref: 'P1' }, field: 'entryNo', equals: 1 },
        { errors: { step: 0, expected: true }, count: true, equals: 1 },
      ],
    });
    const run = costclose('scenario', 'run', file, '--check');
    expect(run.stderr).toMatch(/all 3 expectations hold/);
    expect(run.code).toBe(0);
  });

  it('exits 1 naming the step when a step with expectError succeeds, or one without it fails', () => {
    const succeeded = costclose('scenario', 'run', scenarioFile('succeeds.json', [purchase('P1', '2020-02-01', { expectError: 'nope' })]));
    expect(succeeded.code).toBe(1);
    expect(succeeded.stderr).toMatch(/step 0 \(post P1\) succeeded, but it should have failed with "nope"/);
    const failed = costclose('scenario', 'run', scenarioFile('fails.json', [purchase('P1', '2020-01-10'), purchase('P2', '2020-02-01')]));
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/step 0 \(post P1\) failed: line 1, field postingDate: Posting date 2020-01-10 is in a closed inventory period/);
  });

  it('prints each failed expectation with its index, selection, expected and actual value', () => {
    const file = scenarioFile('unmet.json', [purchase('P1', '2020-02-01')], {
      expect: [{ itemLedgerEntries: { ref: 'P1' }, field: 'costAmountActual', equals: '11' }],
    });
    const run = costclose('scenario', 'run', file, '--check');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/expectation 0: itemLedgerEntries where \{"ref":"P1"\} field costAmountActual: expected "11", actual "10"/);
  });
});

describe('costclose report', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  const report = (...args: string[]) => {
    const result = spawnSync(process.execPath, [BIN, 'report', ...args], { env: { ...process.env, DATABASE_URL: ctx.db.url }, encoding: 'utf8', cwd: dir });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    await ctx.app
      .get(SetupResourceService)
      .applyAll([{ spec: resourceByPath('items'), body: { no: 'A', description: 'Widget, "large"', costingMethod: 'FIFO' } }, ...chart()]);
    await ctx.app.get(ItemJournalService).post([{ entryType: 'Purchase', itemNo: 'A', postingDate: '2026-10-02', quantity: '4', unitCost: '2.5' }], 'TESTER');
    await ctx.app.close();
  });
  afterAll(() => ctx.db.drop());

  it('writes a PDF to its own file name by default, and a CSV to --out', () => {
    const pdf = report('inventoryValuation', '--startDate', '2026-10-01', '--endDate', '2026-10-31', '--locale', 'nb-NO');
    expect(pdf.stderr).toBe('');
    expect(pdf.code).toBe(0);
    const pdfFile = path.join(dir, 'inventory-valuation_2026-10-31_nb-NO.pdf');
    expect(pdf.stdout).toContain(pdfFile);
    expect(fs.readFileSync(pdfFile).subarray(0, 5).toString()).toBe('%PDF-');
    const csvFile = path.join(dir, 'iv.csv');
    const csv = report('inventoryValuation', '--endDate=2026-10-31', '--includeExpectedCost', '--format', 'csv', '--out', csvFile);
    expect(csv.code).toBe(0);
    expect(fs.readFileSync(csvFile, 'utf8')).toContain('detail,A,"Widget, ""large""",PCS,0,0.00,4,10.00,0,0.00,4,10.00,0.00\r\n');
  });

  it('refuses an unknown report (exit 2) and a bad option (exit 1), naming them', () => {
    const unknown = report('inventoryValuations');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('There is no report "inventoryValuations"');
    const bad = report('inventoryValuation', '--endDate', '31.10.2026');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('endDate');
    const format = report('inventoryValuation', '--format', 'xlsx');
    expect(format.code).toBe(1);
    expect(format.stderr).toContain('format');
    expect(report().code).toBe(2);
  });
});

describe('costclose standard-cost', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  const standardCost = (...args: string[]) => {
    const result = spawnSync(process.execPath, [BIN, 'standard-cost', ...args], { env: { ...process.env, DATABASE_URL: ctx.db.url }, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    const setup = (path: string, body: object) => ({ spec: resourceByPath(path), body });
    await ctx.app
      .get(SetupResourceService)
      .applyAll([
        setup('work-centers', { no: 'WC', directUnitCost: '2' }),
        setup('items', { no: 'PART', costingMethod: 'Standard', standardCost: '5' }),
        setup('items', { no: 'SUB', costingMethod: 'Standard', replenishmentSystem: 'ProdOrder' }),
        setup('bom-lines', { parentItemNo: 'SUB', lineNo: 10000, no: 'PART', quantityPer: '2' }),
        setup('routing-lines', { itemNo: 'SUB', operationNo: 10, workCenterNo: 'WC', runTime: '3' }),
        setup('items', { no: 'TOP', costingMethod: 'Standard', replenishmentSystem: 'ProdOrder' }),
        setup('bom-lines', { parentItemNo: 'TOP', lineNo: 10000, no: 'SUB', quantityPer: '1' }),
      ]);
    await ctx.app.close();
  });
  afterAll(() => ctx.db.drop());

  it('calculates all levels and prints each item, bottom-up (R80)', () => {
    const run = standardCost('TOP', '--all-levels');
    expect([run.code, run.stderr]).toEqual([0, expect.not.stringMatching(/error/i)]);
    // SUB: 2 × 5 material + 3 minutes × 2.00; TOP: SUB's 16.00 as material.
    expect(run.stdout).toContain('SUB: standard cost 16\n  single-level: material 10, capacity 6, subcontracted 0, capOverhead 0, mfgOverhead 0\n');
    expect(run.stdout).toContain('TOP: standard cost 16\n  single-level: material 16, capacity 0');
    expect(run.stdout).toContain('rolled-up:    material 10, capacity 6');
  });

  it('refuses an unknown item (exit 1) and bad arguments (exit 2)', () => {
    expect(standardCost('NOPE')).toMatchObject({ code: 1, stderr: expect.stringContaining('Item NOPE does not exist') });
    expect(standardCost().code).toBe(2);
    expect(standardCost('TOP', '--deep').code).toBe(2);
  });
});

describe('costclose close and runs', () => {
  let db: Awaited<ReturnType<typeof createTestContext>>['db'];
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'costclose-cli-close-'));
  const cli = (...args: string[]) => {
    const env = {
      ...process.env,
      DATABASE_URL: db.url,
      COSTCLOSE_OUT_DIR: path.join(home, 'out'),
      COSTCLOSE_PACKAGE_DIR: path.join(home, 'packages'),
      COSTCLOSE_SMTP_HOST: '',
      LOG_LEVEL: 'error',
    };
    const result = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  beforeAll(async () => {
    const ctx = await createTestContext();
    await ctx.app.get(SetupResourceService).applyAll([{ spec: resourceByPath('items'), body: { no: 'A', costingMethod: 'FIFO' } }, ...chart()]);
    await ctx.app.get(ItemJournalService).post([{ entryType: 'Purchase', itemNo: 'A', postingDate: '2026-09-02', quantity: '4', unitCost: '2.5' }], 'TESTER');
    await ctx.app.close();
    db = ctx.db;
  });
  afterAll(async () => {
    await db.drop();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('refuses bad arguments with exit 2, naming them, and runs nothing', () => {
    expect(cli('close').code).toBe(2);
    const bad = cli('close', '--period', '2026-13');
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining("'2026-13' is not a period")]);
    expect(cli('close', '--period', '2026-09', '--resume', 'x').code).toBe(2);
    expect(cli('close', '--period', '2026-09', '--tolerance', 'ten').stderr).toContain('tolerance');
    expect(cli('runs').stdout).toBe('no close runs yet\n');
  });

  it('closes a month, printing each step, and lists the run', () => {
    const close = cli('close', '--period', '2026-09', '--locale', 'nb-NO');
    expect(close.code).toBe(0);
    expect(close.stderr).toMatch(/adjust …\n.*\nadjust done \(\d+\.\d s\)\npost …/);
    expect(close.stderr).toContain('email skipped (0.0 s) — the run has no recipients');
    expect(close.stdout).toMatch(
      /^run [0-9a-f-]{36} {2}2026-09 \(2026-09-01\.\.2026-09-30\) {2}succeeded {2}manual by SYSTEM {2}attempt 1\n {2}adjust {5}done/,
    );
    expect(fs.readdirSync(path.join(home, 'out', '2026-09'))).toContain('inventory-valuation_2026-09-30_nb-NO.pdf');
    const runs = cli('runs', '--limit', '1');
    expect(runs.stdout.split('\n')[0]).toMatch(/2026-09 .* succeeded/);
    const resume = cli('close', '--resume', /^run (\S+)/.exec(close.stdout)![1]);
    expect([resume.code, resume.stderr]).toEqual([1, expect.stringContaining('has succeeded: there is nothing to resume')]);
  });
});

describe('costclose adjust and worker', () => {
  let db: Awaited<ReturnType<typeof createTestContext>>['db'];
  const cli = (...args: string[]) => {
    const result = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'error' }, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  beforeAll(async () => {
    const ctx = await createTestContext();
    await ctx.app.get(SetupResourceService).applyAll([{ spec: resourceByPath('items'), body: { no: 'A', costingMethod: 'FIFO' } }, ...chart()]);
    const journal = ctx.app.get(ItemJournalService);
    const receipt = await journal.post(
      [{ entryType: 'Purchase', itemNo: 'A', postingDate: '2026-09-02', quantity: '4', unitCost: '2.5', invoice: false }],
      'TESTER',
    );
    await journal.post([{ entryType: 'Sale', itemNo: 'A', postingDate: '2026-09-03', quantity: '1' }], 'TESTER');
    // Invoiced later at another price: Adjust Cost carries the difference to the sale.
    await journal.post([{ kind: 'invoice', itemLedgerEntryNo: receipt.lines[0].itemLedgerEntryNos[0], unitCost: '3', postingDate: '2026-09-20' }], 'TESTER');
    await ctx.app.close();
    db = ctx.db;
  });
  afterAll(() => db.drop());

  it('adjusts now and prints the run (no workers: in this process); a second run writes nothing', () => {
    const first = cli('adjust');
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^adjustment run [0-9a-f-]{36}\n/);
    const run = JSON.parse(first.stdout);
    expect(run).toMatchObject({ status: 'succeeded', progress: { itemsTotal: 1, itemsDone: 1, batches: null }, result: { entriesWritten: 1 } });
    expect(JSON.parse(cli('adjust', '--items', 'A').stdout).result.entriesWritten).toBe(0);
  });

  it('refuses bad arguments with exit 2, naming them', () => {
    expect(cli('adjust', '--up-to', 'soon')).toMatchObject({ code: 2, stderr: expect.stringContaining('--up-to must be a date') });
    expect(cli('worker', '--concurrency', '0')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--concurrency must be a whole number from 1 to 64'),
    });
    expect(cli('worker', 'now')).toMatchObject({ code: 2, stderr: expect.stringContaining('unexpected argument "now"') });
  });
});
