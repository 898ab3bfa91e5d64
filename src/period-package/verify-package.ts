/**
 * Checks a period-close package the way an auditor would: manifest.json lists exactly the files
 * the zip holds, each with the size and SHA-256 of the bytes actually in it, and the chain link:
 * the SHA-256 of the previous period's manifest.json equals what this manifest recorded; and for a
 * revision (`…-r2.zip`), that the revision it supersedes, when it lies beside it, is the one it
 * names (issue 15, item 11). Every problem is reported, not just the first. Plain module: the CLI (`costclose verify-package`),
 * the tests and the close pipeline call it without NestJS or a database.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MANIFEST_NAME, manifestRevision, PackageManifest, parseManifest, sha256Hex } from './manifest';
import { digestZip, readZipEntry } from './zip-reader';

export interface VerifyOptions {
  /** The previous period's package; by default the file manifest.previous names, next to `file`. */
  previousFile?: string | null;
  /** The superseded revision a manifest names must lie beside the package (a folder's whole record); otherwise its absence is a note. */
  requireSuperseded?: boolean;
}

export interface VerifyResult {
  ok: boolean;
  file: string;
  failures: string[];
  manifest: PackageManifest | null;
  /** SHA-256 of this package's manifest.json: what the next period's manifest must record. */
  manifestSha256: string | null;
  /** Files checked against the manifest (manifest.json itself not counted). */
  filesChecked: number;
  /** The previous package the chain link was checked against; null for the first package. */
  previousFile: string | null;
  /** The superseded revision checked against `supersedes`; null when the package is a first revision or it was not there. */
  supersededFile: string | null;
  /** What an auditor should know that is not a failure (a superseded revision not at hand). */
  notes: string[];
}

export async function verifyPackage(file: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const result: VerifyResult = {
    ok: false,
    file,
    failures: [],
    manifest: null,
    manifestSha256: null,
    filesChecked: 0,
    previousFile: null,
    supersededFile: null,
    notes: [],
  };
  const fail = (message: string) => result.failures.push(message);

  let digest: Awaited<ReturnType<typeof digestZip>>;
  try {
    digest = await digestZip(file, [MANIFEST_NAME]);
  } catch (e) {
    fail(`${file} is not a readable zip file: ${(e as Error).message}`);
    return result;
  }
  for (const [name, count] of countNames(digest.entries.map((e) => e.name))) if (count > 1) fail(`${name} appears ${count} times in the zip`);
  for (const entry of digest.entries) if (entry.error) fail(`${entry.name} cannot be read: ${entry.error}`);

  const manifestBytes = digest.kept.get(MANIFEST_NAME);
  if (!manifestBytes) {
    fail(`${MANIFEST_NAME} is missing`);
    return result;
  }
  result.manifestSha256 = sha256Hex(manifestBytes);
  const { manifest, problems } = parseManifest(manifestBytes);
  problems.forEach(fail);
  if (!manifest) return result;
  result.manifest = manifest;

  for (const [name, count] of countNames(manifest.files.map((f) => f.name))) if (count > 1) fail(`${name} is listed ${count} times in ${MANIFEST_NAME}`);
  const present = new Map(digest.entries.filter((e) => e.name !== MANIFEST_NAME).map((e) => [e.name, e]));
  for (const listed of manifest.files) {
    const entry = present.get(listed.name);
    if (!entry) {
      fail(`${listed.name} is listed in ${MANIFEST_NAME} but missing from the package`);
      continue;
    }
    result.filesChecked++;
    if (entry.error) continue; // already reported as unreadable
    if (entry.size !== listed.size) fail(`${listed.name}: ${entry.size} bytes, ${MANIFEST_NAME} says ${listed.size}`);
    if (entry.sha256 !== listed.sha256)
      fail(`${listed.name}: SHA-256 ${entry.sha256} does not match ${MANIFEST_NAME} (${listed.sha256}); the file was changed`);
  }
  const listedNames = new Set(manifest.files.map((f) => f.name));
  for (const name of present.keys()) if (!listedNames.has(name)) fail(`${name} is in the package but not listed in ${MANIFEST_NAME}`);

  await checkChainLink(file, manifest, options.previousFile ?? null, result, fail);
  await checkSupersedes(file, manifest, options.requireSuperseded === true, result, fail);
  result.ok = result.failures.length === 0;
  return result;
}

/**
 * A revision names the one it supersedes by file name and manifest SHA-256: when that file lies
 * beside it, it must be that revision of the same period, unchanged.
 */
async function checkSupersedes(file: string, manifest: PackageManifest, required: boolean, result: VerifyResult, fail: (m: string) => void): Promise<void> {
  const sup = manifest.supersedes;
  if (!sup) return;
  if (path.basename(sup.packageFileName) !== sup.packageFileName) {
    fail(`${MANIFEST_NAME}: supersedes.packageFileName '${sup.packageFileName}' is not a plain file name`);
    return;
  }
  const supersededFile = path.join(path.dirname(file), sup.packageFileName);
  if (!fs.existsSync(supersededFile)) {
    const message = `the superseded revision ${sup.revision} (${sup.packageFileName}) is not beside this package`;
    if (required) fail(`${message}; the folder should hold every revision`);
    else result.notes.push(`${message}; it was not checked`);
    return;
  }
  result.supersededFile = supersededFile;
  let bytes: Buffer | null;
  try {
    bytes = await readZipEntry(supersededFile, MANIFEST_NAME);
  } catch (e) {
    fail(`the superseded revision ${supersededFile} is not a readable zip file: ${(e as Error).message}`);
    return;
  }
  if (!bytes) {
    fail(`the superseded revision ${supersededFile} has no ${MANIFEST_NAME}`);
    return;
  }
  const actual = sha256Hex(bytes);
  if (actual !== sup.manifestSha256) {
    fail(
      `supersession link broken: ${MANIFEST_NAME} of the superseded revision ${supersededFile} has SHA-256 ${actual}, this package recorded ${sup.manifestSha256}; the old revision was changed or replaced`,
    );
    return;
  }
  const old = parseManifest(bytes).manifest;
  if (old && (old.period?.endingDate !== manifest.period.endingDate || manifestRevision(old) !== sup.revision)) {
    fail(
      `the superseded revision ${supersededFile} is revision ${manifestRevision(old)} of the period ending ${old.period?.endingDate}, this package names revision ${sup.revision} of the period ending ${manifest.period.endingDate}`,
    );
  }
}

async function checkChainLink(
  file: string,
  manifest: PackageManifest,
  previousOption: string | null,
  result: VerifyResult,
  fail: (m: string) => void,
): Promise<void> {
  const link = manifest.previous;
  if (!link) {
    if (previousOption)
      fail(`${MANIFEST_NAME} records no previous package (this is the first of its chain), but a previous package was given: ${previousOption}`);
    return;
  }
  if (!previousOption && path.basename(link.packageFileName) !== link.packageFileName) {
    fail(`${MANIFEST_NAME}: previous.packageFileName '${link.packageFileName}' is not a plain file name`);
    return;
  }
  const previousFile = previousOption ?? path.join(path.dirname(file), link.packageFileName);
  result.previousFile = previousFile;
  if (!fs.existsSync(previousFile)) {
    fail(
      `the previous package ${previousFile} (period ending ${link.endingDate}) is not there; the chain link cannot be checked (give its path with --previous)`,
    );
    return;
  }
  let previousManifest: Buffer | null;
  try {
    previousManifest = await readZipEntry(previousFile, MANIFEST_NAME);
  } catch (e) {
    fail(`the previous package ${previousFile} is not a readable zip file: ${(e as Error).message}`);
    return;
  }
  if (!previousManifest) {
    fail(`the previous package ${previousFile} has no ${MANIFEST_NAME}`);
    return;
  }
  const actual = sha256Hex(previousManifest);
  if (actual !== link.manifestSha256) {
    fail(
      `chain link broken: ${MANIFEST_NAME} of the previous package ${previousFile} has SHA-256 ${actual}, this package recorded ${link.manifestSha256}; the previous package was changed or replaced`,
    );
    return;
  }
  const endingDate = parseManifest(previousManifest).manifest?.period?.endingDate;
  if (endingDate !== link.endingDate)
    fail(`the previous package ${previousFile} is for the period ending ${endingDate}, this package's link names ${link.endingDate}`);
}

function countNames(names: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return counts;
}
