/**
 * `npm run bench [-- --entries 1000000 --seed 1]`: journal, adjust, post, report and close, each
 * in a process of its own (as `npm run bench:*` runs them), then one table: figure, value, floor,
 * ratio, bar and whether it holds. The table is printed and written to bench-results/latest.md
 * with the date and the machine. Each benchmark's own summary lines are printed as they come, so
 * figures stay comparable with earlier runs of the single scripts.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { argValue } from './bench-support';
import { BenchFigure, figuresOf, markdownTable } from './bench-table';

const BENCHES = ['journal', 'adjust', 'post', 'report', 'close'] as const;

function run(bench: (typeof BENCHES)[number], entries: number, seed: number): string {
  const args =
    bench === 'journal' ? ['--lines', String(Math.min(entries, 100_000)), '--seed', String(seed)] : ['--entries', String(entries), '--seed', String(seed)];
  process.stdout.write(`\n$ node dist/src/bench/${bench}-bench.js ${args.join(' ')}\n`);
  const child = spawnSync(process.execPath, [path.join(__dirname, `${bench}-bench.js`), ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.stdout.write(child.stdout);
  if (child.status !== 0 && child.status !== 1) process.stdout.write(`(${bench} ended with exit code ${child.status})\n`);
  return child.stdout;
}

function main(): void {
  const entries = argValue('entries', 1_000_000);
  const seed = argValue('seed', 1);
  const figures: BenchFigure[] = [];
  for (const bench of BENCHES) figures.push(...figuresOf(bench, run(bench, entries, seed)));
  const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 1024 ** 3)} GB, Node ${process.version}`;
  const heading = `npm run bench — W1 at ${entries.toLocaleString('en')} entries, seed ${seed}, ${new Date().toISOString().slice(0, 10)}, ${machine}`;
  const table = markdownTable(figures);
  process.stdout.write(`\n${heading}\n\n${table}\n`);
  const dir = path.resolve('bench-results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'latest.md'), `${heading}\n\n${table}\n`);
  if (figures.some((f) => f.holds === false)) process.exitCode = 1;
}

main();
