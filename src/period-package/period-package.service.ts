import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import * as fs from 'fs';
import * as path from 'path';
import type { IsoDate } from '../common/dates';
import { ConflictError, NotFoundError, ValidationError } from '../common/errors';
import { softwareVersion } from '../common/project-root';
import { SqlSession, withSession } from '../database/sql-session';
import { loadCostingSetup } from '../setup/costing-setup';
import { FileStore, WrittenFile } from './file-store';
import { LEDGER_EXTRACTS, writeLedgerExtract } from './ledger-extracts';
import {
  byName,
  canonicalJson,
  draftPackageFileName,
  MANIFEST_FORMAT_VERSION,
  MANIFEST_NAME,
  ManifestFile,
  ManifestSupersedes,
  PackageManifest,
  packageFileName,
  parseManifest,
  sha256Hex,
} from './manifest';
import { validateBuildInput } from './package-input';
import {
  chainLink,
  currentCloseEntryNo,
  insertRevision,
  laterPeriodsChainedElsewhere,
  previousRevision,
  reopensBetween,
  revisionOf,
  RevisionRow,
  revisionsOf,
  lockPackageBuilds,
  unlockPackageBuilds,
  packagePeriod,
} from './package-revisions.repository';
import { PackageZipEntry, writePackageZip } from './package-zip';
import { readZipEntry } from './zip-reader';

export interface PackageFileInput {
  /** Name inside the zip: letters, digits, '.', '_' and '-', e.g. `inventory-valuation.pdf`. */
  name: string;
  content: Buffer;
}

export interface BuildPackageInput {
  periodStartingDate: IsoDate;
  periodEndingDate: IsoDate;
  runId: string;
  createdAt: Date;
  /** The reports (PDF, CSV) and the reconciliation CSV of the close run. */
  files: PackageFileInput[];
  /**
   * A dry run's package: built the same way for a period that is not closed, marked draft in
   * its manifest and name, and not recorded — it is no auditor's record and no chain link.
   */
  draft?: boolean;
}

export interface BuiltPackage {
  fileName: string;
  path: string;
  sha256: string;
  size: number;
  manifestSha256: string;
  manifest: PackageManifest;
  /** 1 for the period's first package, 2, 3, … for the packages built after it was reopened and closed again. */
  revision: number;
  /**
   * True when the period's current revision already documents this close (a resumed run, or a
   * second run for a period closed before): nothing was written, the stored revision is returned.
   */
  reused: boolean;
  /**
   * Ending dates of later periods whose current package chains to another revision of this
   * period; they get a new revision chained to this one when they are closed again.
   */
  staleLaterPackages: IsoDate[];
}

export interface StoredPackage {
  endingDate: IsoDate;
  revision: number;
  fileName: string;
  sha256: string;
  manifestSha256: string;
  size: number;
  runId: string;
  createdAt: Date;
  /** The period's revision that replaced this one as its current package; null for the current one. */
  supersededBy: number | null;
}

/** One revision as the API lists it. */
export interface PackageRevisionView extends StoredPackage {
  startingDate: IsoDate;
  current: boolean;
  previous: { endingDate: IsoDate; revision: number | null; manifestSha256: string } | null;
  supersedes: ManifestSupersedes | null;
  /** The period was reopened after the close this (current) revision documents: its next close builds a new revision. */
  reopenedSince: boolean;
}

/** Serialises package builds: the chain link read and the row written must not interleave. */

/**
 * The auditor package of a closed inventory period: the close run's reports, the period's item
 * ledger, value and G/L entries as CSV, and manifest.json chaining it to the previous period's
 * package. The zip is deterministic (fixed entry order, fixed timestamps, canonical manifest),
 * so the same inputs always give the same bytes; only createdAt differs between two runs.
 */
@Injectable()
export class PeriodPackageService {
  constructor(
    private readonly orm: MikroORM,
    private readonly store: FileStore,
  ) {}

  async build(input: BuildPackageInput): Promise<BuiltPackage> {
    validateBuildInput(input, [MANIFEST_NAME, ...LEDGER_EXTRACTS.map((e) => e.fileName)]);
    const period = { startingDate: input.periodStartingDate, endingDate: input.periodEndingDate };
    return withSession(this.orm, async (sql) => {
      await lockPackageBuilds(sql);
      try {
        // One snapshot for the three extracts, taken after the lock so it sees the latest package rows.
        await sql.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
        try {
          const built = await this.buildLocked(sql, input, period);
          await sql.query('COMMIT');
          return built;
        } catch (e) {
          await sql.query('ROLLBACK').catch(() => undefined);
          throw e;
        }
      } finally {
        await unlockPackageBuilds(sql);
      }
    });
  }

  private async buildLocked(sql: SqlSession, input: BuildPackageInput, period: { startingDate: IsoDate; endingDate: IsoDate }): Promise<BuiltPackage> {
    if (input.draft) {
      // A draft is recorded nowhere and replaces the previous draft: it is nobody's record or chain link.
      const previous = await previousRevision(sql, period.endingDate);
      const zip = await this.writeZip(
        sql,
        input,
        period,
        draftPackageFileName(period.endingDate),
        { previous: previous && chainLink(previous), draft: true },
        async () => undefined,
        true,
      );
      return { ...zip, revision: 1, reused: false, staleLaterPackages: [] };
    }
    await checkPeriod(sql, period);
    const closeEntryNo = await currentCloseEntryNo(sql, period.endingDate);
    const current = await revisionOf(sql, period.endingDate);
    // A package never changes: the close it documents is still the period's close, so it stands.
    if (current && current.closeEntryNo === closeEntryNo) return this.reuse(sql, current);

    const previous = await previousRevision(sql, period.endingDate);
    if (previous?.reopenedSince) {
      throw new ConflictError(
        `The package of the period ending ${previous.endingDate} (${previous.fileName}) documents a close that was undone: that period was reopened since. ` +
          `Build its new revision first (close it again with a close run), then this period's package chains to it`,
        [{ field: 'periodEndingDate', message: `the previous period's package (ending ${previous.endingDate}) awaits a new revision` }],
      );
    }
    const revision = current ? current.revision + 1 : 1;
    const supersedes: ManifestSupersedes | null = current
      ? {
          revision: current.revision,
          packageFileName: current.fileName,
          manifestSha256: current.manifestSha256,
          zipSha256: current.zipSha256,
          reopens: await reopensBetween(sql, period.endingDate, current.closeEntryNo, closeEntryNo ?? 0),
        }
      : null;
    const fileName = packageFileName(period.endingDate, revision);
    const extra = { previous: previous && chainLink(previous), ...(supersedes ? { revision, supersedes } : {}) };
    // The row is written before the file gets its name: if either fails, neither exists. The file
    // name is new (never replaced): the revision number is taken under the build lock.
    const zip = await this.writeZip(
      sql,
      input,
      period,
      fileName,
      extra,
      (written, manifestSha256) =>
        insertRevision(sql, {
          endingDate: period.endingDate,
          revision,
          startingDate: period.startingDate,
          fileName,
          zipSha256: written.sha256,
          manifestSha256,
          size: written.size,
          runId: input.runId,
          createdAt: input.createdAt,
          previous,
          closeEntryNo,
          supersedes,
        }),
      false,
    );
    const stale = await laterPeriodsChainedElsewhere(sql, period.endingDate, zip.manifestSha256);
    return { ...zip, revision, reused: false, staleLaterPackages: stale };
  }

  /** Writes the zip: the run's files, the ledger extracts and manifest.json. */
  private async writeZip(
    sql: SqlSession,
    input: BuildPackageInput,
    period: { startingDate: IsoDate; endingDate: IsoDate },
    fileName: string,
    extra: Pick<PackageManifest, 'previous' | 'revision' | 'supersedes' | 'draft'>,
    record: (written: WrittenFile, manifestSha256: string) => Promise<void>,
    replace: boolean,
  ): Promise<Omit<BuiltPackage, 'revision' | 'reused' | 'staleLaterPackages'>> {
    const setup = await loadCostingSetup(sql, input.runId);
    const workDir = await this.store.createWorkDir();
    try {
      const entries: PackageZipEntry[] = input.files.map((f) => ({ name: f.name, content: f.content }));
      const listed: ManifestFile[] = input.files.map((f) => ({ name: f.name, size: f.content.length, sha256: sha256Hex(f.content) }));
      for (const extract of LEDGER_EXTRACTS) {
        const file = path.join(workDir, extract.fileName);
        const written = await writeLedgerExtract(sql, extract, period, file);
        entries.push({ name: extract.fileName, path: file });
        listed.push({ name: extract.fileName, size: written.size, sha256: written.sha256 });
      }
      const manifest: PackageManifest = {
        formatVersion: MANIFEST_FORMAT_VERSION,
        company: setup.companyName,
        period,
        runId: input.runId,
        createdAt: input.createdAt.toISOString(),
        softwareVersion: softwareVersion(),
        files: listed.sort(byName),
        ...extra,
      };
      const manifestBytes = Buffer.from(canonicalJson(manifest), 'utf8');
      const manifestSha256 = sha256Hex(manifestBytes);
      const zip = await writePackageZip(
        this.store,
        fileName,
        manifestBytes,
        entries.sort(byName),
        period.endingDate,
        (written) => record(written, manifestSha256),
        { replace },
      );
      return { fileName, path: zip.path, sha256: zip.sha256, size: zip.size, manifestSha256, manifest };
    } finally {
      await this.store.removeWorkDir(workDir);
    }
  }

  /** The stored revision, as it is: its file must be there, unchanged. */
  private async reuse(sql: SqlSession, row: RevisionRow): Promise<BuiltPackage> {
    const stored = await this.checkedFile(row);
    const bytes = await readZipEntry(this.store.pathOf(stored.fileName), MANIFEST_NAME);
    const manifest = bytes ? parseManifest(bytes).manifest : null;
    if (!bytes || !manifest || sha256Hex(bytes) !== row.manifestSha256) {
      throw new ConflictError(`The package file ${row.fileName} does not hold the manifest.json its record names: it was changed outside Costclose`);
    }
    const stale = await laterPeriodsChainedElsewhere(sql, row.endingDate, row.manifestSha256);
    return {
      fileName: row.fileName,
      path: this.store.pathOf(row.fileName),
      sha256: row.zipSha256,
      size: row.size,
      manifestSha256: row.manifestSha256,
      manifest,
      revision: row.revision,
      reused: true,
      staleLaterPackages: stale,
    };
  }

  /**
   * A stored revision of the period: the current one, or the one asked for. NotFoundError when
   * there is none (or its file is gone).
   */
  async find(endingDate: IsoDate, revision: number | null = null): Promise<StoredPackage> {
    const row = await withSession(this.orm, (sql) => revisionOf(sql, endingDate, revision));
    if (!row) {
      throw new NotFoundError(
        revision === null
          ? `The inventory period ending ${endingDate} has no period-close package`
          : `The inventory period ending ${endingDate} has no package revision ${revision}`,
      );
    }
    return this.checkedFile(row);
  }

  /** Every revision of the period's package, oldest first (an empty list when it has none). */
  async list(endingDate: IsoDate): Promise<PackageRevisionView[]> {
    const rows = await withSession(this.orm, (sql) => revisionsOf(sql, endingDate));
    return rows.map((r) => ({
      ...stored(r),
      startingDate: r.startingDate,
      current: r.supersededBy === null,
      previous:
        r.previousEndingDate && r.previousManifestSha256
          ? { endingDate: r.previousEndingDate, revision: r.previousRevision, manifestSha256: r.previousManifestSha256 }
          : null,
      supersedes: r.supersedes,
      reopenedSince: r.reopenedSince,
    }));
  }

  private async checkedFile(row: RevisionRow): Promise<StoredPackage> {
    if (!(await this.store.exists(row.fileName))) {
      throw new NotFoundError(
        `The package of the period ending ${row.endingDate} (${row.fileName}) is recorded but its file is missing from the package store`,
      );
    }
    const size = await this.store.size(row.fileName);
    // The row and the file are written together; a size that differs means the file was replaced behind our back.
    if (size !== row.size)
      throw new ConflictError(`The package file ${row.fileName} is ${size} bytes, its record says ${row.size}: it was changed outside Costclose`);
    return stored(row);
  }

  openRead(stored: StoredPackage): fs.ReadStream {
    return this.store.openRead(stored.fileName);
  }

  filePath(stored: StoredPackage): string {
    return this.store.pathOf(stored.fileName);
  }
}

function stored(r: RevisionRow): StoredPackage {
  return {
    endingDate: r.endingDate,
    revision: r.revision,
    fileName: r.fileName,
    sha256: r.zipSha256,
    manifestSha256: r.manifestSha256,
    size: r.size,
    runId: r.runId,
    createdAt: r.createdAt,
    supersededBy: r.supersededBy,
  };
}

/** Packages are built for closed periods, for the days the period covers. */
async function checkPeriod(sql: SqlSession, period: { startingDate: IsoDate; endingDate: IsoDate }): Promise<void> {
  const row = await packagePeriod(sql, period.endingDate);
  if (!row)
    throw new NotFoundError(`There is no inventory period ending ${period.endingDate}`, [{ field: 'periodEndingDate', message: 'no such inventory period' }]);
  if (!row.closed)
    throw new ConflictError(`The inventory period ending ${period.endingDate} is not closed: packages are built for closed periods`, [
      { field: 'periodEndingDate', message: 'period not closed' },
    ]);
  if (row.startingDate && row.startingDate !== period.startingDate) {
    throw ValidationError.at(
      undefined,
      'periodStartingDate',
      `is ${period.startingDate}, but the inventory period ending ${period.endingDate} starts on ${row.startingDate}`,
    );
  }
}
