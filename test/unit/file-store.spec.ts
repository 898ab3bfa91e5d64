import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { FileStore } from '../../src/period-package/file-store';

describe('FileStore', () => {
  const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'costclose-store-')), 'packages');
  const store = new FileStore({ packageDir: root });
  afterAll(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));

  it('writes under the name, creating the directory, and reports size and SHA-256', async () => {
    const bytes = Buffer.from('first version');
    const written = await store.writeAtomic('a.zip', Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]));
    expect(written).toEqual({ path: path.join(root, 'a.zip'), size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(fs.readFileSync(written.path)).toEqual(bytes);
    expect([await store.exists('a.zip'), await store.size('a.zip'), await store.exists('b.zip')]).toEqual([true, bytes.length, false]);
  });

  it('leaves the old file in place, and no temporary file, when the write fails before the rename', async () => {
    await expect(store.writeAtomic('a.zip', Buffer.from('second version'), async () => Promise.reject(new Error('record refused')))).rejects.toThrow(
      'record refused',
    );
    expect(fs.readFileSync(path.join(root, 'a.zip'), 'utf8')).toBe('first version');
    const failing = new Readable({
      read() {
        this.destroy(new Error('source broke'));
      },
    });
    await expect(store.writeAtomic('a.zip', failing)).rejects.toThrow('source broke');
    expect(fs.readdirSync(root)).toEqual(['a.zip']);
    let seen = '';
    await store.writeAtomic('a.zip', Buffer.from('third'), async (w) => {
      seen = fs.readFileSync(path.join(root, 'a.zip'), 'utf8'); // still the old file while the caller records the new one
      expect(w.size).toBe(5);
    });
    expect([seen, fs.readFileSync(path.join(root, 'a.zip'), 'utf8')]).toEqual(['first version', 'third']);
  });

  it('accepts plain file names only', () => {
    for (const name of ['../a.zip', 'sub/a.zip', '.hidden', '', 'a b.zip']) expect(() => store.pathOf(name)).toThrow(/not a file name the store accepts/);
  });

  it('gives scratch directories under .work and removes only those', async () => {
    const work = await store.createWorkDir();
    expect(path.dirname(work)).toBe(path.join(root, '.work'));
    fs.writeFileSync(path.join(work, 'x.csv'), 'x');
    await store.removeWorkDir(work);
    expect(fs.existsSync(work)).toBe(false);
    await expect(store.removeWorkDir(root)).rejects.toThrow(/not a work directory/);
  });
});
