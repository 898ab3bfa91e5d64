/**
 * `npm run bench:journal [-- --lines 100000 --batch 2000 --seed 1]`: posts journal lines through
 * ItemJournalService in batches (validation, locks, application, valuation, bulk writes — the
 * whole service path) and compares with the floor: COPY of as many ledger rows as the posting
 * wrote, measured in the same run on the same server.
 */
import { MikroORM } from '@mikro-orm/core';
import { inTransaction, withSession } from '../database/sql-session';
import { ItemJournalService } from '../item-journal/item-journal.service';
import type { JournalLineInput } from '../item-journal/journal-input';
import { defaultAccounts, defaultGeneralPostingSetup, defaultInventoryPostingSetup } from '../scenario/default-chart';
import { SetupResourceService } from '../setup/setup-resource.service';
import { resourceByPath } from '../setup/setup-resources';
import { argValue, fmt, openBenchDatabase, peakRssMb, seededRandom, timed } from './bench-support';
import { limitHeapGrowth } from '../common/heap-growth';

const METHODS = ['FIFO', 'FIFO', 'FIFO', 'Average', 'LIFO', 'Standard'] as const;
const LOCATIONS = ['EAST', 'WEST', 'MAIN'];

async function main(): Promise<void> {
  const totalLines = argValue('lines', 100_000);
  const batchSize = argValue('batch', 2_000);
  const items = argValue('items', 1_000);
  const random = seededRandom(argValue('seed', 1));
  const bench = await openBenchDatabase('costclose_bench_journal');
  try {
    // Posting refuses a location without Inventory Posting Setup (R98): the default chart for the three.
    const chart = [...defaultAccounts(), ...defaultGeneralPostingSetup([''], ['RETAIL']), ...defaultInventoryPostingSetup(['', ...LOCATIONS], ['RESALE'])];
    await bench.app.get(SetupResourceService).applyAll([
      ...LOCATIONS.map((code) => ({ spec: resourceByPath('locations'), body: { code } })),
      ...chart.map((c) => ({ spec: resourceByPath(c.resource), body: c.body })),
      ...Array.from({ length: items }, (_, i) => ({
        spec: resourceByPath('items'),
        body: {
          no: `I${String(i).padStart(5, '0')}`,
          costingMethod: METHODS[i % METHODS.length],
          standardCost: METHODS[i % METHODS.length] === 'Standard' ? '20' : '0',
        },
      })),
    ]);
    const stock = new Map<string, number>();
    const lines: JournalLineInput[] = [];
    for (let n = 0; n < totalLines; n++) {
      const itemNo = `I${String(Math.floor(random() * items)).padStart(5, '0')}`;
      const location = LOCATIONS[Math.floor(random() * 3)];
      const key = `${itemNo}/${location}`;
      const onHand = stock.get(key) ?? 0;
      const day = 1 + Math.floor((n / totalLines) * 360);
      const postingDate = new Date(Date.UTC(2025, 0, day)).toISOString().slice(0, 10);
      const r = random();
      if (onHand < 5 || r < 0.5) {
        const qty = 1 + Math.floor(random() * 20);
        lines.push({
          entryType: 'Purchase',
          itemNo,
          postingDate,
          quantity: String(qty),
          unitCost: (5 + random() * 45).toFixed(2),
          locationCode: location,
          invoice: random() > 0.2,
        });
        stock.set(key, onHand + qty);
      } else if (r < 0.93) {
        const qty = 1 + Math.floor(random() * Math.min(onHand, 10));
        lines.push({ entryType: 'Sale', itemNo, postingDate, quantity: String(qty), locationCode: location });
        stock.set(key, onHand - qty);
      } else {
        const to = LOCATIONS[(LOCATIONS.indexOf(location) + 1) % 3];
        const qty = 1 + Math.floor(random() * Math.min(onHand, 5));
        lines.push({ entryType: 'Transfer', itemNo, postingDate, quantity: String(qty), locationCode: location, newLocationCode: to });
        stock.set(key, onHand - qty);
        stock.set(`${itemNo}/${to}`, (stock.get(`${itemNo}/${to}`) ?? 0) + qty);
      }
    }

    const journal = bench.app.get(ItemJournalService);
    const orm = bench.app.get(MikroORM);
    const posting = await timed(async () => {
      for (let i = 0; i < lines.length; i += batchSize) await journal.post(lines.slice(i, i + batchSize), 'BENCH');
    });
    const counts = await withSession(orm, async (sql) => {
      const [row] = await sql.query<{ ile: string; ve: string; app: string }>(
        'SELECT (SELECT count(*) FROM item_ledger_entry) AS ile, (SELECT count(*) FROM value_entry) AS ve, (SELECT count(*) FROM item_application_entry) AS app',
      );
      return { ile: Number(row.ile), ve: Number(row.ve), app: Number(row.app) };
    });

    // The floor: COPY the same rows into empty copies of the ledger tables.
    const floor = await timed(() =>
      inTransaction(orm, async (sql) => {
        for (const table of ['item_ledger_entry', 'value_entry', 'item_application_entry']) {
          await sql.query(`CREATE TEMP TABLE floor_${table} (LIKE ${table} INCLUDING ALL) ON COMMIT DROP`);
          const rows = await sql.queryArrays(`SELECT * FROM ${table}`);
          const columns = (
            await sql.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`, [
              table,
            ])
          ).map((c) => c.column_name);
          await sql.copyIn(`floor_${table}`, columns, rows as never);
        }
      }),
    );

    const linesPerSecond = totalLines / posting.seconds;
    process.stdout.write(
      [
        `bench:journal — ${totalLines} journal lines in batches of ${batchSize}, ${items} items × ${LOCATIONS.length} locations`,
        `  rows written      ${counts.ile} item ledger, ${counts.ve} value, ${counts.app} application entries`,
        `  posting           ${fmt(posting.seconds)} s   ${fmt(linesPerSecond, 0)} lines/s   (bar: < 60 s)`,
        `  floor (COPY rows) ${fmt(floor.seconds)} s`,
        `  ratio to floor    ${fmt(posting.seconds / floor.seconds, 1)}×`,
        `  peak RSS          ${peakRssMb()} MB`,
      ].join('\n') + '\n',
    );
    if (posting.seconds >= 60) process.exitCode = 1;
  } finally {
    await bench.close();
  }
}

limitHeapGrowth();
main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
