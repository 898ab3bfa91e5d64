/**
 * Issue 15, item 12: helmet's headers with a CSP (also on the API documentation), nosniff, no
 * framing, no X-Powered-By, and no caching of financial answers.
 */
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createHttpApp } from '../../src/http-app';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';
import { createTestUsers, TestUsers } from '../support/http-auth';
import { createTestDatabase, testConfig } from '../support/test-database';

describe('HTTP hygiene (issue 15, item 12)', () => {
  let app: INestApplication;
  let db: ScratchDatabase;
  let users: TestUsers;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createHttpApp({ config: testConfig(), databaseUrl: db.url, migrate: true });
    await app.init();
    users = await createTestUsers(app);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it.each(['/api/docs', '/api/docs/openapi.json', '/api/ledgers/item-ledger-entries', '/api/nothing-here'])(
    '%s carries the security headers and is not cached',
    async (url) => {
      const res = await request(app.getHttpServer()).get(url).set(users.auditor.headers);
      expect(res.status).toBeLessThan(500);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['cache-control']).toBe('no-store');
    },
  );

  it('serves the API documentation with the scripts and styles its CSP allows', async () => {
    const page = await request(app.getHttpServer()).get('/api/docs').expect(200);
    // Swagger UI's scripts are files of our own origin, none inline, so script-src 'self' holds.
    expect(page.text).not.toMatch(/<script>(?!\s*<\/script>)[^<]+<\/script>/);
    expect(page.text).toMatch(/<script src="[^"]*swagger-ui-init\.js"/);
  });
});
