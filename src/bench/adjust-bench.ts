/**
 * `npm run bench:adjust [-- --entries 1000000 --seed 1]`: Adjust Cost – Item Entries on workload
 * W1, measured against a floor taken in the same run:
 *   floor        COPY out of the ledger tables the adjustment reads + COPY in of as many value
 *                entries as it writes (moving the bytes, no costing at all);
 *   full         the adjustment of the whole year from scratch (every flag set);
 *   incremental  the adjustment after posting 1 % more entries through the item journal.
 * Prints seconds, rows/s, ratios and peak RSS. Generates W1 first (child process) if missing.
 * With `--workers 1,2` it compares the full adjustment in one process with N worker processes
 * instead (adjust-workers-bench.ts). `--depth N` sets how many batches are read ahead of the one
 * being costed (the service's PIPELINE_DEPTH otherwise), to compare.
 */
import { Readable, Writable } from 'stream';
import { pipeline } from 'stream/promises';
import { NestFactory } from '@nestjs/core';
import { MikroORM } from '@mikro-orm/core';
import * as pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { AdjustmentRepository } from '../adjustment/adjustment.repository';
import { AdjustmentService, AdjustSummary, batchSizeFor } from '../adjustment/adjustment.service';
import { AppModule } from '../app.module';
import { loadAppConfig } from '../config/app-config';
import { withSession } from '../database/sql-session';
import { ItemJournalService } from '../item-journal/item-journal.service';
import { createScratchDatabase } from '../scenario/scenario-database';
import { argText, argValue, fmt, settleServer, timed } from './bench-support';
import { benchAdjustOnWorkers } from './adjust-workers-bench';
import { postOnePercent } from './stragglers';
import { ensureW1, serverUrlForBench } from './w1-database';
import { limitHeapGrowth } from '../common/heap-growth';

const READ_TABLES = ['item_ledger_entry', 'value_entry', 'item_application_entry', 'avg_cost_adjmt_entry_point'];

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
sampler.unref();
const resetPeak = () => (peak = process.memoryUsage().rss);
const peakMb = () => Math.round(Math.max(peak, process.memoryUsage().rss) / 1024 / 1024);

async function main(): Promise<void> {
  const entries = argValue('entries', 1_000_000);
  const seed = argValue('seed', 1);
  // Items per batch: the service's own choice (batchSizeFor) unless given.
  const batch = argText('batch') === null ? undefined : argValue('batch', 250);
  // Batches read ahead (PIPELINE_DEPTH unless given), to compare.
  const pipelineDepth = argText('depth') === null ? undefined : argValue('depth', 2);
  const server = await serverUrlForBench();
  const name = await ensureW1(server.url, entries, seed);
  const workers = argText('workers');
  if (workers) {
    const counts = workers.split(',').map(Number);
    if (counts.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--workers takes whole numbers above 0, e.g. 1,2');
    const equal = await benchAdjustOnWorkers(server.url, name, `W1: ${entries} item ledger entries, seed ${seed}`, counts).finally(() => server.stop());
    if (!equal) process.exitCode = 1;
    return;
  }
  const db = await createScratchDatabase(server.url, name, 'costclose_bench_adjust');
  const config = { ...loadAppConfig(), logLevel: 'error' as const };
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, databaseUrl: db.url, migrate: true }), { logger: false });
  try {
    const orm = app.get(MikroORM);
    const adjustment = app.get(AdjustmentService);
    const rows = await withSession(
      orm,
      async (sql) =>
        (
          await sql.query<{ n: string }>(
            `SELECT (SELECT count(*) FROM item_ledger_entry) + (SELECT count(*) FROM value_entry) + (SELECT count(*) FROM item_application_entry) AS n`,
          )
        )[0].n,
    );

    const itemsPerBatch = batch ?? batchSizeFor(await withSession(orm, (sql) => app.get(AdjustmentRepository).entriesPerItem(sql)));

    // From scratch: every inbound entry marked and every entry point reset (R48), so the run
    // verifies every decrease of the year, not only those the postings flagged.
    const marked = await timed(() => adjustment.markForAdjustment(null));
    await settleServer(db.url);
    resetPeak();
    const full = await timed(() => adjustment.adjust('BENCH', { batchSize: batch, pipelineDepth }));
    const fullPeak = peakMb();
    await settleServer(db.url);
    const floor = await measureFloor(db.url, full.value.entriesWritten);

    if (process.env.BENCH_VACUUM) await withSession(orm, (sql) => sql.query('VACUUM ANALYZE item_ledger_entry, value_entry, item_application_entry'));
    resetPeak();
    const added = await postOnePercent(app.get(ItemJournalService), orm, Math.round(entries / 100), seed);
    const postingPeak = peakMb();
    // What the process holds when the incremental run starts (the full run and the journal posting
    // before it leave their heap behind), so that its own peak can be told apart.
    const rssBeforeIncremental = Math.round(process.memoryUsage().rss / 1024 / 1024);
    const heapBeforeIncremental = Math.round(process.memoryUsage().heapUsed / 1024 / 1024);
    await settleServer(db.url);
    resetPeak();
    const incremental = await timed(() => adjustment.adjust('BENCH', { batchSize: batch, pipelineDepth }));
    const againTimed = await timed(() => adjustment.adjust('BENCH', { batchSize: batch, pipelineDepth }));
    const again = againTimed.value;

    const line = (label: string, s: AdjustSummary, seconds: number) =>
      `  ${label.padEnd(18)}${fmt(seconds)} s   ${s.itemsWithWork} items, ${s.entriesWritten} entries written (${s.roundingEntries} rounding)   ${fmt(Number(rows) / seconds, 0)} ledger rows/s`;
    process.stdout.write(
      [
        `bench:adjust — W1: ${entries} item ledger entries (${rows} ledger rows), seed ${seed}, batches of ${itemsPerBatch} items`,
        `  marked            ${marked.value.entriesMarked} inbound entries and ${marked.value.entryPointsReset} entry points for adjustment (R48) in ${fmt(marked.seconds)} s`,
        `  floor             ${fmt(floor.total)} s   (COPY out ${fmt(floor.copyOut)} s of ${floor.rowsOut} rows, COPY in ${fmt(floor.copyIn)} s of ${full.value.entriesWritten} rows)`,
        line('full adjustment', full.value, full.seconds),
        `                    ${fmt(full.seconds / floor.total, 1)}× the floor   peak RSS ${fullPeak} MB   (bars: ≤ 60 s, ≤ 15× floor, ≤ 1536 MB)`,
        phaseLine(full.value),
        `  posted            ${added.lines} more journal lines (1 %) through the item journal in ${fmt(added.seconds)} s   peak RSS ${postingPeak} MB`,
        line('incremental', incremental.value, incremental.seconds),
        `                    ${fmt((incremental.seconds / full.seconds) * 100, 1)} % of the full run   peak RSS ${peakMb()} MB   (bar: ≤ 5 %)`,
        `                    at its start: RSS ${rssBeforeIncremental} MB, heap in use ${heapBeforeIncremental} MB`,
        `  nothing new       ${again.entriesWritten} entries written by a further run, in ${fmt(againTimed.seconds)} s (${fmt((againTimed.seconds / full.seconds) * 100, 1)} % of the full run)`,
      ].join('\n') + '\n',
    );
    const ok =
      full.seconds <= 60 && full.seconds <= 15 * floor.total && fullPeak <= 1536 && incremental.seconds <= 0.05 * full.seconds && again.entriesWritten === 0;
    if (!ok) process.exitCode = 1;
  } finally {
    await app.close();
    await db.drop();
    await server.stop();
  }
}

/** The floor: stream the tables out (and throw the bytes away), COPY the same number of rows in. */
async function measureFloor(url: string, rowsWritten: number): Promise<{ copyOut: number; copyIn: number; total: number; rowsOut: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let rowsOut = 0;
    const out = await timed(async () => {
      for (const table of READ_TABLES) {
        const sink = new Writable({
          write(chunk: Buffer, _enc, done) {
            for (const b of chunk) if (b === 10) rowsOut++;
            done();
          },
        });
        await pipeline(client.query(copyTo(`COPY ${table} TO STDOUT`)), sink);
      }
    });
    // The rows written by the adjustment itself, COPYed into an empty table of the same shape.
    await client.query('CREATE TEMP TABLE floor_value_entry (LIKE value_entry INCLUDING ALL)');
    const input = rowsWritten ? await copyText(client, `COPY (SELECT * FROM value_entry ORDER BY entry_no DESC LIMIT ${rowsWritten}) TO STDOUT`) : '';
    const copyIn = await timed(() => (input ? copyTextIn(client, 'COPY floor_value_entry FROM STDIN', input) : Promise.resolve()));
    return { copyOut: out.seconds, copyIn: copyIn.seconds, total: out.seconds + copyIn.seconds, rowsOut };
  } finally {
    await client.end();
  }
}

async function copyText(client: pg.Client, sql: string): Promise<string> {
  const parts: Buffer[] = [];
  await pipeline(
    client.query(copyTo(sql)),
    new Writable({
      write(chunk: Buffer, _e, done) {
        parts.push(chunk);
        done();
      },
    }),
  );
  return Buffer.concat(parts).toString();
}

async function copyTextIn(client: pg.Client, sql: string, text: string): Promise<void> {
  await pipeline(Readable.from([text]), client.query(copyFrom(sql)));
}

limitHeapGrowth();
main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});

/** Where the time of a run went (issue 12: measure first). */
function phaseLine(s: AdjustSummary): string {
  const p = s.phases;
  return `  phases            load ${fmt(p.load)} s, costing core ${fmt(p.costing)} s, write ${fmt(p.write)} s, G/L posting ${fmt(p.post)} s`;
}
