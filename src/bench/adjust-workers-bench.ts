/**
 * `bench:adjust -- --workers 1,2`: the full adjustment of W1 in this process (no workers), then
 * with N `costclose worker` processes for each N given, each on a fresh copy of the same
 * year; prints seconds, the speed-up over one process and whether the ledgers equal one
 * process's (ledger-fingerprint.ts). The database runs on the same machine and shares its cores.
 */
import { NestFactory } from '@nestjs/core';
import { AdjustmentService, AdjustSummary } from '../adjustment/adjustment.service';
import { AppModule } from '../app.module';
import { loadAppConfig } from '../config/app-config';
import { ledgerFingerprint } from '../ledgers/ledger-fingerprint';
import { createScratchDatabase } from '../scenario/scenario-database';
import { fmt, timed } from './bench-support';
import { startWorker } from './worker-process';

interface Lane {
  workers: number;
  seconds: number;
  summary: AdjustSummary;
  fingerprint: Record<string, string>;
}

export async function benchAdjustOnWorkers(serverUrl: string, w1: string, header: string, workerCounts: number[]): Promise<boolean> {
  const lanes: Lane[] = [];
  for (const workers of [0, ...workerCounts]) lanes.push(await lane(serverUrl, w1, workers));
  const [single] = lanes;
  const lines = [
    `bench:adjust --workers — ${header}; the database shares this machine's cores`,
    `  workers   seconds   speed-up   batches   entries written   ledgers equal to one process`,
    ...lanes.map(
      (l) =>
        `  ${String(l.workers || 'none').padEnd(8)}  ${fmt(l.seconds).padStart(7)}   ${fmt(single.seconds / l.seconds, 2).padStart(7)}×   ${String(l.workers ? l.summary.batches : '—').padStart(7)}   ${String(l.summary.entriesWritten).padStart(15)}   ${l === single ? '(the reference)' : JSON.stringify(l.fingerprint) === JSON.stringify(single.fingerprint) ? 'yes' : 'NO'}`,
    ),
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return lanes.every((l) => JSON.stringify(l.fingerprint) === JSON.stringify(single.fingerprint));
}

async function lane(serverUrl: string, w1: string, workers: number): Promise<Lane> {
  const db = await createScratchDatabase(serverUrl, w1, 'costclose_bench_workers');
  const base = { ...loadAppConfig(), logLevel: 'error' as const };
  const config = { ...base, workers: { ...base.workers, concurrency: 0, heartbeatSeconds: 1 } };
  const started = await Promise.all(Array.from({ length: workers }, () => startWorker(db.url, { heartbeatSeconds: 1 })));
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, databaseUrl: db.url, migrate: true }), { logger: false });
  try {
    const adjustment = app.get(AdjustmentService);
    await adjustment.markForAdjustment(null);
    const run = await timed(() => adjustment.adjust('BENCH'));
    return { workers, seconds: run.seconds, summary: run.value, fingerprint: await ledgerFingerprint(db.url) };
  } finally {
    await app.close();
    await Promise.all(started.map((w) => w.stop()));
    await db.drop();
  }
}
