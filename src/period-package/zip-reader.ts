/**
 * Reading packages back (yauzl): every entry's size and SHA-256 in one streaming pass, and single
 * small entries (manifest.json) as bytes. yauzl reads the central directory, checks entry sizes
 * and file names, and never buffers whole entries; it does not check CRC-32, which is why the
 * verifier compares SHA-256 of what it actually inflated.
 */
import { createHash } from 'crypto';
import * as yauzl from 'yauzl';

export interface ZipEntryDigest {
  name: string;
  size: number;
  sha256: string | null;
  /** Why the entry could not be read (bad compressed data, size mismatch); null when it could. */
  error: string | null;
}

/** manifest.json is a few kilobytes; a bigger one is refused rather than read into memory. */
const MAX_KEPT_BYTES = 16 * 1024 * 1024;

/**
 * Digests every entry in archive order; the entries named in `keep` are also returned as bytes.
 * Throws when the file is not a readable zip at all.
 */
export async function digestZip(file: string, keep: readonly string[] = []): Promise<{ entries: ZipEntryDigest[]; kept: Map<string, Buffer> }> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: true });
  const entries: ZipEntryDigest[] = [];
  const kept = new Map<string, Buffer>();
  for await (const entry of zip.eachEntry()) {
    const name = entry.fileName;
    const wanted = keep.includes(name) && entry.uncompressedSize <= MAX_KEPT_BYTES;
    try {
      const stream = await zip.openReadStreamPromise(entry);
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        hash.update(chunk);
        size += chunk.length;
        if (wanted) chunks.push(chunk);
      }
      entries.push({ name, size, sha256: hash.digest('hex'), error: null });
      if (wanted) kept.set(name, Buffer.concat(chunks));
    } catch (e) {
      entries.push({ name, size: entry.uncompressedSize, sha256: null, error: (e as Error).message });
    }
  }
  return { entries, kept };
}

/** One entry's bytes, or null when the archive has no entry of that name. */
export async function readZipEntry(file: string, name: string): Promise<Buffer | null> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: true });
  for await (const entry of zip.eachEntry()) {
    if (entry.fileName !== name) continue;
    if (entry.uncompressedSize > MAX_KEPT_BYTES) throw new Error(`${name} is ${entry.uncompressedSize} bytes, more than a manifest can be`);
    const chunks: Buffer[] = [];
    for await (const chunk of (await zip.openReadStreamPromise(entry)) as AsyncIterable<Buffer>) chunks.push(chunk);
    return Buffer.concat(chunks); // leaving the loop closes the archive (autoClose)
  }
  return null;
}
