/**
 * The `costclose` command (package bin). Commands:
 *   serve                                           the HTTP service (what `npm start` runs)
 *   scenario run FILE [--out RESULT.json] [--check] run a worked example on a scratch database
 */
import * as fs from 'fs';
import * as path from 'path';
import { createMigration } from '../database/create-migration';
import { loadAppConfig } from '../config/app-config';
import { resolveDatabaseServer } from '../database/database-server';
import { serve } from '../main';
import { runScenarioFile } from '../scenario/run-scenario';

const USAGE = `usage:
  costclose serve
  costclose scenario run FILE.json [--out RESULT.json] [--check]`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      await serve();
      return -1; // keeps running
    case 'scenario':
      return scenario(rest);
    case 'migration':
      return migration(rest);
    case undefined:
    case '--help':
    case 'help':
      process.stdout.write(USAGE + '\n');
      return command ? 0 : 2;
    default:
      process.stderr.write(`unknown command "${command}"\n${USAGE}\n`);
      return 2;
  }
}

/** Developers: `migration create NAME` writes a migration for the entity changes. */
async function migration(args: string[]): Promise<number> {
  const [sub, name] = args;
  if (sub !== 'create' || !name) {
    process.stderr.write('usage: costclose migration create NAME\n');
    return 2;
  }
  const config = loadAppConfig();
  const server = await resolveDatabaseServer(config, (m) => process.stderr.write(m + '\n'));
  try {
    const created = await createMigration(server.url, name, path.resolve(__dirname, '../../../migrations'));
    process.stdout.write(created ? `created migrations/${created}.ts\n` : 'no changes: no migration needed\n');
    return 0;
  } finally {
    await server.embedded?.stop();
  }
}

async function scenario(args: string[]): Promise<number> {
  const [sub, file, ...flags] = args;
  if (sub !== 'run' || !file) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let out: string | null = null;
  let check = false;
  for (let i = 0; i < flags.length; i++) {
    if (flags[i] === '--check') check = true;
    else if (flags[i] === '--out' && flags[i + 1]) out = flags[++i];
    else {
      process.stderr.write(`unknown option "${flags[i]}"\n${USAGE}\n`);
      return 2;
    }
  }
  const config = loadAppConfig();
  const server = await resolveDatabaseServer(config, (m) => process.stderr.write(m + '\n'));
  try {
    const report = await runScenarioFile(file, { serverUrl: server.url, config, check });
    if (report.result) {
      const json = JSON.stringify(report.result, null, 2) + '\n';
      if (out) fs.writeFileSync(out, json);
      else if (!check) process.stdout.write(json);
    }
    for (const m of report.messages) process.stderr.write(m + '\n');
    if (check && report.exitCode === 0) process.stderr.write(`${file}: all ${report.expectationCount} expectations hold\n`);
    return report.exitCode;
  } finally {
    await server.embedded?.stop();
  }
}

if (require.main === module || process.argv[1]?.endsWith('costclose.js') || process.argv[1]?.endsWith('costclose')) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (e) => {
      process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
