/**
 * `costclose verify-package` as an auditor runs it (after `npm run build`, which `npm test` runs
 * first), on packages built by the service and copied out of the store.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BuiltPackage, PeriodPackageService } from '../../src/period-package/period-package.service';
import { FEBRUARY, JANUARY, reportFiles, seedClosedPeriods } from '../support/period-data';
import { createTestContext } from '../support/test-database';
import { rewriteZip } from '../support/zip-tools';

const BIN = path.resolve(__dirname, '../../bin/costclose.js');

function costclose(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('costclose verify-package', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'costclose-verify-cli-'));
  let january: string;
  let february: string;
  let built: BuiltPackage;

  beforeAll(async () => {
    const ctx = await createTestContext();
    try {
      await seedClosedPeriods(ctx.app);
      const packages = ctx.app.get(PeriodPackageService);
      const jan = await packages.build({ ...JANUARY, runId: 'run-jan', createdAt: new Date('2024-02-01T05:00:00Z'), files: reportFiles('2024-01-31') });
      built = await packages.build({ ...FEBRUARY, runId: 'run-feb', createdAt: new Date('2024-03-01T05:00:00Z'), files: reportFiles('2024-02-29') });
      january = path.join(dir, jan.fileName);
      february = path.join(dir, built.fileName);
      fs.copyFileSync(jan.path, january);
      fs.copyFileSync(built.path, february);
    } finally {
      await ctx.close();
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exits 0 with a summary for a sound package and chain link', () => {
    const run = costclose('verify-package', february);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `OK ${february}: Bolt & "Nut", Ltd, period 2024-02-01..2024-02-29, run run-feb; 7 files match manifest.json (SHA-256 ${built.manifestSha256}); chain link to ${january} (period ending 2024-01-31) holds\n`,
    );
    expect(costclose('verify-package', january).stdout).toMatch(/^OK .*first package of its chain\n$/);
  });

  it('exits 1 listing every failure', async () => {
    const tampered = path.join(dir, 'tampered.zip');
    await rewriteZip(february, tampered, (entries) =>
      entries
        .filter((e) => e.name !== 'reconciliation.csv')
        .map((e) => (e.name === 'gl-entries.csv' ? { ...e, content: Buffer.concat([e.content, Buffer.from('99,2024-02-29,2130,1000000,X,,9,,T\r\n')]) } : e)),
    );
    const run = costclose('verify-package', tampered, '--previous', february);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`FAILED ${tampered}: 4 problems`);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^ {2}- gl-entries\.csv: \d+ bytes, manifest\.json says \d+$/),
      expect.stringMatching(/^ {2}- gl-entries\.csv: SHA-256 [0-9a-f]{64} does not match manifest\.json/),
      '  - reconciliation.csv is listed in manifest.json but missing from the package',
      expect.stringMatching(/^ {2}- chain link broken: manifest\.json of the previous package .*costclose-period-2024-02-29\.zip has SHA-256/),
    ]);
  });

  it('exits 2 for usage errors', () => {
    for (const args of [
      [],
      ['a.zip', 'b.zip'],
      [february, '--prev', january],
      [february, '--previous'],
      [path.join(dir, 'nope.zip')],
      [february, '--previous', path.join(dir, 'nope.zip')],
    ]) {
      const run = costclose('verify-package', ...args);
      expect([args, run.code]).toEqual([args, 2]);
      expect(run.stderr).toMatch(/usage:\n {2}costclose verify-package FILE\.zip \[--previous PREVIOUS\.zip\]/);
    }
    expect(costclose('verify-package', path.join(dir, 'nope.zip')).stderr).toMatch(/^verify-package: no such file: .*nope\.zip\n/);
  });
});
