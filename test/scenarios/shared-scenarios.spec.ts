/**
 * The acceptance test: every worked example in ../shared/scenarios runs through the scenario
 * runner with --check semantics, each on a database of its own. A file on the PENDING list needs
 * an op or a capability that a later issue builds; it still runs, its unmet expectations are
 * printed by name and count, and the day it passes the test says so. A file not on the list must
 * pass. Nothing may be added to the list to make a test pass.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runScenarioFile } from '../../src/scenario/run-scenario';
import { testConfig, testServerUrl } from '../support/test-database';

const SCENARIO_DIR = path.resolve(__dirname, '../../../shared/scenarios');

/** Pending #4: needs Post Inventory Cost to G/L or automatic cost posting, not built yet. */
const PENDING = new Set<string>([
  'ex14-cost-adjustment-item-charge-forwarded-to-sale.json',
  'ex20-expected-cost-posting.json',
  'ex28-inventory-posting-overhead-and-sale.json',
]);

const files = fs.readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.json')).sort();

describe('worked examples in ../shared/scenarios', () => {
  it('finds the scenario files', () => {
    expect(files.length).toBeGreaterThanOrEqual(18);
  });

  for (const file of files) {
    const pending = PENDING.has(file);
    it(`${file}${pending ? ' (pending #3/#4)' : ''}`, async () => {
      const report = await runScenarioFile(path.join(SCENARIO_DIR, file), { serverUrl: testServerUrl(), config: testConfig(), check: true });
      if (pending) {
        const unmet = report.exitCode === 2 ? 'not runnable yet' : `${report.failures.length} of ${report.expectationCount} expectations unmet`;
        process.stderr.write(`PENDING #3/#4 ${file}: ${unmet}${report.messages[0] ? ` (${report.messages[0].replace(/^.*?: /, '')})` : ''}\n`);
        expect(report.exitCode).not.toBe(0); // the day it passes, take it off the PENDING list
        return;
      }
      if (report.exitCode !== 0) throw new Error(report.messages.join('\n'));
      expect(report.failures).toEqual([]);
    });
  }
});
