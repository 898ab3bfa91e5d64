import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { Options } from '@mikro-orm/core';
import { MIGRATIONS } from '../../migrations';
import { BOOKKEEPING_ENTITIES } from '../ledgers/entities/bookkeeping.entities';
import { GENERAL_LEDGER_ENTITIES } from '../ledgers/entities/general-ledger.entities';
import { ITEM_LEDGER_ENTITIES } from '../ledgers/entities/item-ledger.entities';
import { PERIOD_CLOSE_ENTITIES } from '../period-close/entities/inventory-period-entry.entity';
import { SETUP_ENTITIES } from '../setup/entities/setup.entities';
import { APP_ENTITIES } from './app-entities';

export const ALL_ENTITIES = [
  ...SETUP_ENTITIES,
  ...ITEM_LEDGER_ENTITIES,
  ...GENERAL_LEDGER_ENTITIES,
  ...BOOKKEEPING_ENTITIES,
  ...PERIOD_CLOSE_ENTITIES,
  ...APP_ENTITIES,
];

/**
 * MikroORM configuration for one database URL. Written for MikroORM 7 as much as 6.6 allows:
 * defineConfig, EntitySchema (no decorators), UTC forced, migrations listed explicitly (no file
 * globbing that differs between ts and js), no persistAndFlush anywhere.
 */
export function mikroOrmConfig(clientUrl: string): Options<PostgreSqlDriver> {
  return defineConfig({
    clientUrl,
    entities: ALL_ENTITIES,
    forceUtcTimezone: true,
    extensions: [Migrator],
    migrations: {
      migrationsList: MIGRATIONS,
      path: 'migrations',
      pathTs: 'migrations',
      silent: true,
      snapshot: true,
      snapshotName: '.snapshot-costclose',
      transactional: true,
      allOrNothing: true,
      emit: 'ts',
    },
    pool: { min: 0, max: 8 },
    discovery: { warnWhenNoEntities: false },
    allowGlobalContext: false,
    debug: false,
  });
}
