/**
 * `npm run bench:generate -- --entries 1000000 --seed 1`: writes workload W1 into the database
 * costclose_w1_<entries>_<seed> on the benchmark server (DATABASE_URL, or the embedded one).
 */
import { argValue, fmt, peakRssMb } from './bench-support';
import { buildW1, serverUrlForBench } from './w1-database';
import { limitHeapGrowth } from '../common/heap-growth';

async function main(): Promise<void> {
  const entries = argValue('entries', 1_000_000);
  const seed = argValue('seed', 1);
  const server = await serverUrlForBench();
  try {
    process.stdout.write(`bench:generate — W1, ${entries} item ledger entries, seed ${seed}\n`);
    const { name, stats, seconds } = await buildW1(server.url, entries, seed, (m) => process.stdout.write(`${m}\n`));
    process.stdout.write(
      [
        `  database          ${name}`,
        `  rows              ${stats.itemLedgerEntries} item ledger, ${stats.valueEntries} value, ${stats.applicationEntries} application entries (${stats.skipped} follow-ups dropped)`,
        `  time              ${fmt(seconds)} s, peak RSS ${peakRssMb()} MB`,
      ].join('\n') + '\n',
    );
  } finally {
    await server.stop();
  }
}

limitHeapGrowth();
main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
