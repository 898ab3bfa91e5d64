/**
 * A build killed between writing and renaming leaves its hidden temporary file behind
 * (`.<name>.<pid>.<random>.tmp`, see FileStore.writeAtomic). A start sweeps them (issue 15,
 * item 12) from the package store and the run output folders — only those untouched for a
 * while, so that a build another instance is writing right now keeps its file.
 */
import * as fsp from 'fs/promises';
import * as path from 'path';

const TEMPORARY = /^\..+\.\d+\.[0-9a-f]{12}\.tmp$/;
export const STALE_AFTER_MS = 15 * 60_000;

export async function sweepStaleTemporaryFiles(roots: readonly string[], now: Date = new Date(), depth = 2): Promise<number> {
  let removed = 0;
  for (const root of roots) removed += await sweep(root, now.getTime() - STALE_AFTER_MS, depth);
  return removed;
}

async function sweep(dir: string, staleBefore: number, depth: number): Promise<number> {
  const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
  let removed = 0;
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && depth > 1) removed += await sweep(full, staleBefore, depth - 1);
    else if (entry.isFile() && TEMPORARY.test(entry.name)) {
      const stat = await fsp.stat(full).catch(() => null);
      if (stat && stat.mtimeMs < staleBefore) {
        await fsp.rm(full, { force: true });
        removed++;
      }
    }
  }
  return removed;
}
