import * as path from 'path';
import { loadAppConfig } from '../../config/app-config';
import { createMigration } from '../../database/create-migration';
import { resolveDatabaseServer } from '../../database/database-server';
import { CliCommand, usageError } from './command';

/** Developers: `migration create NAME` writes a migration for the entity changes. */
export const migrationCommand: CliCommand = {
  name: 'migration',
  usage: 'costclose migration create NAME',
  async run(args) {
    const [sub, name] = args;
    if (sub !== 'create' || !name) return usageError('migration: expected "create NAME"', this.usage);
    const config = loadAppConfig();
    const server = await resolveDatabaseServer(config, (m) => process.stderr.write(m + '\n'));
    try {
      const created = await createMigration(server.url, name, path.resolve(__dirname, '../../../../migrations'));
      process.stdout.write(created ? `created migrations/${created}.ts\n` : 'no changes: no migration needed\n');
      return 0;
    } finally {
      await server.embedded?.stop();
    }
  },
};
