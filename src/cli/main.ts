/**
 * The `costclose` command (package bin). One file per command under ./commands; `costclose help`
 * prints every usage line.
 */
import { limitHeapGrowth } from '../common/heap-growth';
import type { CliCommand } from './commands/command';
import { adjustCommand } from './commands/adjust.command';
import { closeCommand } from './commands/close.command';
import { demoCommand } from './commands/demo.command';
import { migrationCommand } from './commands/migration.command';
import { reportCommand } from './commands/report.command';
import { runsCommand } from './commands/runs.command';
import { scenarioCommand } from './commands/scenario.command';
import { serveCommand } from './commands/serve.command';
import { standardCostCommand } from './commands/standard-cost.command';
import { userCommand } from './commands/user.command';
import { verifyPackageCommand } from './commands/verify-package.command';
import { workerCommand } from './commands/worker.command';

const COMMANDS: CliCommand[] = [
  serveCommand,
  workerCommand,
  demoCommand,
  adjustCommand,
  closeCommand,
  runsCommand,
  reportCommand,
  standardCostCommand,
  verifyPackageCommand,
  userCommand,
  scenarioCommand,
  migrationCommand,
];

function usage(): string {
  return `usage:\n${COMMANDS.map((c) =>
    c.usage
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n'),
  ).join('\n')}`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`unknown command "${name}"\n${usage()}\n`);
    return 2;
  }
  return command.run(rest);
}

if (require.main === module || process.argv[1]?.endsWith('costclose.js') || process.argv[1]?.endsWith('costclose')) {
  limitHeapGrowth();
  main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (e) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
