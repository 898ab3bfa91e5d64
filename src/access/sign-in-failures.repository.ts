import { Injectable } from '@nestjs/common';
import type { SqlSession } from '../database/sql-session';

export type SignInScope = 'user' | 'address';

/** Failed sign-ins counted per user name and per address in fixed windows (`sign_in_failure`): the only SQL on them. */
@Injectable()
export class SignInFailuresRepository {
  /** The window's counts for the user name and, when given, the address. */
  async counts(sql: SqlSession, windowStart: Date, userName: string, address: string | null): Promise<{ scope: SignInScope; failures: number }[]> {
    return sql.query<{ scope: SignInScope; failures: number }>(
      `SELECT scope, failures FROM sign_in_failure WHERE window_start = $1 AND ((scope = 'user' AND key = $2) OR (scope = 'address' AND key = $3))`,
      [windowStart, userName, address],
    );
  }

  /** One more failure in the window; returns the new count. */
  async increment(sql: SqlSession, scope: SignInScope, key: string, windowStart: Date): Promise<number> {
    const [row] = await sql.query<{ failures: number }>(
      `INSERT INTO sign_in_failure (scope, key, window_start, failures) VALUES ($1, $2, $3, 1)
       ON CONFLICT (scope, key, window_start) DO UPDATE SET failures = sign_in_failure.failures + 1 RETURNING failures`,
      [scope, key, windowStart],
    );
    return row.failures;
  }

  async deleteWindowsBefore(sql: SqlSession, before: Date): Promise<void> {
    await sql.query('DELETE FROM sign_in_failure WHERE window_start < $1', [before]);
  }

  async clearUser(sql: SqlSession, userName: string): Promise<void> {
    await sql.query("DELETE FROM sign_in_failure WHERE scope = 'user' AND key = $1", [userName]);
  }
}
