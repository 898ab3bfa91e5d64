import type { MikroORM } from '@mikro-orm/core';
import type { Migrator } from '@mikro-orm/migrations';
import { withSession } from './sql-session';

/** Arbitrary, fixed key of the advisory lock that serialises migrations across instances. */
const MIGRATION_LOCK = 740_331_101;

/**
 * Brings the schema up to date. Two instances starting together both call this: the advisory
 * lock lets one migrate while the other waits, then finds nothing left to do.
 */
export async function migrateUnderLock(orm: MikroORM): Promise<string[]> {
  return withMigrationLock(orm, async () => (await (orm.getMigrator() as Migrator).up()).map((m) => m.name));
}

/** Work on the schema that no other instance may do at the same time (migrations, the job queue's tables). */
export async function withMigrationLock<T>(orm: MikroORM, work: () => Promise<T>): Promise<T> {
  return withSession(orm, async (sql) => {
    await sql.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      return await work();
    } finally {
      await sql.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  });
}
