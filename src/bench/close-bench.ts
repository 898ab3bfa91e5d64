/**
 * `npm run bench:close [-- --entries 1000000 --seed 1]`: the close of W1's last month (December
 * 2025) end to end through the close pipeline — adjust (the month's stragglers), post to G/L,
 * reconcile, close, all five reports in one language, the package, and the e-mail delivered to an
 * SMTP server on 127.0.0.1 (the smtp-server package; nothing leaves the machine).
 *
 * Before the run, the ledgers are brought to where a month end finds them: the year adjusted and
 * posted to G/L, January to November closed, and the month's stragglers (1 % more entries on its
 * last day: sales, purchases, late invoices, charges, returns, transfers) posted. The floor, measured in the same run:
 * COPY out of the month's item ledger and value entries, plus COPY in of what the close wrote
 * (value entries, G/L entries and their relations). With `--workers N`, N `costclose worker`
 * processes are started before the run and take its adjustment batches and report files (issue 13).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable, Writable } from 'stream';
import { pipeline } from 'stream/promises';
import { NestFactory } from '@nestjs/core';
import { MikroORM } from '@mikro-orm/core';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'net';
import { AdjustmentService } from '../adjustment/adjustment.service';
import { AppModule } from '../app.module';
import { loadAppConfig } from '../config/app-config';
import { EmailDeliveryService } from '../email/email-delivery.service';
import { ItemJournalService } from '../item-journal/item-journal.service';
import type { PostingInput } from '../item-journal/journal-input';
import { withSession } from '../database/sql-session';
import { CloseRunsService } from '../pipeline/close-runs.service';
import { InventoryPeriodsService } from '../period-close/inventory-periods.service';
import { PipelineRunner } from '../pipeline/pipeline-runner';
import { InventoryCostPostingService } from '../posting/inventory-cost-posting.service';
import { REPORT_NAMES } from '../reports/report-catalog';
import { createScratchDatabase } from '../scenario/scenario-database';
import { argValue, fmt, peakRssMb, settleServer, timed, withClient } from './bench-support';
import { postOnePercent } from './stragglers';
import { ensureW1, serverUrlForBench } from './w1-database';
import { startWorker } from './worker-process';
import { limitHeapGrowth } from '../common/heap-growth';

const MONTH = { label: '2025-12', start: '2025-12-01', end: '2025-12-31' };
const BAR = 4;

async function main(): Promise<void> {
  const entries = argValue('entries', 1_000_000);
  const seed = argValue('seed', 1);
  const workerCount = argValue('workers', 0);
  const server = await serverUrlForBench();
  const name = await ensureW1(server.url, entries, seed);
  const db = await createScratchDatabase(server.url, name, 'costclose_bench_close');
  const sink = await startSink();
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'costclose-bench-close-'));
  try {
    const base = loadAppConfig();
    const config = {
      ...base,
      logLevel: 'error' as const,
      packageDir: path.join(outDir, 'packages'),
      mail: { ...base.mail, host: '127.0.0.1', port: sink.port, security: 'none' as const, user: null, password: null, outboxIntervalSeconds: 0 },
      close: { ...base.close, outDir: path.join(outDir, 'runs'), runSchedules: false, demo: 'off' as const, pauseAt: null },
    };
    const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, databaseUrl: db.url, migrate: true }), { logger: false });
    try {
      const prepared = await timed(async () => {
        // W1 leaves some negative inventory, and a period with open outbound entries cannot be
        // closed (R115): stock counted in at the year's end fills it, as a year-end count would.
        await coverNegativeInventory(app.get(ItemJournalService), app.get(MikroORM), '2025-12-31');
        await app.get(AdjustmentService).adjust('BENCH');
        await app.get(InventoryCostPostingService).post('BENCH', { method: 'PerPostingGroup', documentNo: 'BENCH' });
        // Periods close in order: January to November are closed, as a year's earlier month ends did.
        const periods = app.get(InventoryPeriodsService);
        for (let month = 1; month <= 11; month++) {
          const endingDate = new Date(Date.UTC(2025, month, 0)).toISOString().slice(0, 10);
          await periods.ensure(endingDate, endingDate.slice(0, 7), 'BENCH');
          await periods.close(endingDate, 'BENCH');
        }
        // Then the month's stragglers: 1 % more entries on its last day, posted but not yet adjusted.
        await postOnePercent(app.get(ItemJournalService), app.get(MikroORM), Math.max(10, Math.round(entries / 100)), seed);
      });
      await vacuum(db.url);
      const before = await lastNumbers(db.url);
      await settleServer(db.url);

      const workers = await Promise.all(Array.from({ length: workerCount }, () => startWorker(db.url, { heartbeatSeconds: 1 })));
      const runs = app.get(CloseRunsService);
      const created = await runs.create({ period: MONTH.label, reports: [...REPORT_NAMES], locale: 'en', recipients: ['finance@bench.example'] }, 'BENCH');
      const stepSeconds = new Map<string, number>();
      const run = await timed(() =>
        app.get(PipelineRunner).execute(created.id, (e) => {
          if (e.kind === 'step-finished') stepSeconds.set(e.step, e.seconds);
        }),
      );
      // The e-mail step queues; the outbox sends (this process's worker may already be at it).
      const delivered = await timed(() => deliveredAll(app.get(EmailDeliveryService), created.id));
      const total = run.seconds + delivered.seconds;
      await Promise.all(workers.map((w) => w.stop()));
      const peak = peakRssMb();
      await settleServer(db.url);
      const floor = await copyFloor(db.url, before);

      const lines = [
        `bench:close — W1: ${entries} item ledger entries, seed ${seed}: close of ${MONTH.label}, all ${REPORT_NAMES.length} reports (en), package, e-mail${workerCount ? `; ${workerCount} job worker process${workerCount === 1 ? '' : 'es'}` : ''}`,
        `  prepared          ${fmt(prepared.seconds)} s   the year adjusted and posted to G/L, January to November closed, then 1 % more entries on ${MONTH.end} (not timed below)`,
        `  run               ${run.value.status}${run.value.error ? ` (${run.value.error})` : ''}`,
        ...run.value.steps.map((s) => `  ${s.step.padEnd(18)}${fmt(stepSeconds.get(s.step) ?? 0)} s   ${s.status}`),
        `  e-mail delivered  ${fmt(delivered.seconds)} s   ${sink.messages()} message(s), ${sink.bytes()} bytes to the SMTP sink (${delivered.value})`,
        `  floor             ${fmt(floor.total)} s   (COPY out ${fmt(floor.copyOut)} s of the month's ${floor.rowsOut} ledger rows, COPY in ${fmt(floor.copyIn)} s of the ${floor.rowsIn} rows the close wrote)`,
        `  month close       ${fmt(total)} s   ${fmt(total / floor.total, 1)}× the floor   peak RSS ${peak} MB   (bar: ≤ ${BAR}× floor)`,
      ];
      process.stdout.write(lines.join('\n') + '\n');
      if (run.value.status !== 'succeeded' || total > BAR * floor.total) process.exitCode = 1;
    } finally {
      await app.close();
    }
  } finally {
    await sink.close();
    await db.drop();
    await server.stop();
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

/** Sends what is due until every delivery of the run is sent or has failed; their states. */
async function deliveredAll(deliveries: EmailDeliveryService, runId: string): Promise<string> {
  for (;;) {
    await deliveries.deliverDue();
    const rows = await deliveries.list(runId);
    if (rows.every((d) => d.status !== 'pending')) return rows.map((d) => d.status).join(', ') || 'nothing queued';
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A positive adjustment per item, location and variant for what its open outbound entries still lack. */
async function coverNegativeInventory(journal: ItemJournalService, orm: MikroORM, date: string): Promise<void> {
  const open = await withSession(orm, (sql) =>
    sql.query<{ item_no: string; location_code: string; variant_code: string; qty: string }>(
      `SELECT item_no, location_code, variant_code, (-sum(remaining_quantity))::text AS qty
         FROM item_ledger_entry WHERE open AND NOT positive GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    ),
  );
  const lines: PostingInput[] = open.map((o) => ({
    entryType: 'PositiveAdjmt',
    itemNo: o.item_no,
    locationCode: o.location_code,
    variantCode: o.variant_code,
    postingDate: date,
    quantity: o.qty,
    unitCost: '10',
  }));
  for (let i = 0; i < lines.length; i += 2000) await journal.post(lines.slice(i, i + 2000), 'BENCH', { workDate: date });
}

interface Sink {
  port: number;
  messages(): number;
  bytes(): number;
  close(): Promise<void>;
}

/** An SMTP server on 127.0.0.1 that accepts every message and counts it. */
async function startSink(): Promise<Sink> {
  let messages = 0;
  let bytes = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
      stream.on('end', () => {
        messages++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, messages: () => messages, bytes: () => bytes, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function vacuum(url: string): Promise<void> {
  await withClient(url, (c) => c.query('VACUUM ANALYZE'));
}

interface LastNumbers {
  valueEntry: number;
  glEntry: number;
}

async function lastNumbers(url: string): Promise<LastNumbers> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ ve: number | null; gl: number | null }>(
      'SELECT (SELECT max(entry_no) FROM value_entry) AS ve, (SELECT max(entry_no) FROM gl_entry) AS gl',
    );
    return { valueEntry: rows[0].ve ?? 0, glEntry: rows[0].gl ?? 0 };
  });
}

/** COPY out of the month's ledger rows, then COPY in of what the close wrote into empty copies of its tables. */
async function copyFloor(url: string, before: LastNumbers): Promise<{ copyOut: number; copyIn: number; total: number; rowsOut: number; rowsIn: number }> {
  return withClient(url, async (client) => {
    const text = async (sql: string) => {
      const parts: Buffer[] = [];
      await pipeline(client.query(copyTo(sql)), new Writable({ write: (c: Buffer, _e, done) => (parts.push(c), done()) }));
      return Buffer.concat(parts).toString();
    };
    const count = (s: string) => (s.match(/\n/g) ?? []).length;
    const out = await timed(async () => [
      await text(`COPY (SELECT * FROM item_ledger_entry WHERE posting_date BETWEEN '${MONTH.start}' AND '${MONTH.end}') TO STDOUT`),
      await text(`COPY (SELECT * FROM value_entry WHERE posting_date BETWEEN '${MONTH.start}' AND '${MONTH.end}') TO STDOUT`),
    ]);
    const written = {
      value_entry: await text(`COPY (SELECT * FROM value_entry WHERE entry_no > ${before.valueEntry}) TO STDOUT`),
      gl_entry: await text(`COPY (SELECT * FROM gl_entry WHERE entry_no > ${before.glEntry}) TO STDOUT`),
      gl_item_ledger_relation: await text(`COPY (SELECT * FROM gl_item_ledger_relation WHERE gl_entry_no > ${before.glEntry}) TO STDOUT`),
    };
    for (const table of Object.keys(written)) await client.query(`CREATE TEMP TABLE floor_${table} (LIKE ${table} INCLUDING ALL)`);
    const copyIn = await timed(async () => {
      for (const [table, rows] of Object.entries(written)) await pipeline(Readable.from([rows]), client.query(copyFrom(`COPY floor_${table} FROM STDIN`)));
    });
    const rowsIn = Object.values(written).reduce((n, rows) => n + count(rows), 0);
    return {
      copyOut: out.seconds,
      copyIn: copyIn.seconds,
      total: out.seconds + copyIn.seconds,
      rowsOut: out.value.reduce((n, rows) => n + count(rows), 0),
      rowsIn,
    };
  });
}

limitHeapGrowth();
main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
