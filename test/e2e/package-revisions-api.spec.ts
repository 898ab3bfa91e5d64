/**
 * Issue 15, item 11 over HTTP: a period's package revisions are listed, and every revision —
 * superseded ones included — downloads byte for byte with its revision in the headers.
 */
import type { INestApplication } from '@nestjs/common';
import { createHash } from 'crypto';
import * as fs from 'fs';
import type { AppConfig } from '../../src/config/app-config';
import { createHttpApp } from '../../src/http-app';
import { InventoryPeriodsService } from '../../src/period-close/inventory-periods.service';
import { BuiltPackage, PeriodPackageService } from '../../src/period-package/period-package.service';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';
import { JANUARY, reportFiles, seedClosedPeriods } from '../support/period-data';
import { binary } from '../support/http-binary';
import { asUser, createTestUsers, UserClient } from '../support/http-auth';
import { createTestDatabase, testConfig } from '../support/test-database';

describe('period-close package revisions over HTTP', () => {
  let app: INestApplication;
  let db: ScratchDatabase;
  let config: AppConfig;
  let http: UserClient;
  let r1: BuiltPackage;
  let r2: BuiltPackage;
  let r1Bytes: Buffer;

  beforeAll(async () => {
    db = await createTestDatabase();
    config = testConfig();
    app = await createHttpApp({ config, databaseUrl: db.url, migrate: true });
    await app.init();
    http = asUser(app, (await createTestUsers(app)).auditor);
    await seedClosedPeriods(app);
    const packages = app.get(PeriodPackageService);
    r1 = await packages.build({ ...JANUARY, runId: 'run-1', createdAt: new Date('2024-02-02T08:00:00Z'), files: reportFiles('2024-01-31') });
    r1Bytes = fs.readFileSync(r1.path);
    const periods = app.get(InventoryPeriodsService);
    await periods.reopen('2024-01-31', 'FIN');
    await periods.close('2024-01-31', 'FIN');
    r2 = await packages.build({ ...JANUARY, runId: 'run-2', createdAt: new Date('2024-02-09T08:00:00Z'), files: reportFiles('2024-01-31') });
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
    fs.rmSync(config.packageDir, { recursive: true, force: true });
  });

  it('lists every revision with what superseded it and what it supersedes', async () => {
    const res = await http.get('/api/periods/2024-01-31/package/revisions').expect(200);
    const items = res.body.items as Record<string, unknown>[];
    expect(items.map((i) => [i.revision, i.fileName, i.sha256, i.current, i.supersededBy, i.runId])).toEqual([
      [1, 'costclose-period-2024-01-31.zip', r1.sha256, false, 2, 'run-1'],
      [2, 'costclose-period-2024-01-31-r2.zip', r2.sha256, true, null, 'run-2'],
    ]);
    expect(items[1].supersedes).toMatchObject({
      revision: 1,
      packageFileName: r1.fileName,
      manifestSha256: r1.manifestSha256,
      reopens: [{ userId: 'FIN', reopenedFrom: '2024-01-31' }],
    });
    expect((await http.get('/api/periods/2024-02-29/package/revisions').expect(200)).body).toEqual({ items: [] });
  });

  it('downloads the current revision, and every other one byte for byte, naming the revision', async () => {
    const current = await http.get('/api/periods/2024-01-31/package').buffer(true).parse(binary).expect(200);
    expect(current.headers['x-package-revision']).toBe('2');
    expect(current.headers['x-package-superseded-by']).toBeUndefined();
    expect(current.headers['content-disposition']).toBe('attachment; filename="costclose-period-2024-01-31-r2.zip"');
    expect((current.body as Buffer).equals(fs.readFileSync(r2.path))).toBe(true);

    const old = await http.get('/api/periods/2024-01-31/package/revisions/1').buffer(true).parse(binary).expect(200);
    expect([old.headers['x-package-revision'], old.headers['x-package-superseded-by']]).toEqual(['1', '2']);
    expect(old.headers['content-disposition']).toBe('attachment; filename="costclose-period-2024-01-31.zip"');
    expect(old.headers['x-checksum-sha256']).toBe(
      createHash('sha256')
        .update(old.body as Buffer)
        .digest('hex'),
    );
    expect((old.body as Buffer).equals(r1Bytes)).toBe(true);

    const manifest = await http.get('/api/periods/2024-01-31/package/revisions/1/manifest').buffer(true).parse(binary).expect(200);
    expect(
      createHash('sha256')
        .update(manifest.body as Buffer)
        .digest('hex'),
    ).toBe(r1.manifestSha256);
    const latest = await http.get('/api/periods/2024-01-31/package/revisions/2/manifest').buffer(true).parse(binary).expect(200);
    expect(JSON.parse((latest.body as Buffer).toString('utf8'))).toMatchObject({ revision: 2, supersedes: { revision: 1 } });

    const audit = await http.get('/api/audit-log').query({ action: 'package.download', target: r1.fileName }).expect(200);
    expect(audit.body.items).toEqual([expect.objectContaining({ details: expect.objectContaining({ revision: 1, sha256: r1.sha256 }) })]);
  });

  it('answers 404 for a revision that does not exist and 422 for one that is not a number', async () => {
    expect((await http.get('/api/periods/2024-01-31/package/revisions/3').expect(404)).body.detail).toBe(
      'The inventory period ending 2024-01-31 has no package revision 3',
    );
    for (const bad of ['0', '-1', 'r2', '1.5', '99999999999']) {
      const res = await http.get(`/api/periods/2024-01-31/package/revisions/${bad}`).expect(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'revision' })]);
    }
    await http.get('/api/periods/2024-02-30/package/revisions').expect(422);
  });
});
