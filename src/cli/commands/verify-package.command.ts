import * as fs from 'fs';
import { verifyPackage } from '../../period-package/verify-package';
import { CliCommand, parseOptions, usageError } from './command';

/**
 * `verify-package FILE [--previous FILE]`: checks a period-close package and its chain link
 * without a database. Exit 0 when it holds, 1 listing every failure, 2 for bad arguments.
 */
export const verifyPackageCommand: CliCommand = {
  name: 'verify-package',
  usage: 'costclose verify-package FILE.zip [--previous PREVIOUS.zip]',
  async run(args) {
    const parsed = parseOptions(args, ['previous'], []);
    if (parsed.error) return usageError(parsed.error, this.usage);
    if (parsed.positional.length !== 1) return usageError('verify-package: expected one package file', this.usage);
    const [file] = parsed.positional;
    const previous = parsed.options.previous ?? null;
    for (const f of [file, previous]) {
      if (f !== null && !fs.statSync(f, { throwIfNoEntry: false })?.isFile()) return usageError(`verify-package: no such file: ${f}`, this.usage);
    }
    const result = await verifyPackage(file, { previousFile: previous });
    if (!result.ok) {
      process.stderr.write(`FAILED ${file}: ${result.failures.length} problem${result.failures.length === 1 ? '' : 's'}\n${result.failures.map((f) => `  - ${f}\n`).join('')}`);
      return 1;
    }
    const m = result.manifest!;
    const chain = m.previous ? `chain link to ${result.previousFile} (period ending ${m.previous.endingDate}) holds` : 'first package of its chain';
    process.stdout.write(`OK ${file}: ${m.company}, period ${m.period.startingDate}..${m.period.endingDate}, run ${m.runId}; ${result.filesChecked} files match manifest.json (SHA-256 ${result.manifestSha256}); ${chain}\n`);
    return 0;
  },
};
