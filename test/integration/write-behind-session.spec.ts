/**
 * The W1 generator writes through a WriteBehindSession (issue 12): its statements run on a worker
 * thread's own connection while the posting engine works out the next day. Against a real
 * PostgreSQL: the rows arrive as given (COPY escapes, decimals, NULLs), in order, with the caller
 * held back when too much is queued; a failing statement stops the rest and rolls back; and the
 * generator writes the same ledgers through it as inline, ledgers the scenario runner's invariants
 * hold on (the generator writes an item ledger entry once it is settled, with its final remaining
 * quantity, and sums the inventory totals at the end).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Dec } from '../../src/common/decimal';
import { SqlSession } from '../../src/database/sql-session';
import { generateW1 } from '../../src/bench/w1-generator';
import { WriteBehindSession } from '../../src/bench/write-behind-session';
import { withClient } from '../../src/bench/bench-support';
import { ledgerInvariantViolations } from '../../src/ledgers/ledger-invariants';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';
import { createTestDatabase } from '../support/test-database';

/** The thread runs compiled code, as the benchmarks run it. */
const THREAD = path.join(__dirname, '..', '..', 'dist', 'src', 'bench', 'write-behind-thread.js');

const W1_TABLES: Record<string, string> = {
  item_ledger_entry: 'entry_no',
  value_entry: 'entry_no',
  item_application_entry: 'entry_no',
  inventory_total: 'item_no, location_code, variant_code',
  applied_entry_to_adjust: 'item_ledger_entry_no',
  avg_cost_adjmt_entry_point: 'item_no, variant_code, location_code, valuation_date',
  item: 'no',
  ledger_counter: 'name',
};

describe('WriteBehindSession (statements on a thread of their own, PostgreSQL)', () => {
  const databases: ScratchDatabase[] = [];
  const database = async () => {
    const db = await createTestDatabase();
    databases.push(db);
    return db;
  };

  beforeAll(() => {
    if (!fs.existsSync(THREAD)) throw new Error(`${THREAD} is missing: the thread runs compiled code — npm run build first`);
  });

  afterAll(async () => {
    for (const db of databases) await db.drop();
  });

  it('writes COPY rows and statements in the order given, holding the caller back when far behind', async () => {
    const db = await database();
    // 4 kB behind at most: the 20,000 rows below are far more, so the caller waits on the thread again and again.
    const sql = new WriteBehindSession(db.url, 4096, THREAD);
    try {
      await sql.query('BEGIN');
      await sql.query('CREATE TABLE wb (n int PRIMARY KEY, label text, amount numeric, note text)');
      const rows = Array.from(
        { length: 20_000 },
        (_, i) => [i, i % 3 === 0 ? `tab\there ${i}` : `back\\slash\nline ${i}`, new Dec(`${i}.0${i % 10}`), i % 5 ? null : 'Ærø'] as const,
      );
      expect(await sql.copyIn('wb', ['n', 'label', 'amount', 'note'], rows)).toBe(20_000);
      // The COPY's 600 kB were more than 4 kB: the call came back only once the thread had caught up.
      expect(sql.behind).toBeLessThanOrEqual(4096);
      await sql.query('UPDATE wb SET amount = amount + $1 WHERE n = ANY($2::int[])', [new Dec('0.005'), [1, 2, 3]]);
      await sql.query('COMMIT');
      await sql.flush();
    } finally {
      await sql.close();
    }
    const written = await withClient(db.url, async (client) => {
      const sums = (
        await client.query<{ n: string; total: string; notes: string }>('SELECT count(*) AS n, sum(amount)::text AS total, count(note) AS notes FROM wb')
      ).rows[0];
      const some = (await client.query<{ n: number; label: string; amount: string }>('SELECT n, label, amount::text FROM wb WHERE n IN (1, 3) ORDER BY n'))
        .rows;
      return { sums, some };
    });
    let total = new Dec(0);
    for (const r of Array.from({ length: 20_000 }, (_, i) => new Dec(`${i}.0${i % 10}`))) total = total.plus(r);
    expect(written.sums).toEqual({ n: '20000', total: total.plus('0.015').toFixed(), notes: '4000' });
    expect(written.some).toEqual([
      { n: 1, label: 'back\\slash\nline 1', amount: '1.015' },
      { n: 3, label: 'tab\there 3', amount: '3.035' },
    ]);
  });

  it('stops at the first failing statement, rolls back, names the statement and refuses what comes after', async () => {
    const db = await database();
    await withClient(db.url, (client) => client.query('CREATE TABLE wb (n int PRIMARY KEY)'));
    const sql = new WriteBehindSession(db.url, undefined, THREAD);
    try {
      await sql.query('BEGIN');
      await sql.copyIn('wb', ['n'], [[1], [2]]);
      await sql.query('INSERT INTO wb_missing (n) VALUES (3)');
      await sql.query('INSERT INTO wb (n) VALUES (4)');
      await expect(sql.flush()).rejects.toThrow(/INSERT INTO wb_missing \(n\) VALUES \(3\): relation "wb_missing" does not exist/);
      await expect(sql.query('INSERT INTO wb (n) VALUES (5)')).rejects.toThrow(/wb_missing/);
    } finally {
      await sql.close();
    }
    expect(await withClient(db.url, async (client) => (await client.query('SELECT count(*)::int AS n FROM wb')).rows[0].n)).toBe(0);
  });

  it('refuses to read: its statements resolve before they run', async () => {
    const db = await database();
    const sql = new WriteBehindSession(db.url, undefined, THREAD);
    try {
      await expect(sql.queryArrays('SELECT 1')).rejects.toThrow('a write-behind session only writes');
      await expect(sql.queryMapped('SELECT 1', [], (r) => r)).rejects.toThrow('a write-behind session only writes');
      expect(await sql.query('SELECT 1')).toEqual([]);
      await sql.flush();
    } finally {
      await sql.close();
    }
  });

  const W1_OPTIONS = { entries: 20_000, seed: 5, items: 300, log: () => undefined };

  /** A generated year written inline, on the test's own connection. */
  const inlineYear = async (options: Parameters<typeof generateW1>[1]) => {
    const db = await database();
    await withClient(db.url, async (client) => {
      await client.query('BEGIN');
      await generateW1(new SqlSession(client), options);
      await client.query('COMMIT');
    });
    return db;
  };

  /** Row count and md5 of each W1 table, rows in key order. */
  const contents = (url: string) =>
    withClient(url, async (client) => {
      const out: Record<string, string> = {};
      for (const [table, key] of Object.entries(W1_TABLES)) {
        const row = (
          await client.query<{ n: string; md5: string }>(`SELECT count(*) AS n, md5(string_agg(t::text, E'\\n' ORDER BY ${key})) AS md5 FROM ${table} t`)
        ).rows[0];
        out[table] = `${row.n} ${row.md5}`;
      }
      return out;
    });

  it('lets the W1 generator write the same ledgers as it writes inline, ledgers the invariants hold on', async () => {
    const inline = await inlineYear(W1_OPTIONS);
    const behind = await database();
    const sql = new WriteBehindSession(behind.url, 64 * 1024, THREAD);
    try {
      await sql.query('BEGIN');
      await generateW1(sql, W1_OPTIONS);
      await sql.query('COMMIT');
      await sql.flush();
    } finally {
      await sql.close();
    }
    const expected = await contents(inline.url);
    expect(Number(expected.item_ledger_entry.split(' ')[0])).toBeGreaterThan(19_000);
    expect(await contents(behind.url)).toEqual(expected);
    // Remaining quantities against the applications, open flags, inventory totals against the value entries.
    expect(await withClient(inline.url, (client) => ledgerInvariantViolations(new SqlSession(client)))).toEqual([]);
  });

  it('posts the same year reading only what the day needs as reading what the item journal would (whole items for references)', async () => {
    const asJournal = await inlineYear({ ...W1_OPTIONS, wholeItemsForReferences: true });
    const narrow = await inlineYear(W1_OPTIONS);
    const expected = await contents(asJournal.url);
    expect(Number(expected.item_ledger_entry.split(' ')[0])).toBeGreaterThan(19_000);
    expect(await contents(narrow.url)).toEqual(expected);
  });
});
