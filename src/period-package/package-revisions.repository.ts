/**
 * The package revisions in the database (table period_package, one row per revision, append-only)
 * and what a build needs to know about the period's closes and reopens. Plain functions on the
 * caller's session, so that a build reads and writes in its one transaction.
 */
import type { IsoDate } from '../common/dates';
import type { SqlSession } from '../database/sql-session';
import type { ManifestPrevious, ManifestReopen, ManifestSupersedes } from './manifest';

export interface RevisionRow {
  endingDate: IsoDate;
  revision: number;
  startingDate: IsoDate;
  fileName: string;
  zipSha256: string;
  manifestSha256: string;
  size: number;
  runId: string;
  createdAt: Date;
  previousEndingDate: IsoDate | null;
  previousRevision: number | null;
  previousManifestSha256: string | null;
  closeEntryNo: number | null;
  supersedes: ManifestSupersedes | null;
  /** The period's next revision, which replaced this one as its current package; null for the current one. */
  supersededBy: number | null;
  /**
   * The period was reopened after the close this revision documents: the next close of the period
   * builds a new revision. Only ever true of the current revision.
   */
  reopenedSince: boolean;
}

const COLUMNS = `p.ending_date, p.revision, p.starting_date, p.file_name, p.zip_sha256, p.manifest_sha256, p.size::text AS size, p.run_id, p.created_at,
  p.previous_ending_date, p.previous_revision, p.previous_manifest_sha256, p.close_entry_no, p.supersedes,
  (SELECT min(n.revision) FROM period_package n WHERE n.ending_date = p.ending_date AND n.revision > p.revision) AS superseded_by,
  EXISTS (SELECT 1 FROM inventory_period_entry e WHERE e.ending_date = p.ending_date AND e.entry_no > coalesce(p.close_entry_no, 0)) AS reopened_since`;

interface Row {
  ending_date: IsoDate;
  revision: number;
  starting_date: IsoDate;
  file_name: string;
  zip_sha256: string;
  manifest_sha256: string;
  size: string;
  run_id: string;
  created_at: Date;
  previous_ending_date: IsoDate | null;
  previous_revision: number | null;
  previous_manifest_sha256: string | null;
  close_entry_no: number | null;
  supersedes: ManifestSupersedes | null;
  superseded_by: number | null;
  reopened_since: boolean;
}

function toRevision(r: Row): RevisionRow {
  return {
    endingDate: r.ending_date,
    revision: Number(r.revision),
    startingDate: r.starting_date,
    fileName: r.file_name,
    zipSha256: r.zip_sha256,
    manifestSha256: r.manifest_sha256,
    size: Number(r.size),
    runId: r.run_id,
    createdAt: r.created_at,
    previousEndingDate: r.previous_ending_date,
    previousRevision: r.previous_revision === null ? null : Number(r.previous_revision),
    previousManifestSha256: r.previous_manifest_sha256,
    closeEntryNo: r.close_entry_no === null ? null : Number(r.close_entry_no),
    supersedes: r.supersedes,
    supersededBy: r.superseded_by === null ? null : Number(r.superseded_by),
    reopenedSince: r.superseded_by === null && r.reopened_since,
  };
}

/** Every revision of the period's package, oldest first. */
export async function revisionsOf(sql: SqlSession, endingDate: IsoDate): Promise<RevisionRow[]> {
  const rows = await sql.query<Row>(`SELECT ${COLUMNS} FROM period_package p WHERE p.ending_date = $1 ORDER BY p.revision`, [endingDate]);
  return rows.map(toRevision);
}

/** One revision, or the current (latest) one when `revision` is null; null when there is none. */
export async function revisionOf(sql: SqlSession, endingDate: IsoDate, revision: number | null = null): Promise<RevisionRow | null> {
  const [row] = await sql.query<Row>(
    `SELECT ${COLUMNS} FROM period_package p WHERE p.ending_date = $1 AND ($2::int IS NULL OR p.revision = $2) ORDER BY p.revision DESC LIMIT 1`,
    [endingDate, revision],
  );
  return row ? toRevision(row) : null;
}

/** The current revision of the latest earlier period that has a package: the next package's chain link. */
export async function previousRevision(sql: SqlSession, endingDate: IsoDate): Promise<RevisionRow | null> {
  const [row] = await sql.query<Row>(`SELECT ${COLUMNS} FROM period_package p WHERE p.ending_date < $1 ORDER BY p.ending_date DESC, p.revision DESC LIMIT 1`, [
    endingDate,
  ]);
  return row ? toRevision(row) : null;
}

export function chainLink(row: RevisionRow): ManifestPrevious {
  return { endingDate: row.endingDate, manifestSha256: row.manifestSha256, packageFileName: row.fileName };
}

/** The inventory period entry of the period's latest close (R116), or null for a period created closed. */
export async function currentCloseEntryNo(sql: SqlSession, endingDate: IsoDate): Promise<number | null> {
  const [row] = await sql.query<{ entry_no: number | null }>(
    "SELECT max(entry_no) AS entry_no FROM inventory_period_entry WHERE ending_date = $1 AND entry_type = 'Close'",
    [endingDate],
  );
  return row?.entry_no === null || row?.entry_no === undefined ? null : Number(row.entry_no);
}

/**
 * The reopens of the period between two of its closes: its ReOpen inventory period entries and the
 * `period.reopen` audit entries that name it (the reopen and its audit entry commit together), the
 * audit entries bracketed by the `period.close` entries of the two closes. Paired in order.
 */
export async function reopensBetween(sql: SqlSession, endingDate: IsoDate, fromCloseEntryNo: number | null, toCloseEntryNo: number): Promise<ManifestReopen[]> {
  const entries = await sql.query<{ entry_no: number; user_id: string }>(
    "SELECT entry_no, user_id FROM inventory_period_entry WHERE ending_date = $1 AND entry_type = 'ReOpen' AND entry_no > $2 AND entry_no < $3 ORDER BY entry_no",
    [endingDate, fromCloseEntryNo ?? 0, toCloseEntryNo],
  );
  const audits = await sql.query<{ id: string; at: Date; user_id: string; target: IsoDate | null }>(
    `SELECT id::text AS id, at, user_id, target FROM audit_log
      WHERE action = 'period.reopen' AND details->'reopened' @> to_jsonb($1::text)
        AND id > coalesce((SELECT max(id) FROM audit_log WHERE action = 'period.close' AND target = $1 AND details->>'inventoryPeriodEntryNo' = $2), 0)
        AND id < coalesce((SELECT min(id) FROM audit_log WHERE action = 'period.close' AND target = $1 AND details->>'inventoryPeriodEntryNo' = $3), 9223372036854775807)
      ORDER BY id`,
    [endingDate, fromCloseEntryNo === null ? '' : String(fromCloseEntryNo), String(toCloseEntryNo)],
  );
  const reopens: ManifestReopen[] = [];
  for (let i = 0; i < Math.max(entries.length, audits.length); i++) {
    const audit = audits[i];
    const entry = entries[i];
    reopens.push({
      auditLogId: audit ? Number(audit.id) : null,
      at: audit ? new Date(audit.at).toISOString() : null,
      userId: audit?.user_id ?? entry?.user_id ?? '',
      reopenedFrom: audit?.target ?? null,
      inventoryPeriodEntryNo: entry ? Number(entry.entry_no) : null,
    });
  }
  return reopens;
}

/** Later periods whose current revision chains to another revision of this period than `manifestSha256`. */
export async function laterPeriodsChainedElsewhere(sql: SqlSession, endingDate: IsoDate, manifestSha256: string): Promise<IsoDate[]> {
  const rows = await sql.query<{ ending_date: IsoDate }>(
    `SELECT p.ending_date FROM period_package p
      WHERE p.previous_ending_date = $1 AND p.previous_manifest_sha256 <> $2
        AND p.revision = (SELECT max(q.revision) FROM period_package q WHERE q.ending_date = p.ending_date)
      ORDER BY p.ending_date`,
    [endingDate, manifestSha256],
  );
  return rows.map((r) => r.ending_date);
}

export interface NewRevision {
  endingDate: IsoDate;
  revision: number;
  startingDate: IsoDate;
  fileName: string;
  zipSha256: string;
  manifestSha256: string;
  size: number;
  runId: string;
  createdAt: Date;
  previous: RevisionRow | null;
  closeEntryNo: number | null;
  supersedes: ManifestSupersedes | null;
}

/** Appends a revision; the primary key (period, revision) refuses a second writer of the same one. */
export async function insertRevision(sql: SqlSession, r: NewRevision): Promise<void> {
  await sql.query(
    `INSERT INTO period_package (ending_date, revision, starting_date, file_name, zip_sha256, manifest_sha256, size, run_id, created_at,
       previous_ending_date, previous_revision, previous_manifest_sha256, close_entry_no, supersedes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb)`,
    [
      r.endingDate,
      r.revision,
      r.startingDate,
      r.fileName,
      r.zipSha256,
      r.manifestSha256,
      r.size,
      r.runId,
      r.createdAt,
      r.previous?.endingDate ?? null,
      r.previous?.revision ?? null,
      r.previous?.manifestSha256 ?? null,
      r.closeEntryNo,
      r.supersedes === null ? null : JSON.stringify(r.supersedes),
    ],
  );
}

/** Builds are serialised across instances by a session-level advisory lock (held outside the build's transaction). */
const BUILD_LOCK_SQL = "hashtextextended('costclose:period-package', 0)";

export async function lockPackageBuilds(sql: SqlSession): Promise<void> {
  await sql.query(`SELECT pg_advisory_lock(${BUILD_LOCK_SQL})`);
}

export async function unlockPackageBuilds(sql: SqlSession): Promise<void> {
  await sql.query(`SELECT pg_advisory_unlock(${BUILD_LOCK_SQL})`);
}

/** The inventory period ending on `endingDate`: whether it is closed, and the day after the previous period's end. */
export async function packagePeriod(sql: SqlSession, endingDate: IsoDate): Promise<{ closed: boolean; startingDate: IsoDate | null } | null> {
  const [row] = await sql.query<{ closed: boolean; starting_date: IsoDate | null }>(
    `SELECT closed, (SELECT (max(p.ending_date) + 1)::text FROM inventory_period p WHERE p.ending_date < $1) AS starting_date
       FROM inventory_period WHERE ending_date = $1`,
    [endingDate],
  );
  return row ? { closed: row.closed, startingDate: row.starting_date } : null;
}

/**
 * A ledger extract: rows of `columns` posted in the period, in the order of the first column (the
 * entry number), handed to `onRows` as they arrive — one statement, memory at a chunk. `table`
 * and `columns` come from the fixed extract list, never from a request.
 */
export async function extractRows(
  sql: SqlSession,
  extract: { table: string; columns: readonly string[] },
  period: { startingDate: IsoDate; endingDate: IsoDate },
  onRows: (rows: unknown[][]) => Promise<void>,
): Promise<void> {
  const [key] = extract.columns;
  await sql.queryChunks(
    `SELECT ${extract.columns.join(', ')} FROM ${extract.table} WHERE posting_date BETWEEN $1 AND $2 ORDER BY ${key}`,
    [period.startingDate, period.endingDate],
    onRows,
  );
}
