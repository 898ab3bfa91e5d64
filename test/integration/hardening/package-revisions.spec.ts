/**
 * Issue 15, item 11: auditor packages are immutable. A period closed, reopened and closed again
 * gets a new revision (`…-r2.zip`) naming the revision it supersedes and the reopen in the audit
 * log; the old revision stays, byte for byte, and downloadable; a later period's package chains
 * to the new revision when that period is closed again; `verify-package` checks a folder's whole
 * chain, reports the superseded revisions, and detects tampering with any revision.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MikroORM } from '@mikro-orm/core';
import { AdjustmentService } from '../../../src/adjustment/adjustment.service';
import { withSession } from '../../../src/database/sql-session';
import { ItemJournalService } from '../../../src/item-journal/item-journal.service';
import { InventoryPeriodsService } from '../../../src/period-close/inventory-periods.service';
import { PackageManifest } from '../../../src/period-package/manifest';
import { BuildPackageInput, BuiltPackage, PeriodPackageService } from '../../../src/period-package/period-package.service';
import { verifyPackageFolder } from '../../../src/period-package/verify-folder';
import { verifyPackage } from '../../../src/period-package/verify-package';
import { InventoryCostPostingService } from '../../../src/posting/inventory-cost-posting.service';
import { FEBRUARY, JANUARY, reportFiles, seedClosedPeriods } from '../../support/period-data';
import { createTestContext } from '../../support/test-database';
import { readZip, rewriteZip, zipEntry } from '../../support/zip-tools';

const BIN = path.resolve(__dirname, '../../../bin/costclose.js');
const MARCH = { periodStartingDate: '2024-03-01', periodEndingDate: '2024-03-31' };

function costclose(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('auditor packages are immutable (issue 15, item 11)', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let packages: PeriodPackageService;
  let periods: InventoryPeriodsService;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'costclose-revisions-'));
  const built: Record<string, BuiltPackage> = {};
  const bytes: Record<string, Buffer> = {};
  /** The package store as it was after January's second close and before February's (copied). */
  const midway = path.join(scratch, 'midway');
  const input = (period: typeof JANUARY, runId: string, createdAt: string): BuildPackageInput => ({
    ...period,
    runId,
    createdAt: new Date(createdAt),
    files: reportFiles(period.periodEndingDate),
  });
  const query = <T = Record<string, string>>(text: string, params: unknown[] = []) =>
    withSession(ctx.app.get(MikroORM), (sql) => sql.query<T>(text, params as never[]));
  const rowCount = async () => (await query('SELECT count(*)::text AS n FROM period_package'))[0].n;
  const copyStore = (to: string) => {
    fs.mkdirSync(to, { recursive: true });
    for (const name of fs.readdirSync(ctx.config.packageDir))
      if (name.endsWith('.zip')) fs.copyFileSync(path.join(ctx.config.packageDir, name), path.join(to, name));
    return to;
  };
  /** A new purchase dated in the period, adjusted and posted, as finance would after a reopen. */
  const correct = async (postingDate: string) => {
    await ctx.app
      .get(ItemJournalService)
      .post([{ entryType: 'Purchase', itemNo: 'B', postingDate, quantity: '2', unitCost: '1.5', documentNo: `FIX-${postingDate}` }], 'T');
    await ctx.app.get(AdjustmentService).adjust('T');
    await ctx.app.get(InventoryCostPostingService).post('T');
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    packages = ctx.app.get(PeriodPackageService);
    periods = ctx.app.get(InventoryPeriodsService);
    await seedClosedPeriods(ctx.app);
    built.jan1 = await packages.build(input(JANUARY, 'run-jan', '2024-02-05T06:00:00.000Z'));
    built.feb1 = await packages.build(input(FEBRUARY, 'run-feb', '2024-03-05T06:00:00.000Z'));
    bytes.jan1 = fs.readFileSync(built.jan1.path);
    bytes.feb1 = fs.readFileSync(built.feb1.path);
  });
  afterAll(async () => {
    await ctx.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('re-closing a reopened period writes revision 2, naming revision 1 and the reopen; revision 1 stays as it was', async () => {
    expect(built.jan1).toMatchObject({ revision: 1, reused: false, fileName: 'costclose-period-2024-01-31.zip' });
    expect(await periods.reopen('2024-01-31', 'AUDITEE')).toEqual({ reopened: ['2024-01-31', '2024-02-29'] });
    const [reopenAudit] = await query<{ id: string; at: Date }>("SELECT id::text AS id, at FROM audit_log WHERE action = 'period.reopen' ORDER BY id");
    const [reopenEntry] = await query<{ entry_no: number }>(
      "SELECT entry_no FROM inventory_period_entry WHERE entry_type = 'ReOpen' AND ending_date = '2024-01-31'",
    );
    await correct('2024-01-25');
    await periods.close('2024-01-31', 'T');
    copyStore(midway);

    const jan2 = (built.jan2 = await packages.build(input(JANUARY, 'run-jan-2', '2024-03-10T06:00:00.000Z')));
    expect(jan2).toMatchObject({
      revision: 2,
      reused: false,
      fileName: 'costclose-period-2024-01-31-r2.zip',
      path: path.join(ctx.config.packageDir, 'costclose-period-2024-01-31-r2.zip'),
    });
    // February's current package still chains to revision 1: it gets its own revision 2 at its next close.
    expect(jan2.staleLaterPackages).toEqual(['2024-02-29']);
    expect(jan2.manifest).toMatchObject({
      revision: 2,
      runId: 'run-jan-2',
      previous: null,
      supersedes: {
        revision: 1,
        packageFileName: 'costclose-period-2024-01-31.zip',
        manifestSha256: built.jan1.manifestSha256,
        zipSha256: built.jan1.sha256,
        reopens: [
          {
            auditLogId: Number(reopenAudit.id),
            at: new Date(reopenAudit.at).toISOString(),
            userId: 'AUDITEE',
            reopenedFrom: '2024-01-31',
            inventoryPeriodEntryNo: Number(reopenEntry.entry_no),
          },
        ],
      },
    });
    const manifestInZip = JSON.parse((await zipEntry(jan2.path, 'manifest.json')).toString('utf8')) as PackageManifest;
    expect(manifestInZip).toEqual(jan2.manifest);
    // Revision 2 holds the corrected ledgers; revision 1 is the same file, byte for byte.
    expect((await zipEntry(jan2.path, 'item-ledger-entries.csv')).toString('utf8')).toContain('FIX-2024-01-25');
    expect((await zipEntry(built.jan1.path, 'item-ledger-entries.csv')).toString('utf8')).not.toContain('FIX-2024-01-25');
    expect(fs.readFileSync(built.jan1.path).equals(bytes.jan1)).toBe(true);

    // Both revisions stay downloadable; the current one is revision 2.
    expect(await packages.find('2024-01-31')).toMatchObject({ revision: 2, fileName: jan2.fileName, sha256: jan2.sha256, supersededBy: null });
    expect(await packages.find('2024-01-31', 1)).toMatchObject({ revision: 1, fileName: built.jan1.fileName, sha256: built.jan1.sha256, supersededBy: 2 });
    const list = await packages.list('2024-01-31');
    expect(list.map((r) => [r.revision, r.fileName, r.current, r.supersededBy, r.reopenedSince])).toEqual([
      [1, 'costclose-period-2024-01-31.zip', false, 2, false],
      [2, 'costclose-period-2024-01-31-r2.zip', true, null, false],
    ]);
    expect(list[1].supersedes).toEqual(jan2.manifest.supersedes);
    expect((await packages.list('2024-02-29')).map((r) => [r.revision, r.current, r.reopenedSince])).toEqual([[1, true, true]]);
    await expect(packages.find('2024-01-31', 3)).rejects.toMatchObject({
      status: 404,
      message: 'The inventory period ending 2024-01-31 has no package revision 3',
    });

    // The same close again (a resumed or second run) changes nothing.
    const again = await packages.build(input(JANUARY, 'run-jan-3', '2024-03-11T06:00:00.000Z'));
    expect(again).toMatchObject({ revision: 2, reused: true, sha256: jan2.sha256 });
    expect(await rowCount()).toBe('3');
  });

  it('the database refuses to change or remove a revision', async () => {
    await expect(query("UPDATE period_package SET zip_sha256 = repeat('0', 64) WHERE revision = 1")).rejects.toThrow(
      /period_package is append-only: UPDATE is not allowed/,
    );
    await expect(query('DELETE FROM period_package')).rejects.toThrow(/period_package is append-only: DELETE is not allowed/);
    await expect(query('TRUNCATE period_package')).rejects.toThrow(/append-only: TRUNCATE/);
    expect(await rowCount()).toBe('3');
  });

  it('a later period gets a new revision chained to the new one at its next close; none before', async () => {
    await expect(packages.build(input(FEBRUARY, 'run-feb-2', '2024-03-12T06:00:00.000Z'))).rejects.toThrow(
      /is not closed: packages are built for closed periods/,
    );
    await periods.close('2024-02-29', 'T');
    const feb2 = (built.feb2 = await packages.build(input(FEBRUARY, 'run-feb-2', '2024-03-12T06:00:00.000Z')));
    const [reopenAudit] = await query<{ id: string }>("SELECT id::text AS id FROM audit_log WHERE action = 'period.reopen' ORDER BY id");
    expect(feb2).toMatchObject({ revision: 2, fileName: 'costclose-period-2024-02-29-r2.zip', staleLaterPackages: [] });
    expect(feb2.manifest.previous).toEqual({
      endingDate: '2024-01-31',
      manifestSha256: built.jan2.manifestSha256,
      packageFileName: 'costclose-period-2024-01-31-r2.zip',
    });
    // February was reopened by the reopen of January (R116): the same audit entry is named.
    expect(feb2.manifest.supersedes).toMatchObject({
      revision: 1,
      packageFileName: built.feb1.fileName,
      manifestSha256: built.feb1.manifestSha256,
      reopens: [{ auditLogId: Number(reopenAudit.id), reopenedFrom: '2024-01-31', userId: 'AUDITEE' }],
    });
    expect(fs.readFileSync(built.feb1.path).equals(bytes.feb1)).toBe(true);
    // Revision 1 of February still verifies against revision 1 of January, which is still there.
    expect(await verifyPackage(built.feb1.path)).toMatchObject({ ok: true, previousFile: built.jan1.path });
    expect(await verifyPackage(feb2.path)).toMatchObject({ ok: true, failures: [], previousFile: built.jan2.path, supersededFile: built.feb1.path });
    expect((await packages.build(input(JANUARY, 'run-jan-4', '2024-03-13T06:00:00.000Z'))).staleLaterPackages).toEqual([]);
  });

  it('refuses to chain a package to a revision whose period was reopened since, writing nothing', async () => {
    // Reopen February alone (March is open), close it again and close March: March's package would
    // chain to February's revision 2, which documents a close that was undone.
    expect(await periods.reopen('2024-02-29', 'AUDITEE')).toEqual({ reopened: ['2024-02-29'] });
    await correct('2024-02-20');
    await periods.close('2024-02-29', 'T');
    await periods.close('2024-03-31', 'T');
    const before = await rowCount();
    await expect(packages.build(input(MARCH, 'run-mar', '2024-04-05T06:00:00.000Z'))).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/^The package of the period ending 2024-02-29 \(costclose-period-2024-02-29-r2\.zip\) documents a close that was undone/),
    });
    expect(await rowCount()).toBe(before);
    expect(fs.existsSync(path.join(ctx.config.packageDir, 'costclose-period-2024-03-31.zip'))).toBe(false);
    built.feb3 = await packages.build(input(FEBRUARY, 'run-feb-3', '2024-04-04T06:00:00.000Z'));
    expect(built.feb3).toMatchObject({ revision: 3, fileName: 'costclose-period-2024-02-29-r3.zip' });
    expect(built.feb3.manifest.supersedes).toMatchObject({ revision: 2, packageFileName: built.feb2.fileName, reopens: [{ reopenedFrom: '2024-02-29' }] });
    built.mar1 = await packages.build(input(MARCH, 'run-mar', '2024-04-05T06:00:00.000Z'));
    expect(built.mar1.manifest.previous).toMatchObject({ endingDate: '2024-02-29', packageFileName: 'costclose-period-2024-02-29-r3.zip' });
    expect(
      fs
        .readdirSync(ctx.config.packageDir)
        .filter((n) => n.endsWith('.zip'))
        .sort(),
    ).toEqual([
      'costclose-period-2024-01-31-r2.zip',
      'costclose-period-2024-01-31.zip',
      'costclose-period-2024-02-29-r2.zip',
      'costclose-period-2024-02-29-r3.zip',
      'costclose-period-2024-02-29.zip',
      'costclose-period-2024-03-31.zip',
    ]);
    expect(fs.readFileSync(built.jan1.path).equals(bytes.jan1)).toBe(true);
    expect(fs.readFileSync(built.feb1.path).equals(bytes.feb1)).toBe(true);
  });

  it('verify-package checks a folder’s whole chain and reports the superseded revisions', async () => {
    const dir = copyStore(path.join(scratch, 'all'));
    const result = await verifyPackageFolder(dir);
    expect(result.failures).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.packages.map((p) => [p.file, p.endingDate, p.revision, p.status, p.supersededBy])).toEqual([
      ['costclose-period-2024-01-31.zip', '2024-01-31', 1, 'superseded', 'costclose-period-2024-01-31-r2.zip'],
      ['costclose-period-2024-01-31-r2.zip', '2024-01-31', 2, 'current', null],
      ['costclose-period-2024-02-29.zip', '2024-02-29', 1, 'superseded', 'costclose-period-2024-02-29-r2.zip'],
      ['costclose-period-2024-02-29-r2.zip', '2024-02-29', 2, 'superseded', 'costclose-period-2024-02-29-r3.zip'],
      ['costclose-period-2024-02-29-r3.zip', '2024-02-29', 3, 'current', null],
      ['costclose-period-2024-03-31.zip', '2024-03-31', 1, 'current', null],
    ]);
    expect(result.chain).toEqual(['costclose-period-2024-03-31.zip', 'costclose-period-2024-02-29-r3.zip', 'costclose-period-2024-01-31-r2.zip']);
    expect(result.notes).toEqual([
      expect.stringMatching(
        /^costclose-period-2024-01-31\.zip: revision 1 of the period ending 2024-01-31, superseded by costclose-period-2024-01-31-r2\.zip; reopened by AUDITEE at \S+ \(audit log entry \d+\)$/,
      ),
      expect.stringMatching(/^costclose-period-2024-02-29\.zip: revision 1 .* superseded by costclose-period-2024-02-29-r2\.zip; reopened by AUDITEE/),
      expect.stringMatching(/^costclose-period-2024-02-29-r2\.zip: revision 2 .* superseded by costclose-period-2024-02-29-r3\.zip; reopened by AUDITEE/),
    ]);
    expect(result.filesChecked).toBe(6 * 7);

    const cli = costclose('verify-package', dir);
    expect([cli.code, cli.stderr]).toEqual([0, '']);
    expect(cli.stdout.split('\n')[0]).toBe(
      `OK ${dir}: 6 packages of 3 periods (3 superseded), 42 files match their manifests; chain of current revisions: costclose-period-2024-03-31.zip -> costclose-period-2024-02-29-r3.zip -> costclose-period-2024-01-31-r2.zip`,
    );
    expect(cli.stdout).toMatch(
      /\n {2}note: costclose-period-2024-01-31\.zip: revision 1 of the period ending 2024-01-31, superseded by costclose-period-2024-01-31-r2\.zip; reopened by AUDITEE/,
    );
    // One revision alone still verifies, with a note when the revision it supersedes is not beside it.
    const alone = path.join(scratch, 'alone');
    fs.mkdirSync(alone);
    fs.copyFileSync(built.jan2.path, path.join(alone, built.jan2.fileName));
    const single = costclose('verify-package', path.join(alone, built.jan2.fileName));
    expect(single.code).toBe(0);
    expect(single.stdout).toMatch(
      /first package of its chain; revision 2, superseding costclose-period-2024-01-31\.zip\n {2}note: the superseded revision 1 \(costclose-period-2024-01-31\.zip\) is not beside this package; it was not checked\n$/,
    );
    expect(costclose('verify-package', dir, '--previous', built.jan1.path).code).toBe(2);
  });

  it('reports a later package that still chains to a superseded revision as awaiting its own new revision', async () => {
    // The store between January's second close and February's: February's only package links to January's revision 1.
    fs.copyFileSync(built.jan2.path, path.join(midway, built.jan2.fileName));
    const result = await verifyPackageFolder(midway);
    expect(result.failures).toEqual([]);
    expect(result.chain).toEqual(['costclose-period-2024-02-29.zip', 'costclose-period-2024-01-31.zip']);
    expect(result.notes).toEqual([
      expect.stringMatching(/^costclose-period-2024-01-31\.zip: revision 1 .* superseded by costclose-period-2024-01-31-r2\.zip/),
      'costclose-period-2024-02-29.zip: its chain link names costclose-period-2024-01-31.zip, which costclose-period-2024-01-31-r2.zip superseded; the period ending 2024-02-29 awaits its own new revision (built when it is closed again)',
    ]);
  });

  it('detects tampering with any revision, superseded ones included', async () => {
    const names = fs.readdirSync(path.join(scratch, 'all')).sort();
    for (const name of names) {
      const dir = copyStore(path.join(scratch, `tampered-${name}`));
      await rewriteZip(path.join(ctx.config.packageDir, name), path.join(dir, name), (entries) =>
        entries.map((e) => (e.name === 'value-entries.csv' ? { ...e, content: Buffer.from(e.content.toString('utf8').replace(/,-?\d+(\.\d+)?,/, ',0,')) } : e)),
      );
      const result = await verifyPackageFolder(dir);
      expect([name, result.ok]).toEqual([name, false]);
      expect(result.failures).toEqual([
        expect.stringMatching(new RegExp(`^${name.replace(/\./g, '\\.')}: value-entries\\.csv: SHA-256 [0-9a-f]{64} does not match manifest\\.json`)),
      ]);
      if (name !== names[0]) continue;
      const cli = costclose('verify-package', dir);
      expect(cli.code).toBe(1);
      expect(cli.stderr).toMatch(new RegExp(`^FAILED ${dir}: 1 problem\\n {2}- ${name.replace(/\./g, '\\.')}: value-entries\\.csv: SHA-256`));
    }

    // A superseded revision replaced by a consistent forgery (its own manifest matches its files):
    // the revision that superseded it, and the later package that chained to it, both recorded its manifest's hash.
    const forged = copyStore(path.join(scratch, 'forged'));
    await rewriteZip(built.jan1.path, path.join(forged, built.jan1.fileName), (entries) =>
      entries.map((e) =>
        e.name === 'manifest.json' ? { ...e, content: Buffer.from(e.content.toString('utf8').replace('"runId": "run-jan"', '"runId": "run-forged"')) } : e,
      ),
    );
    const result = await verifyPackageFolder(forged);
    expect(result.failures).toEqual([
      expect.stringMatching(
        /^costclose-period-2024-01-31-r2\.zip: supersession link broken: manifest\.json of the superseded revision .*costclose-period-2024-01-31\.zip has SHA-256/,
      ),
      expect.stringMatching(/^costclose-period-2024-02-29\.zip: chain link broken: manifest\.json of the previous package .*costclose-period-2024-01-31\.zip/),
    ]);

    // A superseded revision removed from the folder: the record is no longer whole.
    const gap = copyStore(path.join(scratch, 'gap'));
    fs.rmSync(path.join(gap, 'costclose-period-2024-02-29-r2.zip'));
    const missing = await verifyPackageFolder(gap);
    expect(missing.failures).toEqual([
      'costclose-period-2024-02-29-r3.zip: the superseded revision 2 (costclose-period-2024-02-29-r2.zip) is not beside this package; the folder should hold every revision',
      'revision 2 of the period ending 2024-02-29 is missing from the folder (its revision 3 is there)',
    ]);
    expect((await readZip(path.join(gap, 'costclose-period-2024-02-29-r3.zip'))).length).toBe(8); // manifest.json and seven files
  });
});
