import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FileStore } from '../../src/period-package/file-store';

/** Package revisions never change (issue 15, item 11): the store writes them without replacing anything. */
describe('FileStore, writing without replacing', () => {
  const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'costclose-store-new-')), 'packages');
  const store = new FileStore({ packageDir: root });
  afterAll(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));

  it('writes a new name, counts the same bytes under it as written, and refuses other bytes, leaving the file and no temporary file', async () => {
    const first = await store.writeAtomic('r.zip', Buffer.from('revision one'), undefined, { replace: false });
    expect(fs.readFileSync(first.path, 'utf8')).toBe('revision one');
    // A build cut off after its file appeared and before its record committed, run again: the same bytes.
    await expect(store.writeAtomic('r.zip', Buffer.from('revision one'), undefined, { replace: false })).resolves.toEqual(first);
    await expect(store.writeAtomic('r.zip', Buffer.from('something else'), undefined, { replace: false })).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/already holds a different file named r\.zip; a package file is never replaced/),
    });
    expect(fs.readFileSync(first.path, 'utf8')).toBe('revision one');
    expect(fs.readdirSync(root)).toEqual(['r.zip']);
    expect(await store.sha256Of('r.zip')).toBe(first.sha256);
  });
});
