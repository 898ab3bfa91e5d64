/**
 * The console's session store (issue 14) against PostgreSQL, with time under the test's control:
 * a session ends when idle too long and at its absolute expiry; signing in rotates the id (the
 * session the browser had before is gone, its CSRF token with it); changing or resetting the
 * password, or disabling the user, signs them out everywhere, in the same transaction.
 */
import { MikroORM } from '@mikro-orm/core';
import { Test, TestingModule } from '@nestjs/testing';
import { AuthService } from '../../src/access/auth.service';
import { ConsoleSession, ConsoleSessions } from '../../src/access/console-sessions';
import { UsersService } from '../../src/access/users.service';
import { AppModule } from '../../src/app.module';
import { Clock } from '../../src/common/clock';
import { inTransaction, withSession } from '../../src/database/sql-session';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';
import { ManualClock } from '../support/manual-time';
import { createTestDatabase, testConfig } from '../support/test-database';

const PASSWORD = 'session-password-1';

describe('console sessions', () => {
  let db: ScratchDatabase;
  let app: TestingModule;
  let sessions: ConsoleSessions;
  const clock = new ManualClock('2026-11-02T08:00:00Z');
  const config = testConfig();
  const idleMs = config.console.idleMinutes * 60_000;

  const rows = async (userId: string) =>
    Number(
      (
        await withSession(app.get(MikroORM), (sql) => sql.query<{ n: string }>('SELECT count(*)::text AS n FROM console_session WHERE user_id = $1', [userId]))
      )[0].n,
    );

  const signIn = async (userId: string, previous?: ConsoleSession) => sessions.signIn(userId, previous?.secret, null);

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await Test.createTestingModule({ imports: [AppModule.forRoot({ config, databaseUrl: db.url, migrate: false })] })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    app.useLogger(false);
    await app.init();
    sessions = app.get(ConsoleSessions);
    const users = app.get(UsersService);
    for (const id of ['ANNA', 'BO', 'CARL', 'DINA']) await users.create('TEST-SETUP', { id, role: 'finance', password: PASSWORD, passwordChosenByUser: true });
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('finds a session by its cookie only; the table keeps a hash, never the secret', async () => {
    const s = await signIn('ANNA');
    expect((await sessions.find(s.secret))?.userId).toBe('ANNA');
    expect(await sessions.find(`${s.secret}x`)).toBeNull();
    expect(await sessions.find(undefined)).toBeNull();
    const stored = await withSession(app.get(MikroORM), (sql) =>
      sql.query<{ id_hash: string }>('SELECT id_hash FROM console_session WHERE user_id = $1', ['ANNA']),
    );
    expect(stored.map((r) => r.id_hash)).not.toContain(s.secret);
    expect(stored[0].id_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ends a session idle for the idle timeout, and keeps one in use alive', async () => {
    const s = await signIn('ANNA');
    clock.advance(idleMs - 60_000);
    expect(await sessions.find(s.secret)).not.toBeNull(); // used: last seen moves on
    clock.advance(idleMs - 60_000);
    expect(await sessions.find(s.secret)).not.toBeNull();
    clock.advance(idleMs);
    expect(await sessions.find(s.secret)).toBeNull();
    // and it is gone, not just refused
    clock.set(new Date(clock.now().getTime() - 10 * idleMs));
    expect(await sessions.find(s.secret)).toBeNull();
    clock.set('2026-11-02T08:00:00Z');
  });

  it('ends a session at its absolute expiry however busy it is', async () => {
    const s = await signIn('ANNA');
    const end = s.expiresAt.getTime();
    expect(end - clock.now().getTime()).toBe(config.console.maxHours * 3_600_000);
    while (clock.now().getTime() + idleMs / 2 < end) {
      clock.advance(idleMs / 2);
      expect(await sessions.find(s.secret)).not.toBeNull();
    }
    clock.set(new Date(end));
    expect(await sessions.find(s.secret)).toBeNull();
    clock.set('2026-11-02T08:00:00Z');
  });

  it('rotates at sign-in: the signed-out session and its CSRF token are gone, the new one has its own', async () => {
    const anonymous = await sessions.startAnonymous('nb-NO');
    expect((await sessions.find(anonymous.secret))?.userId).toBeNull();
    const signedIn = await signIn('BO', anonymous);
    expect(signedIn.secret).not.toBe(anonymous.secret);
    expect(signedIn.csrfToken).not.toBe(anonymous.csrfToken);
    expect(await sessions.find(anonymous.secret)).toBeNull();
    const found = await sessions.find(signedIn.secret);
    expect(found).toMatchObject({ userId: 'BO', role: 'finance', csrfToken: signedIn.csrfToken });
    expect(ConsoleSessions.csrfMatches(found!, signedIn.csrfToken)).toBe(true);
    expect(ConsoleSessions.csrfMatches(found!, anonymous.csrfToken)).toBe(false);
    expect(ConsoleSessions.csrfMatches(found!, undefined)).toBe(false);
  });

  it('signs the user out everywhere when the password changes (console or API), and nobody else', async () => {
    const laptop = await signIn('CARL');
    const phone = await signIn('CARL');
    const other = await signIn('DINA');
    expect(await rows('CARL')).toBe(2);
    // A password change through the API's login (newPassword) goes through the same checks.
    await app.get(AuthService).login('CARL', PASSWORD, '10.0.0.1', 'another-password-1');
    expect(await sessions.find(laptop.secret)).toBeNull();
    expect(await sessions.find(phone.secret)).toBeNull();
    expect(await rows('CARL')).toBe(0);
    expect(await sessions.find(other.secret)).not.toBeNull();
    // The console's own change: verified, then completed in the transaction that signs in anew.
    const before = await signIn('CARL');
    const verified = await app.get(AuthService).verifyCredentials('CARL', 'another-password-1', null, 'a-third-password-1', 'console');
    const after = await inTransaction(app.get(MikroORM), async (sql) => {
      await verified.complete(sql);
      return sessions.signIn('CARL', undefined, null, sql);
    });
    expect(await sessions.find(before.secret)).toBeNull();
    expect((await sessions.find(after.secret))?.userId).toBe('CARL');
    expect(await rows('CARL')).toBe(1);
  });

  it('signs the user out everywhere on a password reset and when disabled; a wrong password changes nothing', async () => {
    const s = await signIn('DINA');
    await expect(app.get(AuthService).verifyCredentials('DINA', 'wrong-password-1', null, 'new-password-123', 'console')).rejects.toThrow(/wrong/);
    expect(await sessions.find(s.secret)).not.toBeNull();
    await app.get(UsersService).resetPassword('TEST-SETUP', 'DINA', 24);
    expect(await rows('DINA')).toBe(0);
    const again = await signIn('DINA');
    await app.get(UsersService).update('TEST-SETUP', 'DINA', { disabled: true });
    expect(await sessions.find(again.secret)).toBeNull();
    expect(await rows('DINA')).toBe(0);
  });
});
