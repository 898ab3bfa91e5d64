import { UsersService } from '../../access/users.service';
import { isRole, ROLES } from '../../access/roles';
import { CostcloseError } from '../../common/errors';
import { withAppContext } from '../app-context';
import { CliCommand, parseOptions, usageError } from './command';

/**
 * `user add NAME --role R [--display-name TEXT] [--password-stdin]`: creates a user and prints a
 * new API token for them (the only time it is shown). Acts as the configured system user, which
 * the audit log records. This is how to get a first admin without putting secrets in the
 * environment, and how to recover when every admin has lost access.
 */
export const userCommand: CliCommand = {
  name: 'user',
  usage: `costclose user add NAME --role ${ROLES.join('|')} [--display-name TEXT] [--password-stdin]`,
  async run(args) {
    const [sub, ...rest] = args;
    const parsed = parseOptions(rest, ['role', 'display-name'], ['password-stdin']);
    const name = parsed.positional[0];
    if (sub !== 'add' || !name || parsed.positional.length > 1) return usageError('user: expected "add NAME --role ROLE"', this.usage);
    if (parsed.error) return usageError(parsed.error, this.usage);
    const role = parsed.options.role;
    if (!isRole(role)) return usageError(`user add: --role must be one of ${ROLES.join(', ')}`, this.usage);
    const password = parsed.switches.has('password-stdin') ? await readPassword() : null;
    return withAppContext(async (app, config) => {
      try {
        const { user, token } = await app
          .get(UsersService)
          .createWithToken(
            config.systemUserId,
            { id: name, role, displayName: parsed.options['display-name'], password, passwordChosenByUser: true },
            'created by costclose user add',
          );
        process.stderr.write(
          `created ${user.role} user ${user.id}${user.hasPassword ? ' with a password' : ' (token only)'}; API token (shown once, stored hashed):\n`,
        );
        process.stdout.write(token.token + '\n');
        return 0;
      } catch (e) {
        if (!(e instanceof CostcloseError)) throw e;
        process.stderr.write(`user add: ${e.message}\n`);
        return 1;
      }
    });
  },
};

/** All of standard input, less the one line break `echo` or a here-string adds. */
async function readPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
