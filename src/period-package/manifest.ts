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
  /** Only on a dry run's package: not an auditor's record, not part of the chain. */
  draft?: true;
}

/** A dry run's package of the period: never the name a chain link refers to. */
export function draftPackageFileName(endingDate: IsoDate): string {
  return `costclose-period-${endingDate}-draft.zip`;
}

/** The package of the period ending on `endingDate`; the name the chain link refers to. */
export function packageFileName(endingDate: IsoDate): string {
  return `costclose-period-${endingDate}.zip`;
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
  if (m.formatVersion !== MANIFEST_FORMAT_VERSION) problems.push(`${MANIFEST_NAME}: formatVersion is ${JSON.stringify(m.formatVersion)}, this verifier reads ${MANIFEST_FORMAT_VERSION}`);
  if (typeof m.company !== 'string') problems.push(`${MANIFEST_NAME}: company is missing`);
  if (!m.period || typeof m.period.startingDate !== 'string' || typeof m.period.endingDate !== 'string') problems.push(`${MANIFEST_NAME}: period {startingDate, endingDate} is missing`);
  if (!Array.isArray(m.files)) {
    problems.push(`${MANIFEST_NAME}: files is not a list`);
    return { manifest: null, problems };
  }
  const badFiles = m.files.filter((f) => !f || typeof f.name !== 'string' || !Number.isSafeInteger(f.size) || typeof f.sha256 !== 'string' || !SHA256.test(f.sha256));
  if (badFiles.length) problems.push(`${MANIFEST_NAME}: ${badFiles.length} entr${badFiles.length === 1 ? 'y' : 'ies'} of files lack a name, a size or a SHA-256 (64 hex digits)`);
  const prev = m.previous;
  const badPrevious =
    prev === undefined || (prev !== null && (typeof prev.endingDate !== 'string' || typeof prev.packageFileName !== 'string' || typeof prev.manifestSha256 !== 'string' || !SHA256.test(prev.manifestSha256)));
  if (badPrevious) problems.push(`${MANIFEST_NAME}: previous must be null (first package) or {endingDate, packageFileName, manifestSha256 (64 hex digits)}`);
  // Without usable file entries and chain link nothing can be checked against the manifest.
  return { manifest: badFiles.length || badPrevious ? null : (m as PackageManifest), problems };
}
