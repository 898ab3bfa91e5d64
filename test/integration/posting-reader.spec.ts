/**
 * Post Inventory Cost to G/L reads the value entries on a second connection while its own writes
 * (issue 12). On a generated, adjusted year (W1, 100,000 item ledger entries) the two ways — a
 * posting of its own (`post`, two connections) and a posting inside a caller's transaction
 * (`postIn`, one) — write the same G/L entries, relations and posting rows, row for row and to
 * the cent, per posting group and per entry, in chunks small enough for many to overlap, each
 * planned in several slices; and every value entry's actual cost ends up posted.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { NestFactory } from '@nestjs/core';
import * as pg from 'pg';
import { AdjustmentService } from '../../src/adjustment/adjustment.service';
import { AppModule } from '../../src/app.module';
import { inTransaction } from '../../src/database/sql-session';
import { InventoryCostPostingService, PostingMethod } from '../../src/posting/inventory-cost-posting.service';
import { createScratchDatabase, ScratchDatabase } from '../../src/scenario/scenario-database';
import { loadCostingSetup } from '../../src/setup/costing-setup';
import { createW1TestDatabase, testConfig, testServerUrl } from '../support/test-database';

const TABLES = {
  gl_entry: 'entry_no',
  gl_item_ledger_relation: 'gl_entry_no, value_entry_no',
  value_entry_gl_posting: 'value_entry_no',
};

describe('Post Inventory Cost to G/L with a second connection reading (PostgreSQL, W1)', () => {
  let adjusted: ScratchDatabase;
  const databases: ScratchDatabase[] = [];

  const open = (db: ScratchDatabase): Promise<INestApplicationContext> =>
    NestFactory.createApplicationContext(AppModule.forRoot({ config: testConfig(), databaseUrl: db.url, migrate: false }), { logger: false });

  /** Every row of the tables posting writes, as text, in key order. */
  async function written(db: ScratchDatabase): Promise<Record<string, { rows: number; md5: string }>> {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const out: Record<string, { rows: number; md5: string }> = {};
      for (const [table, key] of Object.entries(TABLES)) {
        const row = (
          await client.query<{ n: string; md5: string }>(
            `SELECT count(*) AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY ${key}), '')) AS md5 FROM ${table} t`,
          )
        ).rows[0];
        out[table] = { rows: Number(row.n), md5: row.md5 };
      }
      return out;
    } finally {
      await client.end();
    }
  }

  /**
   * Value entries whose actual cost is not wholly in their posting rows, and whose relation rows
   * do not sum to zero: none once a posting is through, whatever the chunks and the slices they
   * are planned in (a slice planned twice or not at all would show here).
   */
  async function unpostedActualCost(db: ScratchDatabase): Promise<{ entries: number; unbalanced: number }> {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const entries = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM value_entry v LEFT JOIN value_entry_gl_posting p ON p.value_entry_no = v.entry_no
          WHERE v.cost_amount_actual <> coalesce(p.cost_posted_to_gl, 0)`,
      );
      const unbalanced = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM (SELECT value_entry_no FROM gl_item_ledger_relation GROUP BY value_entry_no HAVING sum(amount) <> 0) u`,
      );
      return { entries: Number(entries.rows[0].n), unbalanced: Number(unbalanced.rows[0].n) };
    } finally {
      await client.end();
    }
  }

  async function postedBy(way: 'post' | 'postIn', method: PostingMethod) {
    const db = await createScratchDatabase(testServerUrl(), adjusted.name, 'costclose_test_posting_reader');
    databases.push(db);
    const app = await open(db);
    try {
      const service = app.get(InventoryCostPostingService);
      const options = { method, documentNo: method === 'PerPostingGroup' ? 'W1' : null, chunkSize: 10_000 };
      const result =
        way === 'post'
          ? await service.post('TESTER', options)
          : await inTransaction(app.get(MikroORM), async (sql) => service.postIn(sql, await loadCostingSetup(sql, 'TESTER'), options));
      return { result, written: await written(db), unposted: await unpostedActualCost(db) };
    } finally {
      await app.close();
    }
  }

  beforeAll(async () => {
    const source = await createW1TestDatabase(100_000, 11);
    databases.push(source);
    adjusted = await createScratchDatabase(testServerUrl(), source.name, 'costclose_test_posting_reader');
    databases.push(adjusted);
    const app = await open(adjusted);
    try {
      expect((await app.get(AdjustmentService).adjust('TESTER')).entriesWritten).toBeGreaterThan(10_000);
    } finally {
      await app.close();
    }
  }, 300_000);

  afterAll(async () => {
    for (const db of databases) await db.drop();
  });

  it.each(['PerPostingGroup', 'PerEntry'] as PostingMethod[])(
    '%s: the same rows either way',
    async (method) => {
      const twoConnections = await postedBy('post', method);
      const oneConnection = await postedBy('postIn', method);
      expect(twoConnections.result.valueEntriesPosted).toBeGreaterThan(100_000);
      expect(twoConnections.result).toEqual(oneConnection.result);
      expect(twoConnections.written.gl_item_ledger_relation.rows).toBeGreaterThanOrEqual(2 * twoConnections.result.valueEntriesPosted);
      expect(twoConnections.written).toEqual(oneConnection.written);
      // W1 keeps Expected Cost Posting to G/L off: receipts not invoiced yet are skipped, nothing else.
      expect(Object.keys(twoConnections.result.skippedByReason).filter((reason) => !reason.startsWith('expected cost is not posted'))).toEqual([]);
      expect(twoConnections.unposted).toEqual({ entries: 0, unbalanced: 0 });
      expect(oneConnection.unposted).toEqual({ entries: 0, unbalanced: 0 });
    },
    180_000,
  );
});
