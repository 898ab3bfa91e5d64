/**
 * manifest.json of a period-close package: what the package holds, with each file's size and
 * SHA-256, and the SHA-256 of the previous period's manifest.json. Each manifest thus fixes its
 * predecessor, which fixes its own, back to the first package: changing any file of any period
 * breaks a hash that a later manifest recorded. Plain module (no NestJS) shared by the builder,
 * the verifier and the CLI.
 */
import { createHash } from 'crypto';
import type { IsoDate } from '../common/dates';

export const MANIFEST_NAME = 'manifest.json';
export const MANIFEST_FORMAT_VERSION = 1;
const SHA256 = /^[0-9a-f]{64}$/;

export interface ManifestFile {
  name: string;
  size: number;
  sha256: string;
}

export interface ManifestPrevious {
  endingDate: IsoDate;
  manifestSha256: string;
  packageFileName: string;
}

/** A reopen of the period between the superseded revision's close and this revision's (from the audit log). */
export interface ManifestReopen {
  /** The `period.reopen` entry of the audit log; null only if the log lacks it. */
  auditLogId: number | null;
  at: string | null;
  userId: string;
  /** The period the user reopened (this one, or an earlier one: reopening reopens every later period, R116). */
  reopenedFrom: IsoDate | null;
  /** The ReOpen inventory period entry of this period. */
  inventoryPeriodEntryNo: number | null;
}

/** The revision a rebuilt package replaces as the period's current package; it stays as it was. */
export interface ManifestSupersedes {
  revision: number;
  packageFileName: string;
  manifestSha256: string;
  zipSha256: string;
  reopens: ManifestReopen[];
}

export interface PackageManifest {
  formatVersion: number;
  company: string;
  period: { startingDate: IsoDate; endingDate: IsoDate };
  runId: string;
  createdAt: string;
  softwareVersion: string;
  /** Every file of the package except manifest.json itself, in name order. */
  files: ManifestFile[];
  previous: ManifestPrevious | null;
  /**
   * Only from revision 2 on (issue 15, item 11): the period was reopened and closed again after its
   * package was built, and this package is the period's new revision. Absent means revision 1.
   */
  revision?: number;
  supersedes?: ManifestSupersedes;
  /** Only on a dry run's package: not an auditor's record, not part of the chain. */
  draft?: true;
}

/** A dry run's package of the period: never the name a chain link refers to. */
export function draftPackageFileName(endingDate: IsoDate): string {
  return `costclose-period-${endingDate}-draft.zip`;
}

/**
 * The package of the period ending on `endingDate`; the name the chain link refers to. Revision 1
 * keeps the name packages always had; later revisions add `-r2`, `-r3`, ….
 */
export function packageFileName(endingDate: IsoDate, revision = 1): string {
  return revision === 1 ? `costclose-period-${endingDate}.zip` : `costclose-period-${endingDate}-r${revision}.zip`;
}

/** The revision a manifest describes: 1 when it names none (every package built before revisions). */
export function manifestRevision(manifest: Pick<PackageManifest, 'revision'>): number {
  return manifest.revision ?? 1;
}

/**
 * Canonical JSON: keys sorted at every level, two-space indent, LF, final newline. The bytes
 * depend on the content only, so the same manifest always hashes the same.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2) + '\n';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function sha256Hex(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Code-unit order, the same on every machine and locale (localeCompare is not). */
export function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Reads manifest.json bytes, listing every way they are not a manifest of this format; the
 * manifest is null when it cannot be used at all.
 */
export function parseManifest(bytes: Buffer): { manifest: PackageManifest | null; problems: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    return { manifest: null, problems: [`${MANIFEST_NAME} is not JSON: ${(e as Error).message}`] };
  }
  const problems: string[] = [];
  const m = value as Partial<PackageManifest> | null;
  if (m === null || typeof m !== 'object' || Array.isArray(m)) return { manifest: null, problems: [`${MANIFEST_NAME} is not a JSON object`] };
  if (m.formatVersion !== MANIFEST_FORMAT_VERSION)
    problems.push(`${MANIFEST_NAME}: formatVersion is ${JSON.stringify(m.formatVersion)}, this verifier reads ${MANIFEST_FORMAT_VERSION}`);
  if (typeof m.company !== 'string') problems.push(`${MANIFEST_NAME}: company is missing`);
  if (!m.period || typeof m.period.startingDate !== 'string' || typeof m.period.endingDate !== 'string')
    problems.push(`${MANIFEST_NAME}: period {startingDate, endingDate} is missing`);
  if (!Array.isArray(m.files)) {
    problems.push(`${MANIFEST_NAME}: files is not a list`);
    return { manifest: null, problems };
  }
  const badFiles = m.files.filter(
    (f) => !f || typeof f.name !== 'string' || !Number.isSafeInteger(f.size) || typeof f.sha256 !== 'string' || !SHA256.test(f.sha256),
  );
  if (badFiles.length)
    problems.push(`${MANIFEST_NAME}: ${badFiles.length} entr${badFiles.length === 1 ? 'y' : 'ies'} of files lack a name, a size or a SHA-256 (64 hex digits)`);
  const prev = m.previous;
  const badPrevious =
    prev === undefined ||
    (prev !== null &&
      (typeof prev.endingDate !== 'string' ||
        typeof prev.packageFileName !== 'string' ||
        typeof prev.manifestSha256 !== 'string' ||
        !SHA256.test(prev.manifestSha256)));
  if (badPrevious) problems.push(`${MANIFEST_NAME}: previous must be null (first package) or {endingDate, packageFileName, manifestSha256 (64 hex digits)}`);
  const badRevision = m.revision !== undefined && (!Number.isSafeInteger(m.revision) || m.revision < 2);
  if (badRevision) problems.push(`${MANIFEST_NAME}: revision must be a whole number of at least 2 when given (a first revision names none)`);
  const sup = m.supersedes;
  const badSupersedes =
    sup !== undefined &&
    (sup === null ||
      typeof sup !== 'object' ||
      !Number.isSafeInteger(sup.revision) ||
      typeof sup.packageFileName !== 'string' ||
      typeof sup.manifestSha256 !== 'string' ||
      !SHA256.test(sup.manifestSha256) ||
      !Array.isArray(sup.reopens));
  if (badSupersedes) problems.push(`${MANIFEST_NAME}: supersedes must be {revision, packageFileName, manifestSha256 (64 hex digits), zipSha256, reopens}`);
  else if (!badRevision && (m.revision === undefined) !== (sup === undefined))
    problems.push(`${MANIFEST_NAME}: a revision from 2 on names the revision it supersedes, and only such a revision does`);
  else if (sup && m.revision !== undefined && sup.revision !== m.revision - 1)
    problems.push(`${MANIFEST_NAME}: revision ${m.revision} supersedes revision ${sup.revision}, not ${m.revision - 1}`);
  // Without usable file entries and chain link nothing can be checked against the manifest.
  return { manifest: badFiles.length || badPrevious || badRevision || badSupersedes ? null : (m as PackageManifest), problems };
}
