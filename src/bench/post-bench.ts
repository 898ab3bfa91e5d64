/**
 * `npm run bench:post [-- --entries 1000000 --seed 1]`: Post Inventory Cost to G/L on workload W1
 * after adjustment, per posting group and per entry, each on its own copy of the adjusted
 * ledgers; compared with a floor measured in the same run: COPY in of the G/L rows (G/L entries
 * and G/L – item ledger relations) the posting wrote, in key order.
 */
import { Readable, Writable } from 'stream';
import { pipeline } from 'stream/promises';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { AdjustmentService } from '../adjustment/adjustment.service';
import { AppModule } from '../app.module';
import { loadAppConfig } from '../config/app-config';
import { InventoryCostPostingService, PostingMethod } from '../posting/inventory-cost-posting.service';
import { createScratchDatabase, ScratchDatabase } from '../scenario/scenario-database';
import { argValue, fmt, settleServer, timed, withClient } from './bench-support';
import { ensureW1, serverUrlForBench } from './w1-database';
import { limitHeapGrowth } from '../common/heap-growth';

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
sampler.unref();

async function open(url: string): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(AppModule.forRoot({ config: { ...loadAppConfig(), logLevel: 'error' }, databaseUrl: url, migrate: true }), {
    logger: false,
  });
}

async function main(): Promise<void> {
  const entries = argValue('entries', 1_000_000);
  const seed = argValue('seed', 1);
  const server = await serverUrlForBench();
  const name = await ensureW1(server.url, entries, seed);
  const adjusted = await createScratchDatabase(server.url, name, 'costclose_bench_post_adjusted');
  const copies: ScratchDatabase[] = [];
  try {
    const app = await open(adjusted.url);
    const adjustment = await timed(() => app.get(AdjustmentService).adjust('BENCH'));
    await app.close();
    await vacuum(adjusted.url);
    const lines = [
      `bench:post — W1: ${entries} item ledger entries, adjusted first (${fmt(adjustment.seconds)} s, ${adjustment.value.entriesWritten} adjustment entries)`,
    ];
    for (const method of ['PerPostingGroup', 'PerEntry'] as PostingMethod[]) {
      const copy = await createScratchDatabase(server.url, adjusted.name, 'costclose_bench_post');
      copies.push(copy);
      const posting = await open(copy.url);
      await settleServer(copy.url);
      peak = process.memoryUsage().rss;
      const run = await timed(() =>
        posting.get(InventoryCostPostingService).post('BENCH', { method, documentNo: method === 'PerPostingGroup' ? 'BENCH' : null }),
      );
      const runPeak = Math.round(peak / 1024 / 1024);
      await posting.close();
      await settleServer(copy.url);
      const floor = await copyFloor(copy.url);
      lines.push(
        `  ${method.padEnd(16)} ${fmt(run.seconds)} s   ${run.value.valueEntriesPosted} value entries → ${run.value.glEntries} G/L entries + ${floor.relations} relations   ${fmt(run.value.valueEntriesPosted / run.seconds, 0)} value entries/s`,
        `  ${''.padEnd(16)} floor (COPY in of ${floor.rows} G/L rows) ${fmt(floor.seconds)} s   ratio ${fmt(run.seconds / floor.seconds, 1)}×   peak RSS ${runPeak} MB${method === 'PerPostingGroup' ? '   (bar: ≤ 30 s)' : ''}`,
      );
      if (method === 'PerPostingGroup' && run.seconds > 30) process.exitCode = 1;
    }
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    for (const c of copies) await c.drop();
    await adjusted.drop();
    await server.stop();
  }
}

async function vacuum(url: string): Promise<void> {
  await withClient(url, (client) => client.query('VACUUM ANALYZE'));
}

/** COPY the G/L rows the posting wrote into empty tables of the same shape, in key order: the floor. */
async function copyFloor(url: string): Promise<{ seconds: number; rows: number; relations: number }> {
  return withClient(url, async (client) => {
    const text = async (sql: string) => {
      const parts: Buffer[] = [];
      await pipeline(client.query(copyTo(sql)), new Writable({ write: (c: Buffer, _e, done) => (parts.push(c), done()) }));
      return Buffer.concat(parts).toString();
    };
    // In key order, whatever order the posting wrote them in: the cheapest order to COPY into
    // tables with these keys, so the floor does not move when the posting's write order does.
    const gl = await text('COPY (SELECT * FROM gl_entry ORDER BY entry_no) TO STDOUT');
    const relations = await text('COPY (SELECT * FROM gl_item_ledger_relation ORDER BY gl_entry_no, value_entry_no) TO STDOUT');
    await client.query(
      'CREATE TEMP TABLE floor_gl_entry (LIKE gl_entry INCLUDING ALL); CREATE TEMP TABLE floor_relation (LIKE gl_item_ledger_relation INCLUDING ALL)',
    );
    const run = await timed(async () => {
      await pipeline(Readable.from([gl]), client.query(copyFrom('COPY floor_gl_entry FROM STDIN')));
      await pipeline(Readable.from([relations]), client.query(copyFrom('COPY floor_relation FROM STDIN')));
    });
    const count = (s: string) => (s.match(/\n/g) ?? []).length;
    return { seconds: run.seconds, rows: count(gl) + count(relations), relations: count(relations) };
  });
}

limitHeapGrowth();
main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
