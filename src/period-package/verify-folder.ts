/**
 * Checks a folder of period-close packages as an auditor keeps them (issue 15, item 11): every
 * package and revision on its own (files against manifest.json), every chain link and every
 * supersession link, and the chain of the periods' current revisions as a whole. Superseded
 * revisions are reported, not failed: they stay part of the record. Plain module, no database.
 *
 * Which revision is current: the highest revision of each period in the folder. A current
 * package whose chain link names a superseded revision of an earlier period is reported as
 * awaiting its own new revision (its period was reopened with the earlier one and is rebuilt at
 * its next close); that is a state, not a failure.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { IsoDate } from '../common/dates';
import { manifestRevision, PackageManifest } from './manifest';
import { verifyPackage, VerifyResult } from './verify-package';

/** Packages as the store and the close runs name them; drafts included (checked, never chained). */
const PACKAGE_FILE = /^costclose-period-.+\.zip$/;

export type FolderPackageStatus = 'current' | 'superseded' | 'draft' | 'unreadable';

export interface FolderPackage {
  file: string;
  endingDate: IsoDate | null;
  revision: number | null;
  status: FolderPackageStatus;
  /** The file of the revision that superseded this one. */
  supersededBy: string | null;
  result: VerifyResult;
}

export interface FolderVerifyResult {
  ok: boolean;
  dir: string;
  packages: FolderPackage[];
  /** Every problem, each naming its file. */
  failures: string[];
  /** What is not a failure: superseded revisions, packages awaiting a new revision, drafts. */
  notes: string[];
  /** The current revisions, latest period first, as their chain links lead back. */
  chain: string[];
  filesChecked: number;
}

export async function verifyPackageFolder(dir: string): Promise<FolderVerifyResult> {
  const names = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && PACKAGE_FILE.test(e.name))
    .map((e) => e.name)
    .sort();
  const result: FolderVerifyResult = { ok: false, dir, packages: [], failures: [], notes: [], chain: [], filesChecked: 0 };
  if (names.length === 0) {
    result.failures.push(`${dir} holds no period-close package (costclose-period-*.zip)`);
    return result;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    const checked = await verifyPackage(file, { requireSuperseded: true });
    const m = checked.manifest;
    result.filesChecked += checked.filesChecked;
    result.failures.push(...checked.failures.map((f) => `${name}: ${f}`));
    result.packages.push({
      file: name,
      endingDate: m?.period?.endingDate ?? null,
      revision: m ? manifestRevision(m) : null,
      status: !m ? 'unreadable' : m.draft ? 'draft' : 'current',
      supersededBy: null,
      result: checked,
    });
  }

  // Revisions per period; the highest is current. Two files claiming one revision must be one package.
  const byPeriod = new Map<IsoDate, FolderPackage[]>();
  for (const p of result.packages.filter((x) => x.status === 'current')) {
    const list = byPeriod.get(p.endingDate!) ?? [];
    list.push(p);
    byPeriod.set(p.endingDate!, list);
  }
  const current = new Map<IsoDate, FolderPackage>();
  for (const [endingDate, list] of byPeriod) {
    list.sort((a, b) => a.revision! - b.revision! || (a.file < b.file ? -1 : 1));
    for (let i = 1; i < list.length; i++) {
      if (list[i].revision === list[i - 1].revision && list[i].result.manifestSha256 !== list[i - 1].result.manifestSha256) {
        result.failures.push(
          `${list[i].file} and ${list[i - 1].file} both claim to be revision ${list[i].revision} of the period ending ${endingDate}, with different manifests`,
        );
      }
    }
    const top = list[list.length - 1];
    current.set(endingDate, top);
    for (const p of list) {
      if (p.revision === top.revision) continue;
      p.status = 'superseded';
      const next =
        list.find((q) => q.revision === p.revision! + 1 && q.result.manifest?.supersedes?.packageFileName === p.file) ??
        list.find((q) => q.revision! > p.revision!)!;
      p.supersededBy = next.file;
      const reopens = next.result.manifest?.supersedes?.reopens ?? [];
      const how = reopens.length
        ? `; reopened ${reopens.map((r) => `by ${r.userId}${r.at ? ` at ${r.at}` : ''}${r.auditLogId !== null ? ` (audit log entry ${r.auditLogId})` : ''}`).join(', ')}`
        : '';
      result.notes.push(`${p.file}: revision ${p.revision} of the period ending ${endingDate}, superseded by ${next.file}${how}`);
    }
    // Every revision below the current one should be in the folder: each names its predecessor.
    for (let r = 1; r < top.revision!; r++) {
      if (!list.some((p) => p.revision === r))
        result.failures.push(`revision ${r} of the period ending ${endingDate} is missing from the folder (its revision ${top.revision} is there)`);
    }
  }

  // The chain of current revisions: each current package's link names an earlier period's package.
  const periods = [...current.keys()].sort();
  for (const endingDate of periods) {
    const p = current.get(endingDate)!;
    const link = p.result.manifest?.previous;
    if (!link) continue;
    const target = current.get(link.endingDate);
    if (target && target.file !== link.packageFileName) {
      result.notes.push(
        `${p.file}: its chain link names ${link.packageFileName}, which ${target.file} superseded; the period ending ${endingDate} awaits its own new revision (built when it is closed again)`,
      );
    }
  }
  if (periods.length) {
    const seen = new Set<string>();
    let p: FolderPackage | undefined = current.get(periods[periods.length - 1]);
    while (p && !seen.has(p.file)) {
      seen.add(p.file);
      result.chain.push(p.file);
      const link: PackageManifest['previous'] | undefined = p.result.manifest?.previous;
      p = link ? result.packages.find((q) => q.file === link.packageFileName) : undefined;
    }
  }
  for (const p of result.packages.filter((x) => x.status === 'draft')) result.notes.push(`${p.file}: a dry run's draft, not part of the chain`);
  // Listed by period and revision (file names sort `-r2` before the first revision's).
  const key = (p: FolderPackage) => `${p.endingDate ?? '9999-99-99'} ${String(p.revision ?? 0).padStart(10, '0')} ${p.file}`;
  result.packages.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  result.ok = result.failures.length === 0;
  return result;
}
