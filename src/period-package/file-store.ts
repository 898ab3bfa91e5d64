import { Inject, Injectable } from '@nestjs/common';
import * as fs from 'fs';
import * as fsp from 'fs/promises';
import * as path from 'path';
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
   */
  async writeAtomic(name: string, content: Buffer | NodeJS.ReadableStream, beforeRename?: (written: WrittenFile) => Promise<void>): Promise<WrittenFile & { path: string }> {
    this.pathOf(name);
    return writeAtomic(this.root, name, content, beforeRename);
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
