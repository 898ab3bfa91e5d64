/** Reading and rewriting zips in tests, e.g. to tamper with a package the way an attacker would. */
import * as yauzl from 'yauzl';
import * as yazl from 'yazl';
import * as fs from 'fs';
import { pipeline } from 'stream/promises';

export interface ZipFileEntry {
  name: string;
  content: Buffer;
}

export async function readZip(file: string): Promise<ZipFileEntry[]> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  const entries: ZipFileEntry[] = [];
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of (await zip.openReadStreamPromise(entry)) as AsyncIterable<Buffer>) chunks.push(chunk);
    entries.push({ name: entry.fileName, content: Buffer.concat(chunks) });
  }
  return entries;
}

/** Writes a new, well-formed zip (correct CRCs and sizes) with the entries `edit` returns. */
export async function rewriteZip(source: string, target: string, edit: (entries: ZipFileEntry[]) => ZipFileEntry[]): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const e of edit(await readZip(source))) zip.addBuffer(e.content, e.name);
  zip.end();
  await pipeline(zip.outputStream, fs.createWriteStream(target));
}

export async function zipEntry(file: string, name: string): Promise<Buffer> {
  const entry = (await readZip(file)).find((e) => e.name === name);
  if (!entry) throw new Error(`${file} has no ${name}`);
  return entry.content;
}
