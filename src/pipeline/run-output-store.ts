import * as fsp from 'fs/promises';
import * as path from 'path';
import { Inject, Injectable } from '@nestjs/common';
import { writeAtomic, type WrittenFile } from '../common/files/atomic-write';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { RunRecord } from './close-runs.store';

/**
 * The folders close runs write their reports and package copy to: <outDir>/<period label>/
 * (`-draft` for dry runs). The only code that writes there; every write is atomic, so a run killed
 * mid-write leaves the previous file (which its resumed attempt rewrites with the same bytes).
 */
@Injectable()
export class RunOutputStore {
  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'close'>) {}

  dirOf(run: Pick<RunRecord, 'dryRun' | 'period'>): string {
    return path.join(this.config.close.outDir, run.dryRun ? `${run.period.label}-draft` : run.period.label);
  }

  write(runDir: string, name: string, content: Buffer): Promise<WrittenFile & { path: string }> {
    if (path.basename(name) !== name || name.startsWith('.')) throw new Error(`not a run output file name: '${name}'`);
    return writeAtomic(runDir, name, content);
  }

  read(file: string): Promise<Buffer> {
    return fsp.readFile(file);
  }

  /** A copy of a file stored elsewhere (the package) beside the run's reports. */
  async copyIn(runDir: string, source: string): Promise<string> {
    const written = await writeAtomic(runDir, path.basename(source), await fsp.readFile(source));
    return written.path;
  }
}
