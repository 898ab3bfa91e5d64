/**
 * The newcomer's path, as `npm start` runs it (`costclose serve`): on an empty database the
 * service seeds the demo company, closes last month, writes the reports, CSVs and package to the
 * output folder, prints where they are and the reconciliation, and keeps serving the API (the
 * demo users' tokens work); a second start finds the demo in place and does not repeat it.
 * (`npm start` picks the embedded database when DATABASE_URL is unset; here the service runs on
 * the test server with COSTCLOSE_DEMO=on, which is the same path.)
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { verifyPackage } from '../../src/period-package/verify-package';
import { createTestDatabase } from '../support/test-database';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';

const BIN = path.resolve(__dirname, '../../bin/costclose.js');

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Every server a test started: a failed expectation must not leave one running (jest would not exit). */
const started: ChildProcess[] = [];

/** Starts `costclose serve` and resolves with its output once it says it keeps serving (or is serving). */
function start(env: NodeJS.ProcessEnv, until: RegExp): Promise<{ child: ChildProcess; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve'], { env });
    started.push(child);
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not get there:\n${output}`));
    }, 110_000);
    const read = (d: Buffer) => {
      output += d.toString();
      if (until.test(output)) {
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => reject(new Error(`serve exited (${code}):\n${output}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  child.removeAllListeners('exit');
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('npm start on an empty database: the demo', () => {
  let db: ScratchDatabase;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'costclose-newcomer-'));
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    db = await createTestDatabase();
    env = {
      ...process.env,
      DATABASE_URL: db.url,
      COSTCLOSE_DEMO: 'on',
      PORT: String(await freePort()),
      COSTCLOSE_OUT_DIR: path.join(home, 'out'),
      COSTCLOSE_PACKAGE_DIR: path.join(home, 'packages'),
      COSTCLOSE_SMTP_HOST: '',
      COSTCLOSE_ADMIN_USER: '',
    };
  });
  afterAll(async () => {
    for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await db.drop();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('seeds, closes last month, writes ./out, prints it, and keeps serving; the second start repeats nothing', async () => {
    const first = await start(env, /keeps serving/);
    const text = first.output();
    const period = /Close of (\d{4}-\d{2}): succeeded \(run ([0-9a-f-]{36})\)/.exec(text);
    expect(period).not.toBeNull();
    expect(text).toMatch(/Demo company seeded: \d+ item ledger entries/);
    expect(text).toContain('Inventory – G/L reconciliation: inventory and G/L agree');
    // A quiet start (issue 15, item 12): no module-loaded or route-mapped lines unless asked for.
    expect(text).not.toMatch(/Mapped \{|RoutesResolver|InstanceLoader/);
    const dir = path.join(home, 'out', period![1]);
    expect(text).toContain(dir);
    const files = fs.readdirSync(dir);
    // Six reports, each as PDF and CSV; the WIP report shows the tool box order still on the line (issue 11).
    expect(files.filter((f) => f.endsWith('.pdf'))).toHaveLength(6);
    expect(files.filter((f) => f.endsWith('.csv'))).toHaveLength(6);
    const wip = fs.readFileSync(
      path.join(
        dir,
        files.find((f) => f.startsWith('inventory-valuation-wip') && f.endsWith('.csv'))!,
      ),
      'utf8',
    );
    expect(wip).toMatch(/VERKTØYKASSE,Verktøykasse komplett,Frigitt,/);
    const zip = files.find((f) => f.endsWith('.zip'))!;
    expect((await verifyPackage(path.join(home, 'packages', zip))).failures).toEqual([]);

    // The API serves, and the demo's auditor can read the run.
    const users = fs.readFileSync(path.join(home, 'out', 'demo-users.txt'), 'utf8');
    const auditorToken = /demo-auditor\tauditor\t(\S+)/.exec(users)![1];
    const res = await fetch(`http://127.0.0.1:${env.PORT}/api/close-runs/${period![2]}`, { headers: { Authorization: `Bearer ${auditorToken}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe('succeeded');

    // The console (issue 14): the start says where it is, and the demo finance user signs in with the file's password.
    expect(text).toMatch(new RegExp(`Console: http://localhost:${env.PORT}/ — sign in as demo-finance`));
    const financePassword = /demo-finance\tfinance\t\S+\t(\S+)/.exec(users)![1];
    const signInPage = await fetch(`http://127.0.0.1:${env.PORT}/sign-in`);
    const cookie = /costclose_session=[^;]+/.exec(signInPage.headers.get('set-cookie') ?? '')![0];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await signInPage.text())![1];
    const signedIn = await fetch(`http://127.0.0.1:${env.PORT}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, userName: 'demo-finance', password: financePassword, next: '/' }).toString(),
    });
    expect(signedIn.status).toBe(303);
    const session = /costclose_session=[^;]+/.exec(signedIn.headers.get('set-cookie') ?? '')![0];
    for (const page of ['/', '/close-runs', '/reconciliation', '/reports/inventoryValuation?run=1', '/packages', '/items', '/schedules', '/account']) {
      const answer = await fetch(`http://127.0.0.1:${env.PORT}${page}`, { headers: { Cookie: session } });
      expect([page, answer.status]).toEqual([page, 200]);
    }
    await stop(first.child);

    // A build killed before its rename left a hidden temporary file: the next start removes it.
    const leftover = path.join(home, 'packages', `.${zip}.4242.0123456789ab.tmp`);
    fs.writeFileSync(leftover, 'half a package');
    fs.utimesSync(leftover, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    const second = await start({ ...env, COSTCLOSE_DEMO: 'auto', COSTCLOSE_LOG_LEVEL: 'debug' }, /listening on/);
    await new Promise((r) => setTimeout(r, 300));
    expect(second.output()).not.toContain('Demo company seeded');
    expect(second.output()).toMatch(/Mapped \{\/api\/item-journal\/post, POST\} route/);
    expect(second.output()).toContain('Removed 1 temporary file an interrupted build left behind');
    expect(fs.existsSync(leftover)).toBe(false);
    await stop(second.child);
    const again = await start(env, /keeps serving/);
    expect(again.output()).toContain('Demo company already in place: nothing seeded again.');
    expect(again.output()).toContain(`Close of ${period![1]}: succeeded (run ${period![2]})`);
    await stop(again.child);
  });
});
