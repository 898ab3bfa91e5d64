import * as fs from 'fs';
import { verifyPackageFolder } from '../../period-package/verify-folder';
import { verifyPackage } from '../../period-package/verify-package';
import { CliCommand, parseOptions, usageError } from './command';

/**
 * `verify-package FILE [--previous FILE]`: checks a period-close package and its chain link
 * without a database. `verify-package FOLDER`: checks every package and revision in the folder,
 * the chain of the periods' current revisions, and reports the superseded ones (issue 15, item
 * 11). Exit 0 when it holds, 1 listing every failure, 2 for bad arguments.
 */
export const verifyPackageCommand: CliCommand = {
  name: 'verify-package',
  usage: 'costclose verify-package FILE.zip [--previous PREVIOUS.zip]\ncostclose verify-package FOLDER',
  async run(args) {
    const parsed = parseOptions(args, ['previous'], []);
    if (parsed.error) return usageError(parsed.error, this.usage);
    if (parsed.positional.length !== 1) return usageError('verify-package: expected one package file or folder', this.usage);
    const [file] = parsed.positional;
    const previous = parsed.options.previous ?? null;
    if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) {
      if (previous !== null) return usageError('verify-package: --previous goes with a package file, not a folder (the folder holds the chain)', this.usage);
      return verifyFolder(file);
    }
    for (const f of [file, previous]) {
      if (f !== null && !fs.statSync(f, { throwIfNoEntry: false })?.isFile()) return usageError(`verify-package: no such file: ${f}`, this.usage);
    }
    const result = await verifyPackage(file, { previousFile: previous });
    if (!result.ok) {
      process.stderr.write(
        `FAILED ${file}: ${result.failures.length} problem${result.failures.length === 1 ? '' : 's'}\n${result.failures.map((f) => `  - ${f}\n`).join('')}`,
      );
      return 1;
    }
    const m = result.manifest!;
    const chain = m.previous ? `chain link to ${result.previousFile} (period ending ${m.previous.endingDate}) holds` : 'first package of its chain';
    const revision = m.supersedes ? `; revision ${m.revision}, superseding ${m.supersedes.packageFileName}${result.supersededFile ? ' (link holds)' : ''}` : '';
    process.stdout.write(
      `OK ${file}: ${m.company}, period ${m.period.startingDate}..${m.period.endingDate}, run ${m.runId}; ${result.filesChecked} files match manifest.json (SHA-256 ${result.manifestSha256}); ${chain}${revision}\n` +
        result.notes.map((n) => `  note: ${n}\n`).join(''),
    );
    return 0;
  },
};

async function verifyFolder(dir: string): Promise<number> {
  const result = await verifyPackageFolder(dir);
  const periods = new Set(result.packages.filter((p) => p.status === 'current' || p.status === 'superseded').map((p) => p.endingDate));
  const superseded = result.packages.filter((p) => p.status === 'superseded').length;
  const notes = result.notes.map((n) => `  note: ${n}\n`).join('');
  if (!result.ok) {
    process.stderr.write(
      `FAILED ${dir}: ${result.failures.length} problem${result.failures.length === 1 ? '' : 's'}\n${result.failures.map((f) => `  - ${f}\n`).join('')}${notes}`,
    );
    return 1;
  }
  process.stdout.write(
    `OK ${dir}: ${result.packages.length} package${result.packages.length === 1 ? '' : 's'} of ${periods.size} period${periods.size === 1 ? '' : 's'} (${superseded} superseded), ` +
      `${result.filesChecked} files match their manifests; chain of current revisions: ${result.chain.join(' -> ')}\n${notes}`,
  );
  return 0;
}
