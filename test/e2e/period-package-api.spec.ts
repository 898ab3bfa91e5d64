import type { INestApplication } from '@nestjs/common';
import { createHash } from 'crypto';
import * as fs from 'fs';
import type { AppConfig } from '../../src/config/app-config';
import { createHttpApp } from '../../src/http-app';
import { BuiltPackage, PeriodPackageService } from '../../src/period-package/period-package.service';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';
import { FEBRUARY, JANUARY, reportFiles, seedClosedPeriods } from '../support/period-data';
import { binary } from '../support/http-binary';
import { asUser, createTestUsers, UserClient } from '../support/http-auth';
import { createTestDatabase, testConfig } from '../support/test-database';

describe('period-close package download', () => {
  let app: INestApplication;
  let db: ScratchDatabase;
  let config: AppConfig;
  let http: UserClient;
  let january: BuiltPackage;

  beforeAll(async () => {
    db = await createTestDatabase();
    config = testConfig();
    app = await createHttpApp({ config, databaseUrl: db.url, migrate: true });
    await app.init();
    http = asUser(app, (await createTestUsers(app)).auditor);
    await seedClosedPeriods(app);
    january = await app
      .get(PeriodPackageService)
      .build({ ...JANUARY, runId: 'run-1', createdAt: new Date('2024-02-02T08:00:00Z'), files: reportFiles('2024-01-31') });
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
    fs.rmSync(config.packageDir, { recursive: true, force: true });
  });

  it('streams the zip with its length, name and checksum headers', async () => {
    const res = await http.get('/api/periods/2024-01-31/package').buffer(true).parse(binary).expect(200);
    const body = res.body as Buffer;
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe('attachment; filename="costclose-period-2024-01-31.zip"');
    expect(Number(res.headers['content-length'])).toBe(body.length);
    const digest = createHash('sha256').update(body).digest();
    expect(res.headers['x-checksum-sha256']).toBe(digest.toString('hex'));
    expect(res.headers['digest']).toBe(`sha-256=${digest.toString('base64')}`);
    expect(res.headers['repr-digest']).toBe(`sha-256=:${digest.toString('base64')}:`);
    expect(digest.toString('hex')).toBe(january.sha256);
    expect(body.equals(fs.readFileSync(january.path))).toBe(true);
    // The download is in the audit trail: who, which package, which bytes.
    const audit = await http.get('/api/audit-log').query({ action: 'package.download' }).expect(200);
    expect(JSON.stringify(audit.body)).toContain(january.sha256);
  });

  it('serves the manifest byte for byte', async () => {
    const res = await http.get('/api/periods/2024-01-31/package/manifest').buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const sha = createHash('sha256')
      .update(res.body as Buffer)
      .digest('hex');
    expect(sha).toBe(january.manifestSha256);
    expect(res.headers['x-checksum-sha256']).toBe(sha);
    expect(JSON.parse((res.body as Buffer).toString('utf8'))).toMatchObject({ runId: 'run-1', period: { endingDate: '2024-01-31' }, previous: null });
  });

  it('answers 404 for a period without a package and 422 for a bad date', async () => {
    const missing = await http.get('/api/periods/2024-02-29/package').expect(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(missing.body.detail).toBe('The inventory period ending 2024-02-29 has no period-close package');
    await http.get('/api/periods/2024-02-29/package/manifest').expect(404);
    const bad = await http.get('/api/periods/2024-02-30/package').expect(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'endingDate' })]);
  });

  it('answers 404 naming the file when the recorded package is gone from disk', async () => {
    const february = await app.get(PeriodPackageService).build({ ...FEBRUARY, runId: 'run-2', createdAt: new Date('2024-03-02T08:00:00Z'), files: [] });
    fs.rmSync(february.path);
    const res = await http.get('/api/periods/2024-02-29/package').expect(404);
    expect(res.body.detail).toMatch(/costclose-period-2024-02-29\.zip\) is recorded but its file is missing/);
  });
});
