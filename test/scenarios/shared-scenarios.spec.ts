/**
 * The acceptance test: every worked example in ../shared/scenarios runs through the scenario
 * runner with --check semantics, each on a database of its own, and every expectation must hold.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runScenarioFile } from '../../src/scenario/run-scenario';
import { testConfig, testServerUrl } from '../support/test-database';

const SCENARIO_DIR = path.resolve(__dirname, '../../../shared/scenarios');
const files = fs.readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.json')).sort();

describe('scenarios of our own (test/scenarios/own)', () => {
  const own = path.join(__dirname, 'own');
  for (const file of fs.readdirSync(own).filter((f) => f.endsWith('.json')).sort()) {
    it(file, async () => {
      const report = await runScenarioFile(path.join(own, file), { serverUrl: testServerUrl(), config: testConfig(), check: true });
      if (report.exitCode !== 0) throw new Error(report.messages.join('\n'));
    });
  }
});

describe('worked examples in ../shared/scenarios', () => {
  it('finds the scenario files', () => {
    expect(files.length).toBeGreaterThanOrEqual(18);
  });

  for (const file of files) {
    it(file, async () => {
      const report = await runScenarioFile(path.join(SCENARIO_DIR, file), { serverUrl: testServerUrl(), config: testConfig(), check: true });
      if (report.exitCode !== 0) throw new Error(report.messages.join('\n'));
      expect(report.failures).toEqual([]);
      expect(report.expectationCount).toBeGreaterThan(0);
    });
  }
});
