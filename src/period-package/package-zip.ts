import type { Readable } from 'stream';
import * as yazl from 'yazl';
import type { IsoDate } from '../common/dates';
import type { FileStore, WrittenFile } from './file-store';
import { MANIFEST_NAME } from './manifest';

/** A file of the package: bytes in memory (reports) or a file on disk (ledger extracts). */
export type PackageZipEntry = { name: string; content: Buffer } | { name: string; path: string };

/** Regular file, rw-r--r--: fixed, so that the umask of the machine does not reach the bytes. */
const ENTRY_MODE = 0o100644;

/**
 * Writes the zip into the store: manifest.json first (a reader can check it before the rest),
 * then the entries in the order given. Deterministic: every entry carries the same timestamp, the
 * period's ending date at 00:00, in the DOS format only; that format has no time zone, so the
 * date is given as local midnight and reads back as the ending date on every machine (the Info-ZIP
 * UTC field would depend on the builder's zone). Deflate at a fixed level.
 */
export async function writePackageZip(
  store: FileStore,
  fileName: string,
  manifest: Buffer,
  entries: PackageZipEntry[],
  endingDate: IsoDate,
  beforeRename: (written: WrittenFile) => Promise<void>,
  storeOptions: { replace?: boolean } = {},
): Promise<WrittenFile & { path: string }> {
  const [y, m, d] = endingDate.split('-').map(Number);
  const options = { mtime: new Date(y, m - 1, d), mode: ENTRY_MODE, compress: true, compressionLevel: 6, forceDosTimestamp: true };
  const zip = new yazl.ZipFile();
  zip.addBuffer(manifest, MANIFEST_NAME, options);
  for (const entry of entries) {
    if ('content' in entry) zip.addBuffer(entry.content, entry.name, options);
    else zip.addFile(entry.path, entry.name, options);
  }
  // yazl reports a file it cannot read on the ZipFile; end the output with that error, or the store would wait for bytes forever.
  zip.on('error', (e: Error) => (zip.outputStream as Readable).destroy(e));
  zip.end();
  return store.writeAtomic(fileName, zip.outputStream, beforeRename, storeOptions);
}
