import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EntitySchema, MikroORM } from '@mikro-orm/postgresql';
import * as pg from 'pg';
import { MIGRATIONS } from '../../migrations';
import { Dec } from '../../src/common/decimal';
import { DecimalColumnType } from '../../src/database/decimal-column.type';
import { migrateUnderLock } from '../../src/database/migrate';
import { SqlSession, type SqlValue } from '../../src/database/sql-session';
import { mikroOrmConfig } from '../../src/database/mikro-orm.config';
import { createScratchDatabase } from '../../src/scenario/scenario-database';
import { testServerUrl } from '../support/test-database';

class Amount {
  id!: number;
  value!: Dec;
}
const AmountSchema = new EntitySchema<Amount>({
  class: Amount,
  tableName: 'decimal_probe',
  properties: { id: { type: 'integer', primary: true }, value: { type: DecimalColumnType, columnType: 'numeric' } },
});

/** A pg client on a scratch database of its own, closed and dropped afterwards. */
async function withScratchClient(name: string, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const db = await createScratchDatabase(testServerUrl(), 'template1', name);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
    await db.drop();
  }
}

describe('database layer', () => {
  it('stores decimals exactly, never in exponent notation, and compares them exactly', async () => {
    const db = await createScratchDatabase(testServerUrl(), 'template1', 'costclose_test_probe');
    try {
      const orm = await MikroORM.init({
        clientUrl: db.url,
        entities: [AmountSchema],
        forceUtcTimezone: true,
        discovery: { warnWhenNoEntities: false },
        allowGlobalContext: true,
      });
      await orm.schema.createSchema();
      const values = ['0.00000000000000000001', '123456789012345678.123456789', '-3.33', '1e21'].map((v) => new Dec(v));
      const em = orm.em.fork();
      values.forEach((value, id) => em.create(Amount, { id, value }));
      await em.flush();
      const raw = await orm.em.getConnection().execute<{ value: string }[]>('SELECT value::text AS value FROM decimal_probe ORDER BY id');
      expect(raw.map((r) => r.value)).toEqual(['0.00000000000000000001', '123456789012345678.123456789', '-3.33', '1000000000000000000000']);
      // A change below float precision is still a change: the float-based DecimalType would miss it.
      const em2 = orm.em.fork();
      const row = await em2.findOneOrFail(Amount, { id: 1 });
      expect(row.value.toFixed()).toBe('123456789012345678.123456789');
      row.value = new Dec('123456789012345678.123456788');
      await em2.flush();
      const [after] = await orm.em.getConnection().execute<{ value: string }[]>('SELECT value::text AS value FROM decimal_probe WHERE id = 1');
      expect(after.value).toBe('123456789012345678.123456788');
      await orm.close(true);
    } finally {
      await db.drop();
    }
  });

  it('writes every kind of value through COPY as it was given: escapes, nulls, decimals, booleans, dates', async () => {
    await withScratchClient('costclose_test_copy', async (client) => {
      await client.query('CREATE TABLE copy_probe (id int, label text, amount numeric, flag boolean, at timestamptz, note text)');
      const texts = ['tab\there', 'line\nbreak', 'back\\slash \\N', 'carriage\rreturn', '', 'plain'];
      const rows: SqlValue[][] = texts.map((label, id) => [
        id,
        label,
        new Dec(id % 2 ? '-0.00000000000000000001' : '1e21'),
        id % 2 === 0,
        new Date(Date.UTC(2025, 0, id + 1)),
        id === 4 ? null : 'x',
      ]);
      expect(await new SqlSession(client).copyIn('copy_probe', ['id', 'label', 'amount', 'flag', 'at', 'note'], rows)).toBe(texts.length);
      const back = await client.query<{ label: string; amount: string; flag: boolean; at: string; note: string | null }>(
        `SELECT label, amount::text AS amount, flag, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS at, note FROM copy_probe ORDER BY id`,
      );
      expect(back.rows.map((r) => r.label)).toEqual(texts);
      expect(back.rows.map((r) => r.amount)).toEqual(texts.map((_, id) => (id % 2 ? '-0.00000000000000000001' : '1000000000000000000000')));
      expect(back.rows.map((r) => r.flag)).toEqual(texts.map((_, id) => id % 2 === 0));
      expect(back.rows.map((r) => r.at)).toEqual(texts.map((_, id) => `2025-01-0${id + 1} 00:00`));
      expect(back.rows.map((r) => r.note)).toEqual(texts.map((_, id) => (id === 4 ? null : 'x')));
    });
  });

  it('converts rows one by one as they arrive (queryMapped), in order, and reports a failed conversion or statement with the session still usable', async () => {
    await withScratchClient('costclose_test_mapped', async (client) => {
      const sql = new SqlSession(client);
      const seen: number[] = [];
      const rows = await sql.queryMapped(
        "SELECT n, (n * 1.5)::numeric AS amount, DATE '2025-01-01' + n AS day FROM generate_series(1, 5000) n WHERE n > $1 ORDER BY n",
        [4990],
        (r) => {
          seen.push(r[0] as number);
          return { n: r[0] as number, amount: new Dec(r[1] as string), day: r[2] as string };
        },
      );
      expect(rows.map((r) => [r.n, r.amount.toFixed(), r.day])).toEqual(
        Array.from({ length: 10 }, (_, i) => [4991 + i, String((4991 + i) * 1.5), new Date(Date.UTC(2025, 0, 1 + 4991 + i)).toISOString().slice(0, 10)]),
      );
      expect(seen).toEqual(rows.map((r) => r.n));
      await expect(
        sql.queryMapped('SELECT n FROM generate_series(1, 3) n', [], (r) => {
          if (r[0] === 2) throw new Error('row 2 is not a ledger row');
          return r[0];
        }),
      ).rejects.toThrow('row 2 is not a ledger row');
      await expect(sql.queryMapped('SELECT 1 / 0', [], (r) => r)).rejects.toThrow(/division by zero/);
      expect(await sql.queryMapped('SELECT 42', [], (r) => r[0])).toEqual([42]);
    });
  });

  it('reads through COPY exactly what a plain query returns: escapes, multi-byte characters across chunks, NULLs, types and quoted parameters', async () => {
    await withScratchClient('costclose_test_copyread', async (client) => {
      const sql = new SqlSession(client);
      // Texts COPY escapes (tab, newline, carriage return, backslash, backspace, form feed, vertical
      // tab), what it does not (quotes, \N as text), and multi-byte characters; enough rows that
      // the output spans many network chunks, so rows and characters are cut between them.
      const odd = ['tab\there', 'line\nbreak', 'cr\rhere', 'back\\slash', '\\N', 'bs\bff\fvt\v', 'quote\'s "double"', 'Ærø – ✓ 𝄞 €', ''];
      await client.query(
        'CREATE TABLE copy_probe (id int PRIMARY KEY, code text, amount numeric, big bigint, flag boolean, day date, note varchar(40), small smallint, signed int, maybe int, maybe_flag boolean)',
      );
      await client.query(
        `INSERT INTO copy_probe
         SELECT n, ($1::text[])[1 + n % ${odd.length}] || repeat('é', n % 5), (n * 1.25 - 500)::numeric, n::bigint * 10000000000,
                n % 3 = 0, DATE '2025-01-01' + n, CASE WHEN n % 4 = 0 THEN NULL ELSE 'v' || n END,
                (n % 65535 - 32767)::smallint, CASE WHEN n = 5 THEN -2147483648 WHEN n = 6 THEN 2147483647 ELSE -n * 100000 + n % 7 END,
                CASE WHEN n % 5 = 0 THEN NULL ELSE n - 10000 END, CASE WHEN n % 6 = 0 THEN NULL ELSE n % 4 = 1 END
           FROM generate_series(1, 20000) n`,
        [odd],
      );
      const statement =
        'SELECT id, code, amount, big, flag, day, note, small, signed, maybe, maybe_flag FROM copy_probe WHERE code <> ALL($1::text[]) AND id > $2 AND id <> ALL($3::int[]) ORDER BY id';
      const params: SqlValue[] = [["it's \\ not", 'x\ty'], 3, [-1, 7, 19999]];
      const plain = await sql.queryArrays(statement, params);
      let chunks = 0;
      const copied = await sql.queryMapped(statement, params, (r) => {
        chunks++;
        return r;
      });
      expect(plain.length).toBe(19995);
      expect(copied).toEqual(plain);
      expect(chunks).toBe(plain.length);
      // The same rows a second time (the column types are known by now), and with no rows at all.
      expect(await sql.queryMapped(statement, params, (r) => r)).toEqual(plain);
      expect(await sql.queryMapped(statement, [[], 30000, []], (r) => r)).toEqual([]);
      // In chunks as they arrive (queryChunks): the same rows, in order, over many chunks, each
      // taken only after the one before was handled.
      const streamed: unknown[][] = [];
      let batches = 0;
      let handling = false;
      await sql.queryChunks(statement, params, async (batch) => {
        expect(handling).toBe(false);
        handling = true;
        batches++;
        await new Promise((resolve) => setImmediate(resolve));
        streamed.push(...batch);
        handling = false;
      });
      expect(streamed).toEqual(plain);
      expect(batches).toBeGreaterThan(5);
      await expect(sql.queryChunks(statement, [[], 30000, []], async () => Promise.reject(new Error('no rows expected')))).resolves.toBeUndefined();
      await expect(sql.queryChunks(statement, params, async () => Promise.reject(new Error('the file is full')))).rejects.toThrow('the file is full');
      expect(await sql.queryArrays('SELECT 42')).toEqual([[42]]);
      expect(odd.every((text) => plain.some((r) => (r[1] as string).startsWith(text)))).toBe(true);
      await expect(sql.queryMapped('SELECT $2::int', [1], (r) => r)).rejects.toThrow();
      expect(await sql.queryMapped('SELECT $1::text, $2::date', ["O'Brien \\ co", null], (r) => r)).toEqual([["O'Brien \\ co", null]]);
    });
  });

  it('migrates under an advisory lock: two instances starting together apply each migration once', async () => {
    const db = await createScratchDatabase(testServerUrl(), 'template1', 'costclose_test_migrate');
    try {
      const [a, b] = await Promise.all([MikroORM.init(mikroOrmConfig(db.url)), MikroORM.init(mikroOrmConfig(db.url))]);
      const [doneA, doneB] = await Promise.all([migrateUnderLock(a), migrateUnderLock(b)]);
      expect([...doneA, ...doneB].sort()).toEqual(MIGRATIONS.map((m) => m.name).sort());
      await Promise.all([a.close(true), b.close(true)]);
    } finally {
      await db.drop();
    }
  });

  it('starts the embedded database again after the owner was killed with SIGKILL, stopping the stale postmaster', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'costclose-embedded-'));
    fs.chmodSync(dataDir, 0o755);
    try {
      const first = await startOwner(dataDir, 55431);
      first.child.kill('SIGKILL');
      await new Promise((r) => first.child.once('exit', r));
      const pid = Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
      expect(() => process.kill(pid, 0)).not.toThrow(); // the postmaster outlived its owner

      const second = await startOwner(dataDir, first.port);
      expect(second.log.join('\n')).toMatch(new RegExp(`Stopping a stale embedded PostgreSQL \\(pid ${pid}\\)`));
      const client = new pg.Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${second.port}/costclose` });
      await client.connect();
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await client.end();
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('exit', r));
      expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

/** Runs test/fixtures/embedded-owner.js and waits until its server is ready. */
function startOwner(dataDir: string, port: number): Promise<{ child: ChildProcess; port: number; log: string[] }> {
  const child = spawn(process.execPath, [path.join(__dirname, '../fixtures/embedded-owner.js'), dataDir, String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const log: string[] = [];
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      for (const lineText of d.toString().split('\n')) {
        if (lineText.startsWith('LOG ')) log.push(lineText.slice(4));
        const m = /^READY (\d+)/.exec(lineText);
        if (m) resolve({ child, port: Number(m[1]), log });
      }
    });
    child.on('exit', (code) => reject(new Error(`embedded-owner exited with ${code}: ${log.join(' | ')}`)));
  });
}
