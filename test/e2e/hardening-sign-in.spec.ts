/**
 * Issue 15, item 7: sign-in and separation of duties. Wrong passwords lock a user name, and many
 * from one address lock the address, across the right password too, without flooding the audit
 * log; a reset and disabling revoke the user's tokens; an admin never obtains a usable credential
 * of another user: tokens are issued only by their owner, and a password an admin set or reset is
 * a one-time secret the user must replace at the first sign-in.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { UsersService } from '../../src/access/users.service';
import { Clock } from '../../src/common/clock';
import { createHttpApp } from '../../src/http-app';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';
import { asUser, bearer, createTestUsers, TestUsers, UserClient } from '../support/http-auth';
import { createTestDatabase, testConfig } from '../support/test-database';

describe('sign-in and separation of duties (issue 15, item 7)', () => {
  let app: NestExpressApplication;
  let db: ScratchDatabase;
  let users: TestUsers;
  let admin: UserClient;
  let auditor: UserClient;
  let anonymous: UserClient;
  const login = (userName: string, password: string, extra: object = {}, address = '10.0.0.1') =>
    anonymous
      .post('/api/auth/login')
      .set('X-Forwarded-For', address)
      .send({ userName, password, ...extra });
  const audit = async (query: object) =>
    (await auditor.get('/api/audit-log').query(query).expect(200)).body.items as { action: string; target: string; details: Record<string, unknown> }[];

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createHttpApp({ config: testConfig(), databaseUrl: db.url, migrate: true });
    // Behind a proxy the address is the client's (X-Forwarded-For), so that tests can vary it.
    app.set('trust proxy', true);
    await app.init();
    // A fixed instant in the middle of a 15-minute window: the counts never straddle two windows.
    const clock = app.get(Clock);
    const fixed = new Date(Math.floor(Date.now() / 900_000) * 900_000 + 450_000);
    clock.now = () => fixed;
    users = await createTestUsers(app);
    admin = asUser(app, users.admin);
    auditor = asUser(app, users.auditor);
    anonymous = asUser(app, null);
    const service = app.get(UsersService);
    for (const id of ['CAROL', 'DAVE', 'ERIN'])
      await service.create(users.admin.id, { id, role: 'finance', password: `${id.toLowerCase()}-password-1`, passwordChosenByUser: true });
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('locks a user name after 5 wrong passwords, the right one included, and audits two rows instead of 200', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) statuses.push((await login('CAROL', `wrong-password-${i}`, {}, `10.1.${i % 250}.1`)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
    const locked = await login('CAROL', 'carol-password-1', {}, '10.9.9.9').expect(429);
    expect(locked.headers['retry-after']).toMatch(/^\d+$/);
    expect(locked.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(locked.body.detail).toMatch(/Too many failed sign-ins for this user name/);
    const rows = (await audit({ target: 'CAROL' })).filter((r) => r.action.startsWith('auth.'));
    expect(rows.map((r) => r.action).sort()).toEqual(['auth.lockout', 'auth.login-failed']);
    expect(rows.find((r) => r.action === 'auth.lockout')!.details).toMatchObject({ scope: 'user', failuresInWindow: 5 });
    // Another user signs in as usual.
    await login('DAVE', 'dave-password-1', {}, '10.2.0.1').expect(200);
  });

  it('refuses an address after 20 failures across user names (password spraying)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await login(`SPRAY${i}`, 'Winter2026!!', {}, '10.3.0.1')).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
    await login('ERIN', 'erin-password-1', {}, '10.3.0.1').expect(429);
    await login('ERIN', 'erin-password-1', {}, '10.3.0.2').expect(200);
  });

  it('never lets an admin issue a token for another user or set their password', async () => {
    const issued = await admin.post(`/api/users/${users.finance.id}/tokens`).send({ name: 'post as finance' }).expect(403);
    expect(issued.body.token).toBeUndefined();
    await admin.put(`/api/users/${users.finance.id}`).send({ password: 'chosen-by-admin-1' }).expect(403);
    await login(users.finance.id, 'chosen-by-admin-1').expect(401);
    // The owner issues their own.
    await asUser(app, users.finance).post(`/api/users/${users.finance.id}/tokens`).send({ name: 'my script' }).expect(201);
  });

  it('makes a password an admin gave a new user a one-time secret, replaced at the first sign-in', async () => {
    await admin.post('/api/users').send({ id: 'FRANK', role: 'finance', password: 'given-by-admin-1' }).expect(201);
    const first = await login('FRANK', 'given-by-admin-1', {}, '10.4.0.1').expect(403);
    expect(first.body.token).toBeUndefined();
    expect(first.body.detail).toMatch(/must be replaced: sign in again with newPassword/);
    await login('FRANK', 'given-by-admin-1', { newPassword: 'given-by-admin-1' }, '10.4.0.1').expect(422);
    const own = await login('FRANK', 'given-by-admin-1', { newPassword: 'franks-own-password' }, '10.4.0.1').expect(200);
    await anonymous.get('/api/auth/me').set(bearer(own.body.token)).expect(200);
    await login('FRANK', 'given-by-admin-1', {}, '10.4.0.1').expect(401);
    await login('FRANK', 'franks-own-password', {}, '10.4.0.1').expect(200);
    expect((await audit({ action: 'user.password-change', target: 'FRANK' })).length).toBe(1);
  });

  it('revokes every token of the user at a reset, and answers a one-time password the user must replace', async () => {
    const script = await asUser(app, users.finance).post(`/api/users/${users.finance.id}/tokens`).send({ name: 'nightly' }).expect(201);
    await anonymous.get('/api/auth/me').set(bearer(script.body.token)).expect(200);
    const reset = await admin.post(`/api/users/${users.finance.id}/password-reset`).expect(200);
    expect(reset.body).toMatchObject({
      userId: users.finance.id,
      oneTimePassword: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/),
      tokensRevoked: expect.any(Number),
    });
    expect(reset.body.tokensRevoked).toBeGreaterThanOrEqual(2);
    await anonymous.get('/api/auth/me').set(bearer(script.body.token)).expect(401);
    await anonymous.get('/api/auth/me').set(users.finance.headers).expect(401);
    await login(users.finance.id, reset.body.oneTimePassword, {}, '10.5.0.1').expect(403);
    const signedIn = await login(users.finance.id, reset.body.oneTimePassword, { newPassword: 'finance-own-password' }, '10.5.0.1').expect(200);
    await anonymous.get('/api/auth/me').set(bearer(signedIn.body.token)).expect(200);
    const resets = await audit({ action: 'user.password-reset', target: users.finance.id });
    expect(resets).toEqual([expect.objectContaining({ details: expect.objectContaining({ tokensRevoked: reset.body.tokensRevoked }) })]);
    expect(JSON.stringify(resets)).not.toContain(reset.body.oneTimePassword);
  });
});
