import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import * as fs from 'fs';
import * as path from 'path';
import type { IsoDate } from '../common/dates';
import { ConflictError, NotFoundError, ValidationError } from '../common/errors';
import { softwareVersion } from '../common/project-root';
import { SqlSession, withSession } from '../database/sql-session';
import { loadCostingSetup } from '../setup/costing-setup';
import { FileStore } from './file-store';
import { LEDGER_EXTRACTS, writeLedgerExtract } from './ledger-extracts';
import { byName, canonicalJson, draftPackageFileName, MANIFEST_FORMAT_VERSION, MANIFEST_NAME, ManifestFile, ManifestPrevious, PackageManifest, packageFileName, sha256Hex } from './manifest';
import { validateBuildInput } from './package-input';
import { PackageZipEntry, writePackageZip } from './package-zip';

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
  /** Ending dates of later periods' packages whose chain link no longer matches (rebuild them). */
  staleLaterPackages: IsoDate[];
}

export interface StoredPackage {
  endingDate: IsoDate;
  fileName: string;
  sha256: string;
  manifestSha256: string;
  size: number;
  runId: string;
  createdAt: Date;
}

/** Serialises package builds: the chain link read and the row written must not interleave. */
const BUILD_LOCK_SQL = "hashtextextended('costclose:period-package', 0)";

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
      await sql.query(`SELECT pg_advisory_lock(${BUILD_LOCK_SQL})`);
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
        await sql.query(`SELECT pg_advisory_unlock(${BUILD_LOCK_SQL})`);
      }
    });
  }

  private async buildLocked(sql: SqlSession, input: BuildPackageInput, period: { startingDate: IsoDate; endingDate: IsoDate }): Promise<BuiltPackage> {
    if (!input.draft) await checkPeriod(sql, period);
    const setup = await loadCostingSetup(sql, input.runId);
    const previous = await previousLink(sql, period.endingDate);
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
        previous,
        ...(input.draft ? { draft: true } : {}),
      };
      const manifestBytes = Buffer.from(canonicalJson(manifest), 'utf8');
      const fileName = input.draft ? draftPackageFileName(period.endingDate) : packageFileName(period.endingDate);
      const manifestSha256 = sha256Hex(manifestBytes);
      // The row is written before the file replaces the old one: if either fails, neither changes.
      // A draft is not recorded: it is nobody's chain link.
      const record = (written: { sha256: string; size: number }) =>
        input.draft ? Promise.resolve() : recordPackage(sql, input, period, fileName, written, manifestSha256, previous);
      const zip = await writePackageZip(this.store, fileName, manifestBytes, entries.sort(byName), period.endingDate, record);
      const stale = input.draft
        ? []
        : await sql.query<{ ending_date: IsoDate }>('SELECT ending_date FROM period_package WHERE previous_ending_date = $1 AND previous_manifest_sha256 <> $2 ORDER BY ending_date', [
            period.endingDate,
            manifestSha256,
          ]);
      return { fileName, path: zip.path, sha256: zip.sha256, size: zip.size, manifestSha256, manifest, staleLaterPackages: stale.map((r) => r.ending_date) };
    } finally {
      await this.store.removeWorkDir(workDir);
    }
  }

  /** The stored package of the period, or NotFoundError when there is none (or its file is gone). */
  async find(endingDate: IsoDate): Promise<StoredPackage> {
    const [row] = await withSession(this.orm, (sql) =>
      sql.query<{ file_name: string; zip_sha256: string; manifest_sha256: string; size: string; run_id: string; created_at: Date }>(
        'SELECT file_name, zip_sha256, manifest_sha256, size::text, run_id, created_at FROM period_package WHERE ending_date = $1',
        [endingDate],
      ),
    );
    if (!row) throw new NotFoundError(`The inventory period ending ${endingDate} has no period-close package`);
    if (!(await this.store.exists(row.file_name))) throw new NotFoundError(`The package of the period ending ${endingDate} (${row.file_name}) is recorded but its file is missing from the package store`);
    const size = await this.store.size(row.file_name);
    // The row and the file are written together; a size that differs means the file was replaced behind our back.
    if (size !== Number(row.size)) throw new ConflictError(`The package file ${row.file_name} is ${size} bytes, its record says ${row.size}: it was changed outside Costclose`);
    return { endingDate, fileName: row.file_name, sha256: row.zip_sha256, manifestSha256: row.manifest_sha256, size, runId: row.run_id, createdAt: row.created_at };
  }

  openRead(stored: StoredPackage): fs.ReadStream {
    return this.store.openRead(stored.fileName);
  }

  filePath(stored: StoredPackage): string {
    return this.store.pathOf(stored.fileName);
  }
}

async function recordPackage(
  sql: SqlSession,
  input: BuildPackageInput,
  period: { startingDate: IsoDate; endingDate: IsoDate },
  fileName: string,
  written: { sha256: string; size: number },
  manifestSha256: string,
  previous: ManifestPrevious | null,
): Promise<void> {
  await sql.query(
    `INSERT INTO period_package (ending_date, starting_date, file_name, zip_sha256, manifest_sha256, size, run_id, created_at, previous_ending_date, previous_manifest_sha256)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (ending_date) DO UPDATE SET starting_date = excluded.starting_date, file_name = excluded.file_name, zip_sha256 = excluded.zip_sha256,
       manifest_sha256 = excluded.manifest_sha256, size = excluded.size, run_id = excluded.run_id, created_at = excluded.created_at,
       previous_ending_date = excluded.previous_ending_date, previous_manifest_sha256 = excluded.previous_manifest_sha256`,
    [period.endingDate, period.startingDate, fileName, written.sha256, manifestSha256, written.size, input.runId, input.createdAt, previous?.endingDate ?? null, previous?.manifestSha256 ?? null],
  );
}

/** Packages are built for closed periods, for the days the period covers. */
async function checkPeriod(sql: SqlSession, period: { startingDate: IsoDate; endingDate: IsoDate }): Promise<void> {
  const [row] = await sql.query<{ closed: boolean; starting_date: IsoDate | null }>(
    `SELECT closed, (SELECT (max(p.ending_date) + 1)::text FROM inventory_period p WHERE p.ending_date < $1) AS starting_date
       FROM inventory_period WHERE ending_date = $1`,
    [period.endingDate],
  );
  if (!row) throw new NotFoundError(`There is no inventory period ending ${period.endingDate}`, [{ field: 'periodEndingDate', message: 'no such inventory period' }]);
  if (!row.closed) throw new ConflictError(`The inventory period ending ${period.endingDate} is not closed: packages are built for closed periods`, [{ field: 'periodEndingDate', message: 'period not closed' }]);
  if (row.starting_date && row.starting_date !== period.startingDate) {
    throw ValidationError.at(undefined, 'periodStartingDate', `is ${period.startingDate}, but the inventory period ending ${period.endingDate} starts on ${row.starting_date}`);
  }
}

async function previousLink(sql: SqlSession, endingDate: IsoDate): Promise<ManifestPrevious | null> {
  const [row] = await sql.query<{ ending_date: IsoDate; manifest_sha256: string; file_name: string }>(
    'SELECT ending_date, manifest_sha256, file_name FROM period_package WHERE ending_date < $1 ORDER BY ending_date DESC LIMIT 1',
    [endingDate],
  );
  return row ? { endingDate: row.ending_date, manifestSha256: row.manifest_sha256, packageFileName: row.file_name } : null;
}
