import * as fs from 'fs';
import * as path from 'path';
import { CostcloseError } from '../../common/errors';
import { REPORT_NAMES } from '../../reports/report-catalog';
import { parseLocale } from '../../reports/rendering/report-locale';
import { parseFormat, ReportService } from '../../reports/report.service';
import { withAppContext } from '../app-context';
import type { CliCommand } from './command';

const USAGE = `costclose report NAME [--OPTION VALUE ...] [--format pdf|csv] [--locale en|nb-NO] [--out FILE]
    NAME: ${REPORT_NAMES.join(', ')}; options as in the API, e.g. --startDate 2026-10-01 --endDate 2026-10-31 --includeExpectedCost`;

/**
 * `report NAME …`: prints a report to a file (default: its own file name in the current
 * directory). Any `--name value` is a report option; a `--flag` without a value means true.
 */
export const reportCommand: CliCommand = {
  name: 'report',
  usage: USAGE,
  async run(args) {
    const [name, ...rest] = args;
    if (!name || name.startsWith('--')) {
      process.stderr.write(`report: which report? (${REPORT_NAMES.join(', ')})\nusage:\n  ${USAGE}\n`);
      return 2;
    }
    const options: Record<string, string> = {};
    for (let i = 0; i < rest.length; i++) {
      const arg = rest[i];
      if (!arg.startsWith('--')) {
        process.stderr.write(`report: unexpected argument "${arg}"\nusage:\n  ${USAGE}\n`);
        return 2;
      }
      const eq = arg.indexOf('=');
      if (eq > 0) options[arg.slice(2, eq)] = arg.slice(eq + 1);
      else if (rest[i + 1] !== undefined && !rest[i + 1].startsWith('--')) options[arg.slice(2)] = rest[++i];
      else options[arg.slice(2)] = 'true';
    }
    const { format, locale, out, ...reportOptions } = options;
    try {
      const request = { format: parseFormat(format), locale: parseLocale(locale) };
      return await withAppContext(async (app, config) => {
        const report = await app.get(ReportService).render(name, reportOptions, { ...request, userId: config.systemUserId });
        const file = path.resolve(out ?? report.fileName);
        fs.writeFileSync(file, report.body);
        process.stdout.write(`${file} (${report.body.length} bytes, run ${report.runId})\n`);
        return 0;
      });
    } catch (e) {
      if (e instanceof CostcloseError) {
        process.stderr.write(`report: ${e.message}\n`);
        return e.status === 404 ? 2 : 1;
      }
      throw e;
    }
  },
};
