import * as fs from 'fs';
import { loadAppConfig } from '../../config/app-config';
import { resolveDatabaseServer } from '../../database/database-server';
import { runScenarioFile } from '../../scenario/run-scenario';
import { CliCommand, parseOptions, usageError } from './command';

/** `scenario run FILE [--out RESULT.json] [--check]`: a worked example on a scratch database. */
export const scenarioCommand: CliCommand = {
  name: 'scenario',
  usage: 'costclose scenario run FILE.json [--out RESULT.json] [--check]',
  async run(args) {
    const [sub, ...rest] = args;
    const parsed = parseOptions(rest, ['out'], ['check']);
    const file = parsed.positional[0];
    if (sub !== 'run' || !file || parsed.positional.length > 1) return usageError('scenario: expected "run FILE.json"', this.usage);
    if (parsed.error) return usageError(parsed.error, this.usage);
    const out = parsed.options.out ?? null;
    const check = parsed.switches.has('check');
    const config = loadAppConfig();
    const server = await resolveDatabaseServer(config, (m) => process.stderr.write(m + '\n'));
    try {
      const report = await runScenarioFile(file, { serverUrl: server.url, config, check });
      if (report.result) {
        const json = JSON.stringify(report.result, null, 2) + '\n';
        if (out) fs.writeFileSync(out, json);
        else if (!check) process.stdout.write(json);
      }
      for (const m of report.messages) process.stderr.write(m + '\n');
      if (check && report.exitCode === 0) process.stderr.write(`${file}: all ${report.expectationCount} expectations hold\n`);
      return report.exitCode;
    } finally {
      await server.embedded?.stop();
    }
  },
};
