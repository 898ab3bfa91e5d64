/**
 * Authenticated HTTP for tests: one user per role with an API token, and supertest clients that
 * send that token. Every route is guarded, so every e2e test signs in this way.
 *
 *   const users = await createTestUsers(app);
 *   const admin = asUser(app, users.admin);      // admin.post('/api/setup/items').send(…)
 *   const finance = asUser(app, users.finance);  // finance.post('/api/item-journal/post')…
 *   const anonymous = asUser(app, null);
 */
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import type { Role } from '../../src/access/roles';
import { UsersService } from '../../src/access/users.service';

export interface TestUser {
  id: string;
  role: Role;
  token: string;
  /** `{ Authorization: 'Bearer …' }`, for `.set(user.headers)`. */
  headers: { Authorization: string };
}

export type TestUsers = Record<Role, TestUser>;

/** Who the test users are created by, in the audit log. */
export const TEST_ACTOR = 'TEST-SETUP';

/**
 * Creates `<PREFIX>-ADMIN`, `<PREFIX>-FINANCE` and `<PREFIX>-AUDITOR` with a token each, through
 * the users service (so no admin is needed first). Their ids are what ledgers record as user.
 */
export async function createTestUsers(app: INestApplicationContext, prefix = 'TEST'): Promise<TestUsers> {
  const users = app.get(UsersService);
  const make = async (role: Role): Promise<TestUser> => {
    const { user, token } = await users.createWithToken(TEST_ACTOR, { id: `${prefix}-${role.toUpperCase()}`, role }, 'test');
    return { id: user.id, role, token: token.token, headers: bearer(token.token) };
  };
  return { admin: await make('admin'), finance: await make('finance'), auditor: await make('auditor') };
}

export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A supertest client that sends the user's token with every request (none for null). */
export function asUser(app: INestApplication, user: TestUser | null) {
  const http = request(app.getHttpServer());
  const send = (method: HttpMethod, url: string) => {
    const test = http[method](url);
    return user ? test.set(user.headers) : test;
  };
  return {
    get: (url: string) => send('get', url),
    post: (url: string) => send('post', url),
    put: (url: string) => send('put', url),
    patch: (url: string) => send('patch', url),
    delete: (url: string) => send('delete', url),
    request: send,
  };
}

export type UserClient = ReturnType<typeof asUser>;
