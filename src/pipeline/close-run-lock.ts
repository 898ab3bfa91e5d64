import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import type { IsoDate } from '../common/dates';
import { withSession } from '../database/sql-session';

const KEY = "hashtextextended('costclose:close:' || $1, 0)";

/**
 * One close run per period at a time, across processes: a PostgreSQL advisory lock on the period's
 * ending date, held on its own connection for the whole run. The lock is the run's lease — alive
 * while the connection is, released by the server when the process dies.
 */
@Injectable()
export class CloseRunLock {
  constructor(private readonly orm: MikroORM) {}

  /** Runs `work` holding the period's lock; `busy` when another run holds it. */
  async withLock<T>(periodEnd: IsoDate, work: () => Promise<T>, busy: () => Promise<never>): Promise<T> {
    return withSession(this.orm, async (sql) => {
      const [{ locked }] = await sql.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${KEY}) AS locked`, [periodEnd]);
      if (!locked) return busy();
      try {
        return await work();
      } finally {
        await sql.query(`SELECT pg_advisory_unlock(${KEY})`, [periodEnd]);
      }
    });
  }

  /** Whether some process holds the period's lock now (tried and let go at once). */
  async isHeld(periodEnd: IsoDate): Promise<boolean> {
    return withSession(this.orm, async (sql) => {
      const [{ locked }] = await sql.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${KEY}) AS locked`, [periodEnd]);
      if (locked) await sql.query(`SELECT pg_advisory_unlock(${KEY})`, [periodEnd]);
      return !locked;
    });
  }
}
