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

/** Pending #3/#4: needs an op or automatic cost posting that is not built yet. */
const PENDING = new Set<string>([
  'ex01-costing-methods-fifo.json',
  'ex02-costing-methods-lifo.json',
  'ex03-costing-methods-average.json',
  'ex04-costing-methods-standard.json',
  'ex05-costing-methods-specific.json',
  'ex07-fixed-application-purchase-return.json',
  'ex09-fixed-application-sales-return-item-charge.json',
  'ex10-transfer-application-average.json',
  'ex14-cost-adjustment-item-charge-forwarded-to-sale.json',
  'ex16-adjustment-posting-date.json',
  'ex20-expected-cost-posting.json',
  'ex21-average-cost-period-day.json',
  'ex24-average-cost-recalculation.json',
  'ex26-rounding-average.json',
  'ex28-inventory-posting-overhead-and-sale.json',
  'ex32-revaluation-fifo-affected-decreases.json',
  'ex33-revaluation-average-calculate-inventory-value.json',
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
