import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as fsp from 'fs/promises';
import * as path from 'path';
import { ConflictError } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { writeAtomic, type WrittenFile } from '../common/files/atomic-write';

export type { WrittenFile };

/** A stored file's name: one path segment, no hidden files (temporary files start with a dot). */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The directory period-close packages live in (COSTCLOSE_PACKAGE_DIR). The only code that writes
 * there. Writes are atomic: the content goes to a hidden temporary file that is flushed to disk
 * and then renamed over the name, so a reader (the download endpoint, an auditor's copy job) sees
 * the old file or the new one, never half of one, even if the process is killed mid-write.
 */
@Injectable()
export class FileStore {
  readonly root: string;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'packageDir'>) {
    this.root = config.packageDir;
  }

  pathOf(name: string): string {
    if (!FILE_NAME.test(name)) throw new Error(`not a file name the store accepts: '${name}'`);
    return path.join(this.root, name);
  }

  /**
   * Writes `content` under `name`, returning its size and SHA-256. `beforeRename` runs once the
   * bytes are on disk and before they become visible: the caller records the checksum in its
   * transaction there, so a failure before the rename leaves the old file and the old record.
   *
   * With `replace: false` (package revisions, which never change) an existing file of the name is
   * never replaced: the temporary file is hard-linked to the name, which fails if the name exists.
   * An existing file with exactly the bytes written counts as written (a build that was cut off
   * after its file appeared and before its record committed, run again); a different one is refused.
   */
  async writeAtomic(
    name: string,
    content: Buffer | NodeJS.ReadableStream,
    beforeRename?: (written: WrittenFile) => Promise<void>,
    options: { replace?: boolean } = {},
  ): Promise<WrittenFile & { path: string }> {
    this.pathOf(name);
    const publish = options.replace === false ? (temp: string, written: WrittenFile) => this.linkNew(temp, name, written) : undefined;
    return writeAtomic(this.root, name, content, beforeRename, publish);
  }

  /** Gives the finished temporary file its name, unless the name holds other bytes already. */
  private async linkNew(temp: string, name: string, written: WrittenFile): Promise<void> {
    const target = this.pathOf(name);
    try {
      await fsp.link(temp, target);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw e;
      // A file system without hard links: check, then rename (the build lock keeps other builders out).
      if (code !== 'EEXIST' && !(await this.exists(name))) {
        await fsp.rename(temp, target);
        return;
      }
    }
    const existing = await this.sha256Of(name);
    if (existing !== written.sha256) {
      throw new ConflictError(
        `The package store already holds a different file named ${name}; a package file is never replaced (move that file aside if no package record names it)`,
        [{ field: 'fileName', message: 'exists with other content' }],
      );
    }
  }

  async sha256Of(name: string): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of this.openRead(name) as AsyncIterable<Buffer>) hash.update(chunk);
    return hash.digest('hex');
  }

  openRead(name: string): fs.ReadStream {
    return fs.createReadStream(this.pathOf(name));
  }

  async exists(name: string): Promise<boolean> {
    try {
      return (await fsp.stat(this.pathOf(name))).isFile();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  }

  async size(name: string): Promise<number> {
    return (await fsp.stat(this.pathOf(name))).size;
  }

  /**
   * A scratch directory for building a file before it is stored, on the same disk as the store
   * (a year's ledger extracts can be hundreds of megabytes; /tmp may be memory). Hidden, so it is
   * never taken for a package; remove it with removeWorkDir.
   */
  async createWorkDir(): Promise<string> {
    const parent = path.join(this.root, '.work');
    await fsp.mkdir(parent, { recursive: true });
    return fsp.mkdtemp(path.join(parent, `${process.pid}-`));
  }

  async removeWorkDir(dir: string): Promise<void> {
    if (path.dirname(dir) !== path.join(this.root, '.work')) throw new Error(`not a work directory of the store: ${dir}`);
    await fsp.rm(dir, { recursive: true, force: true });
  }
}
