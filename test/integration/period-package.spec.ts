import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MikroORM } from '@mikro-orm/core';
import { CsvValue, csvLine } from '../../src/common/csv';
import { withSession } from '../../src/database/sql-session';
import { FileStore } from '../../src/period-package/file-store';
import { LEDGER_EXTRACTS, writeLedgerExtract } from '../../src/period-package/ledger-extracts';
import { canonicalJson, PackageManifest, sha256Hex } from '../../src/period-package/manifest';
import { BuildPackageInput, BuiltPackage, PeriodPackageService } from '../../src/period-package/period-package.service';
import { verifyPackage } from '../../src/period-package/verify-package';
import { COMPANY, FEBRUARY, JANUARY, reportFiles, seedClosedPeriods } from '../support/period-data';
import { createTestContext } from '../support/test-database';
import { readZip, rewriteZip, zipEntry } from '../support/zip-tools';

describe('period-close package', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let packages: PeriodPackageService;
  let january: BuiltPackage;
  let february: BuiltPackage;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'costclose-package-spec-'));
  const input = (period: typeof JANUARY, runId: string, createdAt = '2024-03-05T06:00:00.000Z'): BuildPackageInput => ({
    ...period,
    runId,
    createdAt: new Date(createdAt),
    files: reportFiles(period.periodEndingDate),
  });
  const dbRows = (sqlText: string, params: string[]) => withSession(ctx.app.get(MikroORM), (sql) => sql.query<Record<string, string>>(sqlText, params));

  beforeAll(async () => {
    ctx = await createTestContext();
    packages = ctx.app.get(PeriodPackageService);
    await seedClosedPeriods(ctx.app);
    january = await packages.build(input(JANUARY, 'run-jan'));
    february = await packages.build(input(FEBRUARY, 'run-feb'));
  });
  afterAll(async () => {
    await ctx.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('stores each package with a manifest chained to the previous period', async () => {
    expect(january).toMatchObject({ fileName: 'costclose-period-2024-01-31.zip', path: path.join(ctx.config.packageDir, 'costclose-period-2024-01-31.zip') });
    expect(sha256Hex(fs.readFileSync(january.path))).toBe(january.sha256);
    expect(fs.statSync(january.path).size).toBe(january.size);
    expect(january.manifest).toMatchObject({
      formatVersion: 1,
      company: COMPANY,
      period: { startingDate: '2024-01-01', endingDate: '2024-01-31' },
      runId: 'run-jan',
      createdAt: '2024-03-05T06:00:00.000Z',
      previous: null,
    });
    expect(january.manifest.softwareVersion).toBe(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')).version);
    expect(february.manifest.previous).toEqual({ endingDate: '2024-01-31', manifestSha256: january.manifestSha256, packageFileName: january.fileName });

    // manifest.json is the first entry, canonical (sorted keys), and hashes to manifestSha256.
    const entries = await readZip(february.path);
    expect(entries.map((e) => e.name)).toEqual([
      'manifest.json',
      'capacity-ledger-entries.csv',
      'gl-entries.csv',
      'inventory-valuation.csv',
      'inventory-valuation.pdf',
      'item-ledger-entries.csv',
      'reconciliation.csv',
      'value-entries.csv',
    ]);
    const manifestBytes = entries[0].content;
    expect(sha256Hex(manifestBytes)).toBe(february.manifestSha256);
    expect(manifestBytes.toString('utf8')).toBe(canonicalJson(february.manifest));
    expect(Object.keys(JSON.parse(manifestBytes.toString('utf8')))).toEqual([
      'company',
      'createdAt',
      'files',
      'formatVersion',
      'period',
      'previous',
      'runId',
      'softwareVersion',
    ]);
    const manifest = JSON.parse(manifestBytes.toString('utf8')) as PackageManifest;
    expect(manifest.files.map((f) => f.name)).toEqual(entries.slice(1).map((e) => e.name));
    for (const file of manifest.files) {
      const content = entries.find((e) => e.name === file.name)!.content;
      expect([file.name, file.size, file.sha256]).toEqual([file.name, content.length, sha256Hex(content)]);
    }
    expect(entries.find((e) => e.name === 'inventory-valuation.pdf')!.content).toEqual(reportFiles('2024-02-29')[0].content);

    const rows = await dbRows(
      'SELECT ending_date, file_name, zip_sha256, manifest_sha256, size::text, run_id, previous_ending_date FROM period_package ORDER BY ending_date',
      [],
    );
    expect(rows).toEqual([
      {
        ending_date: '2024-01-31',
        file_name: january.fileName,
        zip_sha256: january.sha256,
        manifest_sha256: january.manifestSha256,
        size: String(january.size),
        run_id: 'run-jan',
        previous_ending_date: null,
      },
      {
        ending_date: '2024-02-29',
        file_name: february.fileName,
        zip_sha256: february.sha256,
        manifest_sha256: february.manifestSha256,
        size: String(february.size),
        run_id: 'run-feb',
        previous_ending_date: '2024-01-31',
      },
    ]);
  });

  it('verifies both packages and the chain between them', async () => {
    const jan = await verifyPackage(january.path);
    expect(jan).toMatchObject({ ok: true, failures: [], filesChecked: 7, previousFile: null, manifestSha256: january.manifestSha256 });
    const feb = await verifyPackage(february.path);
    expect(feb).toMatchObject({ ok: true, failures: [], filesChecked: 7, previousFile: january.path });
  });

  it('extracts exactly the period’s ledger rows as CSV: BOM, CRLF, quoting, decimals as stored', async () => {
    for (const [pkg, period] of [
      [january, JANUARY],
      [february, FEBRUARY],
    ] as const) {
      for (const [file, table, amountColumn] of [
        ['item-ledger-entries.csv', 'item_ledger_entry', 'quantity'],
        ['value-entries.csv', 'value_entry', 'cost_amount_actual'],
        ['gl-entries.csv', 'gl_entry', 'amount'],
      ]) {
        const bytes = await zipEntry(pkg.path, file);
        expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
        const text = bytes.toString('utf8').slice(1);
        expect(text.endsWith('\r\n')).toBe(true);
        expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/); // every line ends in CRLF
        const [header, ...lines] = text.slice(0, -2).split('\r\n');
        const columns = header.split(',');
        expect(columns[0]).toBe('entryNo');
        expect(columns).toContain('postingDate');
        const expected = await dbRows(
          `SELECT entry_no::text AS no, ${amountColumn}::text AS amount FROM ${table} WHERE posting_date BETWEEN $1 AND $2 ORDER BY entry_no`,
          [period.periodStartingDate, period.periodEndingDate],
        );
        expect(expected.length).toBeGreaterThan(0);
        expect(lines).toHaveLength(expected.length);
        const amountIndex = columns.indexOf(amountColumn.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase()));
        const dateIndex = columns.indexOf('postingDate');
        // No field in these rows holds a comma except the quoted document number checked below.
        const parsed = lines.map((l) => l.replace(/"(?:[^"]|"")*"/g, 'QUOTED').split(','));
        expect(parsed.map((f) => [f[0], f[amountIndex]])).toEqual(expected.map((r) => [r.no, r.amount]));
        for (const fields of parsed) expect(fields[dateIndex] >= period.periodStartingDate && fields[dateIndex] <= period.periodEndingDate).toBe(true);
      }
    }
    // The streamed file is the plain query's rows as CSV lines, byte for byte.
    const work = fs.mkdtempSync(path.join(scratch, 'streamed-'));
    const quarter = { startingDate: '2024-01-01', endingDate: '2024-03-31' };
    const [written, plainRows] = await withSession(ctx.app.get(MikroORM), async (sql) => [
      await writeLedgerExtract(sql, LEDGER_EXTRACTS[1], quarter, path.join(work, 'value-entries.csv')),
      await sql.queryArrays(`SELECT ${LEDGER_EXTRACTS[1].columns.join(', ')} FROM value_entry_with_gl WHERE posting_date BETWEEN $1 AND $2 ORDER BY entry_no`, [
        quarter.startingDate,
        quarter.endingDate,
      ]),
    ]);
    const streamed = fs.readFileSync(path.join(work, 'value-entries.csv'));
    expect(written.rows).toBe(plainRows.length);
    expect(written.rows).toBeGreaterThan(5);
    const text = streamed.toString('utf8');
    expect(text.slice(text.indexOf('\r\n') + 2)).toBe(plainRows.map((r) => csvLine(r as CsvValue[])).join(''));
    expect([written.size, written.sha256]).toEqual([streamed.length, sha256Hex(streamed)]);

    const janEntries = (await zipEntry(january.path, 'item-ledger-entries.csv')).toString('utf8');
    expect(janEntries).toContain(',"R-1, ""first""",');
    // No production or assembly here: the capacity ledger's file is its header alone.
    expect((await zipEntry(february.path, 'capacity-ledger-entries.csv')).toString('utf8')).toBe(
      '\ufeffentryNo,orderNo,type,no,postingDate,documentNo,quantity,subcontracting,directCost,overheadCost\r\n',
    );
    const glEntries = (await zipEntry(february.path, 'gl-entries.csv')).toString('utf8');
    expect(glEntries).toContain('\r\n1,2024-02-10,2130,12.5,MAN1,"Stock count, line 1",1,GENJNL,T\r\n');
    expect((await zipEntry(january.path, 'value-entries.csv')).toString('utf8')).toContain(
      '\r\n2,2,A,,,2024-01-20,2024-01-20,S-1,DirectCost,,Sale,false,,,-4,-4,-4,-29.4,0,false,false,ITEMJNL,RESALE,,RETAIL,T,,,,-29.4,0\r\n',
    );
  });

  it('never rebuilds a package in place: a build for the same close returns the stored revision; the bytes depend on the inputs only', async () => {
    const before = fs.readFileSync(february.path);
    const again = await packages.build(input(FEBRUARY, 'run-feb'));
    expect(again).toMatchObject({
      reused: true,
      revision: 1,
      fileName: february.fileName,
      sha256: february.sha256,
      manifestSha256: february.manifestSha256,
      staleLaterPackages: [],
    });
    // Another run of the same close (a second close run for a closed period) gets the same package, not a new one (issue 15, item 11).
    const other = await packages.build(input(FEBRUARY, 'run-other', '2024-03-06T07:00:00.000Z'));
    expect(other).toMatchObject({ reused: true, revision: 1, sha256: february.sha256 });
    expect(other.manifest).toEqual(february.manifest);
    expect(fs.readFileSync(february.path).equals(before)).toBe(true);
    expect((await dbRows('SELECT count(*)::text AS n FROM period_package', []))[0].n).toBe('2');
    expect((await verifyPackage(february.path)).ok).toBe(true);

    // The same inputs give the same bytes (drafts are built anew every time), whatever the builder's time zone.
    const draft = await packages.build({ ...input(FEBRUARY, 'run-feb'), draft: true });
    expect((await packages.build({ ...input(FEBRUARY, 'run-feb'), draft: true })).sha256).toBe(draft.sha256);
    const zone = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati';
      expect((await packages.build({ ...input(FEBRUARY, 'run-feb'), draft: true })).sha256).toBe(draft.sha256);
      process.env.TZ = 'America/Los_Angeles';
      expect((await packages.build({ ...input(FEBRUARY, 'run-feb'), draft: true })).sha256).toBe(draft.sha256);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    expect((await packages.build({ ...input(FEBRUARY, 'run-feb', '2024-03-06T07:00:00.000Z'), draft: true })).sha256).not.toBe(draft.sha256);
    fs.rmSync(draft.path);
  });

  it('names the file that was changed, removed or added inside a package', async () => {
    const copy = (name: string) => path.join(scratch, name);
    fs.copyFileSync(january.path, copy(january.fileName));

    await rewriteZip(february.path, copy('changed.zip'), (entries) =>
      entries.map((e) => (e.name === 'value-entries.csv' ? { ...e, content: Buffer.from(e.content.toString('utf8').replace(/,-?\d+(\.\d+)?,/, ',0,')) } : e)),
    );
    const changed = await verifyPackage(copy('changed.zip'));
    expect(changed.ok).toBe(false);
    expect(changed.failures.join('\n')).toMatch(
      /^value-entries\.csv: SHA-256 [0-9a-f]{64} does not match manifest\.json \([0-9a-f]{64}\); the file was changed$/m,
    );
    expect(changed.failures.every((f) => f.startsWith('value-entries.csv'))).toBe(true);

    await rewriteZip(february.path, copy('removed.zip'), (entries) => entries.filter((e) => e.name !== 'inventory-valuation.pdf'));
    const removed = await verifyPackage(copy('removed.zip'));
    expect(removed.failures).toEqual(['inventory-valuation.pdf is listed in manifest.json but missing from the package']);

    await rewriteZip(february.path, copy('added.zip'), (entries) => [...entries, { name: 'extra.txt', content: Buffer.from('slipped in') }]);
    expect((await verifyPackage(copy('added.zip'))).failures).toEqual(['extra.txt is in the package but not listed in manifest.json']);

    await rewriteZip(february.path, copy('no-manifest.zip'), (entries) => entries.filter((e) => e.name !== 'manifest.json'));
    expect((await verifyPackage(copy('no-manifest.zip'))).failures).toEqual(['manifest.json is missing']);

    fs.writeFileSync(copy('not-a-zip.zip'), 'PK but not really');
    expect((await verifyPackage(copy('not-a-zip.zip'))).failures).toEqual([expect.stringMatching(/is not a readable zip file/)]);
  });

  it('fails the chain link when the previous package’s manifest was altered or is missing', async () => {
    const dir = fs.mkdtempSync(path.join(scratch, 'chain-'));
    const feb = path.join(dir, february.fileName);
    fs.copyFileSync(february.path, feb);
    expect((await verifyPackage(feb)).failures).toEqual([
      expect.stringMatching(/^the previous package .*costclose-period-2024-01-31\.zip \(period ending 2024-01-31\) is not there/),
    ]);

    // The altered January package is itself consistent (its manifest lists what it holds) but is not the one February chained to.
    await rewriteZip(january.path, path.join(dir, january.fileName), (entries) =>
      entries.map((e) =>
        e.name === 'manifest.json' ? { ...e, content: Buffer.from(e.content.toString('utf8').replace('"runId": "run-jan"', '"runId": "run-forged"')) } : e,
      ),
    );
    expect((await verifyPackage(path.join(dir, january.fileName))).ok).toBe(true);
    const result = await verifyPackage(feb);
    expect(result.ok).toBe(false);
    expect(result.failures).toEqual([expect.stringMatching(/^chain link broken: .*the previous package was changed or replaced$/)]);

    expect((await verifyPackage(feb, { previousFile: january.path })).ok).toBe(true);
    expect((await verifyPackage(january.path, { previousFile: february.path })).failures).toEqual([expect.stringMatching(/records no previous package/)]);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const store = ctx.app.get(FileStore);
    const count = async () => (await dbRows('SELECT count(*)::text AS n FROM period_package', []))[0].n;
    await expect(
      packages.build({
        periodStartingDate: '2024-03-01',
        periodEndingDate: '2024-02-30',
        runId: ' ',
        createdAt: new Date('nope'),
        files: [
          { name: '../evil.pdf', content: Buffer.from('x') },
          { name: 'manifest.json', content: Buffer.from('{}') },
        ],
      }),
    ).rejects.toMatchObject({
      status: 422,
      details: [
        { field: 'periodEndingDate' },
        { field: 'runId' },
        { field: 'createdAt' },
        { field: 'files[0].name', message: expect.stringMatching(/not a plain file name/) },
        { field: 'files[1].name', message: expect.stringMatching(/a name the package writes itself/) },
      ],
    });
    await expect(packages.build({ ...input(FEBRUARY, 'x'), periodStartingDate: '2024-01-15' })).rejects.toMatchObject({
      status: 422,
      details: [{ field: 'periodStartingDate', message: expect.stringMatching(/starts on 2024-02-01/) }],
    });
    await expect(packages.build(input({ periodStartingDate: '2024-03-01', periodEndingDate: '2024-03-31' }, 'x'))).rejects.toThrow(
      /is not closed: packages are built for closed periods/,
    );
    await expect(packages.build(input({ periodStartingDate: '2024-04-01', periodEndingDate: '2024-04-30' }, 'x'))).rejects.toMatchObject({ status: 404 });
    expect(await count()).toBe('2');
    expect(await store.exists('costclose-period-2024-03-31.zip')).toBe(false);
    expect(fs.readdirSync(ctx.config.packageDir).sort()).toEqual(['.work', january.fileName, february.fileName]);
    expect(fs.readdirSync(path.join(ctx.config.packageDir, '.work'))).toEqual([]);
  });
});
