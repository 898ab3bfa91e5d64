import { createHash } from 'crypto';
import type { INestApplication } from '@nestjs/common';
import { ApiTokensService } from '../../src/access/api-tokens.service';
import { UsersService } from '../../src/access/users.service';
import { Clock } from '../../src/common/clock';
import { createHttpApp } from '../../src/http-app';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';
import { asUser, bearer, createTestUsers, TestUsers, UserClient } from '../support/http-auth';
import { scalar } from '../support/ledger-checks';
import { createTestDatabase, testConfig } from '../support/test-database';

describe('HTTP API: login, users, tokens, audit log', () => {
  let app: INestApplication;
  let db: ScratchDatabase;
  let users: TestUsers;
  let admin: UserClient;
  let finance: UserClient;
  let auditor: UserClient;
  let anonymous: UserClient;
  /** Alice's own client: only she issues her tokens (issue 15, item 7). */
  let alice: UserClient;
  const aliceClient = async () => {
    const { token } = await app.get(ApiTokensService).issue('ALICE', 'ALICE', { name: 'alice', expiresAt: null });
    return asUser(app, { id: 'ALICE', role: 'finance', token, headers: bearer(token) });
  };
  let clock: Clock;
  const realNow = Clock.prototype.now;
  const withToken = (token: string) => ({ get: (url: string) => anonymous.get(url).set(bearer(token)) });

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createHttpApp({ config: testConfig(), databaseUrl: db.url, migrate: true });
    await app.init();
    users = await createTestUsers(app);
    admin = asUser(app, users.admin);
    finance = asUser(app, users.finance);
    auditor = asUser(app, users.auditor);
    anonymous = asUser(app, null);
    clock = app.get(Clock);
    // Alice chose her password herself (one an admin sets must be replaced first: hardening-sign-in.spec.ts).
    await app
      .get(UsersService)
      .create(users.admin.id, { id: 'ALICE', role: 'finance', displayName: 'Alice', password: 'alice-password-1', passwordChosenByUser: true });
    alice = await aliceClient();
  });

  afterEach(() => {
    clock.now = realNow;
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  /** Moves the access layer's clock (the time tokens expire by) forward. */
  function advanceClock(ms: number): void {
    const start = Date.now();
    clock.now = () => new Date(start + ms + (Date.now() - start));
  }

  it('logs in with the password and answers who the token belongs to', async () => {
    const login = await anonymous.post('/api/auth/login').send({ userName: 'ALICE', password: 'alice-password-1' }).expect(200);
    expect(login.body).toEqual({
      token: expect.stringMatching(/^cc_[A-Za-z0-9_-]{43}$/),
      tokenId: expect.any(String),
      expiresAt: expect.any(String),
      userId: 'ALICE',
      role: 'finance',
    });
    const hours = (Date.parse(login.body.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThanOrEqual(12);
    const me = await withToken(login.body.token).get('/api/auth/me').expect(200);
    expect(me.body).toMatchObject({ id: 'ALICE', displayName: 'Alice', role: 'finance', disabled: false, hasPassword: true, tokenId: login.body.tokenId });
    const audit = await auditor.get('/api/audit-log').query({ action: 'auth.login', userId: 'ALICE' }).expect(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({ target: login.body.tokenId, details: expect.objectContaining({ prefix: login.body.token.slice(0, 11) }) }),
    ]);
  });

  it('refuses a wrong password or an unknown user alike, with 401, and audits the attempt', async () => {
    const wrong = await anonymous.post('/api/auth/login').send({ userName: 'ALICE', password: 'not-her-password' }).expect(401);
    const unknown = await anonymous.post('/api/auth/login').send({ userName: 'NOBODY', password: 'not-her-password' }).expect(401);
    expect(wrong.body).toMatchObject({
      type: 'urn:costclose:problem:unauthenticated',
      status: 401,
      detail: 'The user name or password is wrong, or the user is disabled',
    });
    expect(unknown.body.detail).toBe(wrong.body.detail);
    expect(wrong.body.token).toBeUndefined();
    const failed = await admin.get('/api/audit-log').query({ action: 'auth.login-failed' }).expect(200);
    expect(failed.body.items.map((e: { userId: string; details: { reason: string } }) => [e.userId, e.details.reason])).toEqual([
      ['ALICE', 'wrong password'],
      ['NOBODY', 'unknown user'],
    ]);
    await anonymous.post('/api/auth/login').send({ userName: 'ALICE' }).expect(422);
  });

  it('lets a login token expire after the configured hours', async () => {
    const login = await anonymous.post('/api/auth/login').send({ userName: 'ALICE', password: 'alice-password-1' }).expect(200);
    advanceClock(12 * 3_600_000 - 60_000);
    await withToken(login.body.token).get('/api/auth/me').expect(200);
    advanceClock(12 * 3_600_000 + 1_000);
    const expired = await withToken(login.body.token).get('/api/auth/me').expect(401);
    expect(expired.body.detail).toMatch(/^The API token expired at .*; log in again/);
    await finance.get('/api/auth/me').expect(200); // tokens without an expiry go on working
  });

  it('issues a token once and keeps only its SHA-256 hash; passwords only as scrypt hashes', async () => {
    const issued = await alice.post('/api/users/ALICE/tokens').send({ name: 'reporting job', expiresAt: '2099-01-01T00:00:00Z' }).expect(201);
    const token: string = issued.body.token;
    expect(issued.body).toMatchObject({
      userId: 'ALICE',
      name: 'reporting job',
      prefix: token.slice(0, 11),
      expiresAt: '2099-01-01T00:00:00.000Z',
      revokedAt: null,
    });
    expect(await scalar(app, 'SELECT token_hash FROM api_token WHERE id = $1', [issued.body.id])).toBe(createHash('sha256').update(token).digest('hex'));
    // Not in any column of any token, nor in the audit log.
    expect(await scalar(app, `SELECT count(*) FROM api_token t WHERE t::text LIKE '%' || $1 || '%'`, [token])).toBe('0');
    expect(await scalar(app, `SELECT count(*) FROM audit_log a WHERE a::text LIKE '%' || $1 || '%'`, [token])).toBe('0');
    const hash = await scalar(app, 'SELECT password_hash FROM app_user WHERE id = $1', ['ALICE']);
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(await scalar(app, `SELECT count(*) FROM app_user u WHERE u::text LIKE '%alice-password-1%'`)).toBe('0');
    await withToken(token).get('/api/auth/me').expect(200);
    const listed = await admin.get('/api/users/ALICE/tokens').expect(200);
    const mine = listed.body.find((t: { id: string }) => t.id === issued.body.id);
    expect(Object.keys(mine).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'prefix', 'revokedAt', 'userId']);
    expect(mine.lastUsedAt).not.toBeNull();
  });

  it('refuses a token that would be born expired, naming the field', async () => {
    const res = await alice.post('/api/users/ALICE/tokens').send({ name: 'old', expiresAt: '2000-01-01T00:00:00Z' }).expect(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'expiresAt', message: 'must be in the future' })]);
    const bad = await alice.post('/api/users/ALICE/tokens').send({ name: 'local', expiresAt: '2099-01-01 10:00' }).expect(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'expiresAt' })]);
  });

  it('revokes a token: it stops working at once, and the revocation is audited', async () => {
    const issued = await alice.post('/api/users/ALICE/tokens').send({ name: 'to revoke' }).expect(201);
    await withToken(issued.body.token).get('/api/auth/me').expect(200);
    const revoked = await admin.delete(`/api/users/ALICE/tokens/${issued.body.id}`).expect(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    const refused = await withToken(issued.body.token).get('/api/auth/me').expect(401);
    expect(refused.body.detail).toMatch(/^The API token was revoked at /);
    await admin.delete(`/api/users/ALICE/tokens/${issued.body.id}`).expect(200); // again: no change
    const audit = await auditor.get('/api/audit-log').query({ action: 'token.revoke' }).expect(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({ userId: users.admin.id, target: issued.body.id, details: { userId: 'ALICE', name: 'to revoke', prefix: issued.body.prefix } }),
    ]);
    await admin.delete('/api/users/ALICE/tokens/not-a-token').expect(404);
    await admin.delete(`/api/users/${users.finance.id}/tokens/${issued.body.id}`).expect(404); // not that user's
  });

  it('shuts a disabled user out (tokens and login) until enabled again', async () => {
    const issued = await alice.post('/api/users/ALICE/tokens').send({ name: 'while enabled' }).expect(201);
    const changed = await admin.put('/api/users/ALICE').send({ disabled: true }).expect(200);
    expect(changed.body).toMatchObject({ id: 'ALICE', disabled: true });
    const refused = await withToken(issued.body.token).get('/api/auth/me').expect(401);
    expect(refused.body.detail).toMatch(/^The API token was revoked at /);
    await anonymous.post('/api/auth/login').send({ userName: 'ALICE', password: 'alice-password-1' }).expect(401);
    await alice.post('/api/users/ALICE/tokens').send({ name: 'while disabled' }).expect(401);
    await admin.put('/api/users/ALICE').send({ disabled: false }).expect(200);
    // Disabling revoked all five of her tokens (issue 15, item 7): enabling her again does not revive them.
    await withToken(issued.body.token).get('/api/auth/me').expect(401);
    await anonymous.post('/api/auth/login').send({ userName: 'ALICE', password: 'alice-password-1' }).expect(200);
    const audit = await admin.get('/api/audit-log').query({ action: 'user.update', userId: users.admin.id }).expect(200);
    expect(audit.body.items.map((e: { details: unknown }) => e.details)).toEqual([
      { disabled: { from: false, to: true }, tokensRevoked: 5 },
      { disabled: { from: true, to: false } },
    ]);
    alice = await aliceClient();
  });

  it('resets a password, and changes role and display name', async () => {
    // An admin cannot set her password (issue 15, item 7), only reset it: she chooses the next one.
    await admin.put('/api/users/ALICE').send({ password: 'alice-password-2', displayName: 'Alice A.', role: 'auditor' }).expect(403);
    await admin.put('/api/users/ALICE').send({ displayName: 'Alice A.', role: 'auditor' }).expect(200);
    const reset = await admin.post('/api/users/ALICE/password-reset').expect(200);
    await anonymous.post('/api/auth/login').send({ userName: 'ALICE', password: 'alice-password-1' }).expect(401);
    const login = await anonymous
      .post('/api/auth/login')
      .send({ userName: 'ALICE', password: reset.body.oneTimePassword, newPassword: 'alice-password-2' })
      .expect(200);
    expect(login.body.role).toBe('auditor');
    await admin.put('/api/users/ALICE').send({ password: null, role: 'finance' }).expect(200);
    const alice = await admin.get('/api/users/ALICE').expect(200);
    expect(alice.body).toMatchObject({ displayName: 'Alice A.', role: 'finance', hasPassword: false });
    await anonymous.post('/api/auth/login').send({ userName: 'ALICE', password: 'alice-password-2' }).expect(401);
    await admin.put('/api/users/NOBODY').send({ displayName: 'x' }).expect(404);
  });

  it('audits a user change only when something changed, and refuses an overlong display name', async () => {
    const updates = async () => (await auditor.get('/api/audit-log').query({ action: 'user.update', target: 'ALICE' }).expect(200)).body.items.length;
    const before = await updates();
    await admin.put('/api/users/ALICE').send({ displayName: 'Alice A.', disabled: false }).expect(200);
    expect(await updates()).toBe(before);
    const long = await admin
      .put('/api/users/ALICE')
      .send({ displayName: 'x'.repeat(201) })
      .expect(422);
    expect(long.body.errors).toEqual([expect.objectContaining({ field: 'displayName' })]);
    expect((await admin.get('/api/users/ALICE').expect(200)).body.displayName).toBe('Alice A.');
  });

  it('validates a new user, naming each field, and writes nothing', async () => {
    const res = await admin.post('/api/users').send({ id: 'a b', role: 'finance', password: 'short' }).expect(422);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['id', 'password']);
    const role = await admin.post('/api/users').send({ id: 'BOB', role: 'boss', colour: 'red' }).expect(422);
    expect(role.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['colour', 'role']);
    await admin.post('/api/users').send({ id: 'ALICE', role: 'finance' }).expect(409);
    const list = await admin.get('/api/users').expect(200);
    expect(list.body.map((u: { id: string }) => u.id)).toEqual(['ALICE', 'TEST-ADMIN', 'TEST-AUDITOR', 'TEST-FINANCE']);
  });

  it('lets users manage their own tokens, and nobody else’s', async () => {
    const own = await finance.post(`/api/users/${users.finance.id}/tokens`).send({ name: 'my script' }).expect(201);
    await finance.get(`/api/users/${users.finance.id}/tokens`).expect(200);
    await finance.delete(`/api/users/${users.finance.id}/tokens/${own.body.id}`).expect(200);
    await finance.post(`/api/users/${users.auditor.id}/tokens`).send({ name: 'theirs' }).expect(403);
    await finance.get(`/api/users/${users.auditor.id}/tokens`).expect(403);
    await auditor.post(`/api/users/${users.finance.id}/tokens`).send({ name: 'theirs' }).expect(403);
    await finance.put(`/api/users/${users.finance.id}`).send({ role: 'admin' }).expect(403); // no promoting oneself
  });

  it('keeps at least one active admin', async () => {
    const demote = await admin.put(`/api/users/${users.admin.id}`).send({ role: 'finance' }).expect(409);
    expect(demote.body.detail).toMatch(/last active admin/);
    await admin.put(`/api/users/${users.admin.id}`).send({ disabled: true }).expect(409);
    await admin.post('/api/users').send({ id: 'ADMIN-2', role: 'admin' }).expect(201);
    await admin.put('/api/users/ADMIN-2').send({ disabled: true }).expect(200);
    await admin.put(`/api/users/${users.admin.id}`).send({ role: 'auditor' }).expect(409);
  });

  it('pages through the audit log with filters (keyset paging like the ledgers)', async () => {
    const all = await auditor.get('/api/audit-log').expect(200);
    expect(all.body.nextAfter).toBeNull();
    const ids = all.body.items.map((e: { id: number }) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const first = await auditor.get('/api/audit-log').query({ limit: 2 }).expect(200);
    expect(first.body.items.map((e: { id: number }) => e.id)).toEqual(ids.slice(0, 2));
    expect(first.body.nextAfter).toBe(ids[1]);
    const second = await auditor.get('/api/audit-log').query({ limit: 2, after: first.body.nextAfter }).expect(200);
    expect(second.body.items.map((e: { id: number }) => e.id)).toEqual(ids.slice(2, 4));
    const today = new Date().toISOString().slice(0, 10);
    expect((await auditor.get('/api/audit-log').query({ from: today, to: today }).expect(200)).body.items).toHaveLength(ids.length);
    expect((await auditor.get('/api/audit-log').query({ to: '2000-01-01' }).expect(200)).body.items).toEqual([]);
    expect((await auditor.get('/api/audit-log').query({ from: '2999-01-01T00:00:00Z' }).expect(200)).body.items).toEqual([]);
    const creates = await auditor.get('/api/audit-log').query({ action: 'user.create', userId: users.admin.id }).expect(200);
    expect(creates.body.items.map((e: { target: string }) => e.target)).toEqual(['ALICE', 'ADMIN-2']);
    const bad = await auditor.get('/api/audit-log').query({ from: 'yesterday', colour: 'red' }).expect(422);
    expect(bad.body.errors[0].field).toBe('colour');
    expect((await auditor.get('/api/audit-log').query({ from: 'yesterday' }).expect(422)).body.errors[0].field).toBe('from');
    expect((await auditor.get('/api/audit-log').query({ limit: 0 }).expect(422)).body.errors[0].field).toBe('limit');
    expect((await auditor.get('/api/audit-log').query({ after: '-1' }).expect(422)).body.errors[0].field).toBe('after');
  });
});
