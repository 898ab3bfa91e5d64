/**
 * How far V8 lets the old generation grow past what its last full collection kept: 2.5× here,
 * where V8 picks up to 4× by itself when collections are quick. The adjustment holds two batches
 * of a year's ledgers at a time and drops each when it is written, so most of the old generation
 * is garbage from batches already done; at up to 4× a million-entry adjustment peaked anywhere
 * from 655 MB to 1,307 MB from one run to the next (issue 12's bar is 800 MB). At 2.5× it peaked at
 * 511–556 MB in three runs alternated with three at V8's default (731–770 MB), with the same
 * seconds and CPU time (35.5 s and 29.4 s against 36.1 s and 29.9 s on average); at 1.3–2× the
 * extra full collections cost 4–7 s of CPU.
 *
 * Every process of the product calls this first (the `costclose` command, so the service, its
 * workers and the CLI; the benchmarks, which measure those processes). V8 reads the factor at each
 * full collection, so setting it once at start-up is enough; worker threads share the flag.
 */
import * as v8 from 'v8';

export const HEAP_GROWING_PERCENT = 150;

export function limitHeapGrowth(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
