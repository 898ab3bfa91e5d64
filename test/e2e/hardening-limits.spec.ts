/**
 * Issue 15, items 5 and 6: limits before work. Without a token only a small body is read (the
 * public login included); a bad token is refused before its body is read; with a valid token a
 * documented limit holds, and a body beyond it is 413, not 500. All answers are problem+json.
 */
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createHttpApp } from '../../src/http-app';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';
import { createTestUsers, TestUsers } from '../support/http-auth';
import { createTestDatabase, testConfig } from '../support/test-database';

const MB = 1024 * 1024;
const journalOf = (bytes: number) => `{"lines":[{"entryType":"Purchase","itemNo":"${'A'.repeat(bytes)}"}]}`;

describe('body limits before work (issue 15, items 5 and 6)', () => {
  let app: INestApplication;
  let db: ScratchDatabase;
  let users: TestUsers;
  const post = (url: string, body: string, token?: string) => {
    const req = request(app.getHttpServer()).post(url).set('Content-Type', 'application/json');
    return (token ? req.set('Authorization', `Bearer ${token}`) : req).send(body);
  };
  const problem = (res: request.Response, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.text).not.toMatch(/AAAAAAAAAA|\bat \S+ \(/);
  };

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

  it('reads at most 16 kB without a token: a 20 MB body and a 40 MB password on the public login are 413', async () => {
    problem(await post('/api/item-journal/post', journalOf(20 * MB)), 413);
    problem(await post('/api/auth/login', JSON.stringify({ userName: 'x', password: 'p'.repeat(40 * MB) })), 413);
    // A small body still reaches the login and the guard.
    problem(await post('/api/auth/login', JSON.stringify({ userName: 'nobody', password: 'not the password' })), 401);
    problem(await post('/api/item-journal/post', journalOf(10)), 401);
  });

  it('refuses a bad token before reading its body', async () => {
    problem(await post('/api/item-journal/post', journalOf(20 * MB), 'cc_not-a-token'), 401);
  });

  it('reads up to 50 MB for a valid token, and answers 413 beyond it', async () => {
    problem(await post('/api/item-journal/post', journalOf(60 * MB), users.finance.token), 413);
    // Within the limit the request is read and validated as usual.
    problem(await post('/api/item-journal/post', journalOf(1 * MB), users.finance.token), 422);
  });
});
