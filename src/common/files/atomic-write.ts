import { createHash, randomBytes } from 'crypto';
import * as fsp from 'fs/promises';
import * as path from 'path';

export interface WrittenFile {
  size: number;
  sha256: string;
}

/**
 * Writes `content` to `dir/name` atomically: the bytes go to a hidden temporary file
 * (`.<name>.<pid>.<random>.tmp`, which a start sweeps if a killed process left it) that is flushed
 * to disk and then renamed over the name, and the directory entry is flushed too. A reader sees the
 * old file or the new one, never half of one. `beforeRename` runs once the bytes are on disk and
 * before they become visible (a caller records the checksum in its transaction there).
 * `publish` replaces the final rename (a store that never replaces a file links it instead).
 */
export async function writeAtomic(
  dir: string,
  name: string,
  content: Buffer | NodeJS.ReadableStream,
  beforeRename?: (written: WrittenFile) => Promise<void>,
  publish?: (temp: string, written: WrittenFile) => Promise<void>,
): Promise<WrittenFile & { path: string }> {
  const target = path.join(dir, name);
  await fsp.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const hash = createHash('sha256');
  let size = 0;
  try {
    // Opened here rather than lazily by a write stream, so that the cleanup below never runs
    // before the file is created and a failed write leaves no temporary file behind.
    const handle = await fsp.open(temp, 'wx');
    try {
      for await (const piece of Buffer.isBuffer(content) ? [content] : (content as AsyncIterable<Buffer | string>)) {
        const chunk = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
        hash.update(chunk);
        size += chunk.length;
        await handle.write(chunk);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    const written = { size, sha256: hash.digest('hex') };
    await beforeRename?.(written);
    if (publish) await publish(temp, written);
    else await fsp.rename(temp, target);
    await syncDirectory(dir);
    return { path: target, ...written };
  } finally {
    await fsp.rm(temp, { force: true });
  }
}

/** The rename is durable only once the directory entry is flushed too. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
