/**
 * Crash test: `costclose close` is killed (SIGKILL) in each step in turn, at the worst moment —
 * the step's work is done and committed, its record does not say so yet — and the run is then
 * resumed with `costclose close --resume`. Ledgers, G/L and package must come out exactly as an
 * uninterrupted run's on a copy of the same database: no G/L entry twice, every table row for
 * row equal (but for creation times), every file of the package byte for byte equal (but for
 * the run id and times the PDFs and the manifest print). All of it once in one process and once
 * with two `costclose worker` processes rendering the reports (issue 13): the same ledgers and
 * package either way, row for row.
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as pg from 'pg';
import { startWorker, WorkerProcess } from '../../src/bench/worker-process';
import { STEP_NAMES } from '../../src/pipeline/close-runs.store';
import { readZipEntry } from '../../src/period-package/zip-reader';
import { createScratchDatabase, ScratchDatabase } from '../../src/scenario/scenario-database';
import { seedOctober } from '../support/close-data';
import { createTestContext, testServerUrl } from '../support/test-database';

const BIN = path.resolve(__dirname, '../../bin/costclose.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'costclose-crash-'));
const PACKAGE = 'costclose-period-2026-10-31.zip';

/** The tables a close writes, each ordered by its key; creation times are left out. */
const TABLES: [string, string][] = [
  ['item_ledger_entry', 'entry_no'],
  ['value_entry', 'entry_no'],
  ['item_application_entry', 'entry_no'],
  ['value_entry_gl_posting', 'value_entry_no'],
  ['gl_entry', 'entry_no'],
  ['gl_item_ledger_relation', 'gl_entry_no, value_entry_no'],
  ['gl_register', 'no'],
  ['item_register', 'no'],
  ['inventory_period', 'ending_date'],
  ['inventory_period_entry', 'entry_no'],
  ['avg_cost_adjmt_entry_point', 'item_no, variant_code, location_code, valuation_date'],
  ['applied_entry_to_adjust', 'item_ledger_entry_no'],
  ['inventory_total', 'item_no, location_code, variant_code'],
  ['item', 'no'],
  ['ledger_counter', 'name'],
];

interface Case {
  db: ScratchDatabase;
  home: string;
  workers: WorkerProcess[];
}

/** Workers and the close process agree quickly on who is alive. */
const HEARTBEAT_SECONDS = 1;

function env(c: Case, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: c.db.url,
    COSTCLOSE_OUT_DIR: path.join(c.home, 'out'),
    COSTCLOSE_PACKAGE_DIR: path.join(c.home, 'packages'),
    COSTCLOSE_DEMO: 'off',
    COSTCLOSE_SMTP_HOST: '', // deliveries are queued, none sent: what the e-mail step does is recorded
    COSTCLOSE_FINANCE_RECIPIENTS: 'finance@nordlys.example',
    COSTCLOSE_FAULT_PAUSE_AT: '',
    COSTCLOSE_WORKER_HEARTBEAT_SECONDS: String(HEARTBEAT_SECONDS),
    LOG_LEVEL: 'error',
    ...extra,
  };
}

/** Runs `costclose close …` to its end; returns its exit code and output. */
function closeToEnd(c: Case, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'close', ...args], { env: env(c) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `costclose close --period 2026-10`, waits until it pauses at the step, kills it -9; returns the run id. */
function closeAndKill(c: Case, step: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [BIN, 'close', '--period', '2026-10'], { env: env(c, { COSTCLOSE_FAULT_PAUSE_AT: `${step}:after` }) });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`never paused at ${step}: ${stderr}`));
    }, 60_000);
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes(`PAUSED ${step}:after`)) child.kill('SIGKILL');
    });
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      const id = /close run ([0-9a-f-]{36})/.exec(stderr)?.[1];
      if (signal !== 'SIGKILL' || !id) reject(new Error(`expected a kill in ${step}, got ${signal}: ${stderr}`));
      else resolve(id);
    });
  });
}

async function dump(url: string): Promise<Record<string, unknown[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result: Record<string, unknown[]> = {};
    for (const [table, key] of TABLES) {
      const rows = (await client.query(`SELECT * FROM ${table} ORDER BY ${key}`)).rows as Record<string, unknown>[];
      result[table] = rows.map(({ created_at: _c, ...row }) => row);
    }
    return result;
  } finally {
    await client.end();
  }
}

async function deliveries(url: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query('SELECT run_id, recipient, status FROM email_delivery ORDER BY recipient')).rows;
  } finally {
    await client.end();
  }
}

/** The package's files; PDFs as their text with the run id and times masked, the manifest without them. */
async function packageContents(c: Case, runId: string): Promise<Record<string, string>> {
  const file = path.join(c.home, 'packages', PACKAGE);
  const manifest = JSON.parse(((await readZipEntry(file, 'manifest.json')) as Buffer).toString('utf8'));
  const contents: Record<string, string> = {};
  for (const f of manifest.files as { name: string; sha256: string }[]) {
    const bytes = (await readZipEntry(file, f.name)) as Buffer;
    if (f.name.endsWith('.pdf')) {
      const pdf = path.join(c.home, f.name);
      fs.writeFileSync(pdf, bytes);
      // The footer prints the run's id and start: the two runs differ there and only there. Their
      // widths differ too, so the layout pads the gap to "Page n of m" differently: collapse it.
      contents[f.name] = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })
        .replaceAll(runId, 'RUN')
        .replace(/Generated .*? · Run RUN +Page/g, 'Generated … · Run RUN Page');
    } else contents[f.name] = bytes.toString('base64');
  }
  // The chart on page 1 (issue 14) is text placed freely on the page; pdftotext pads between its
  // words by the same page-wide layout, so that padding moves with the footer's width too: the
  // words and their order are compared, not the spaces between them.
  for (const name of Object.keys(contents)) if (name.endsWith('.pdf')) contents[name] = contents[name].replace(/ {2,}/g, '  ');
  const { runId: _r, createdAt: _c, files, ...rest } = manifest;
  contents['manifest.json'] = JSON.stringify({ ...rest, files: (files as { name: string; sha256: string }[]).filter((f) => !f.name.endsWith('.pdf')) });
  return contents;
}

/** Jobs the run handed out: report files rendered, Adjust Cost batches (none for a run this small). */
async function jobsDone(url: string): Promise<{ reports: number; batches: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const queue = (await client.query<{ ok: boolean }>("SELECT to_regclass('pgboss.job') IS NOT NULL AS ok")).rows[0].ok;
    const reports = queue
      ? Number((await client.query<{ n: string }>("SELECT count(*) AS n FROM pgboss.job WHERE name = 'render-report' AND state = 'completed'")).rows[0].n)
      : 0;
    const batches = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM adjustment_batch')).rows[0].n);
    return { reports, batches };
  } finally {
    await client.end();
  }
}

/** Each mode's uninterrupted run; the one with workers must equal the one without, row for row. */
const baselines = new Map<number, { ledgers: Record<string, unknown[]>; pkg: Record<string, string> }>();

describe.each([
  ['in one process', 0],
  ['with two job workers', 2],
])('close run killed in each step and resumed, %s', (_mode, workerCount) => {
  let seeded: ScratchDatabase;
  const cases: Case[] = [];
  const newCase = async (name: string): Promise<Case> => {
    const db = await createScratchDatabase(testServerUrl(), seeded.name, 'costclose_crash');
    const started = await Promise.allSettled(Array.from({ length: workerCount }, () => startWorker(db.url, { heartbeatSeconds: HEARTBEAT_SECONDS })));
    const workers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const c = { db, home: path.join(dir, `${name}-${workerCount}`), workers };
    cases.push(c); // stopped and dropped after all, whatever happens next
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    fs.mkdirSync(c.home, { recursive: true });
    return c;
  };
  /**
   * With workers, they rendered the reports (a first run and, after a kill before or in the
   * reports step, its resumed one); the adjustment of three items stays in the close's own process
   * (less than two batches' worth, COSTCLOSE_JOB_MIN_BATCH_ENTRIES). Without workers, no jobs.
   */
  const expectJobs = async (c: Case) => {
    const jobs = await jobsDone(c.db.url);
    expect(jobs.batches).toBe(0);
    if (workerCount === 0) expect(jobs.reports).toBe(0);
    else expect(jobs.reports).toBeGreaterThanOrEqual(12);
  };
  let baseline: { ledgers: Record<string, unknown[]>; pkg: Record<string, string> };

  beforeAll(async () => {
    const ctx = await createTestContext();
    await seedOctober(ctx.app);
    await ctx.app.close();
    seeded = ctx.db;
    const c = await newCase('baseline');
    const run = await closeToEnd(c, ['--period', '2026-10']);
    expect([run.code, run.stderr]).toEqual([0, expect.any(String)]);
    const runId = /close run ([0-9a-f-]{36})/.exec(run.stderr)![1];
    baseline = { ledgers: await dump(c.db.url), pkg: await packageContents(c, runId) };
    expect(baseline.ledgers.gl_entry.length).toBeGreaterThan(0);
    await expectJobs(c);
    if (workerCount > 0 && baselines.has(0)) expect(baseline).toEqual(baselines.get(0));
    baselines.set(workerCount, baseline);
  });

  afterAll(async () => {
    for (const c of cases) await Promise.all(c.workers.map((w) => w.stop()));
    for (const c of cases) await c.db.drop();
    await seeded.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([...STEP_NAMES])('killed after %s did its work: the resumed run ends exactly like an uninterrupted one', async (step) => {
    const c = await newCase(step);
    const runId = await closeAndKill(c, step);
    const resumed = await closeToEnd(c, ['--resume', runId]);
    expect([resumed.code, resumed.stdout]).toEqual([0, expect.stringContaining('succeeded')]);
    expect(resumed.stdout).toContain('attempt 2');
    expect(await dump(c.db.url)).toEqual(baseline.ledgers);
    expect(await packageContents(c, runId)).toEqual(baseline.pkg);
    expect(await deliveries(c.db.url)).toEqual([{ run_id: runId, recipient: 'finance@nordlys.example', status: 'pending' }]);
    await expectJobs(c);
  });
});
