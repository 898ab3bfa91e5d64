/**
 * One CLI command: its name, its usage line(s) and what it does. `run` returns the exit code, or
 * -1 when the command keeps the process alive (serve).
 */
export interface CliCommand {
  name: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

/** Writes to stderr and returns the usage exit code (2), for commands refusing their arguments. */
export function usageError(message: string, usage: string): number {
  process.stderr.write(`${message}\nusage:\n  ${usage.split('\n').join('\n  ')}\n`);
  return 2;
}

/**
 * Reads `--name value` and `--flag` options. Unknown options are refused by the caller, which
 * knows which names take a value.
 */
export function parseOptions(
  args: string[],
  valued: string[],
  flags: string[],
): { options: Record<string, string>; switches: Set<string>; positional: string[]; error: string | null } {
  const options: Record<string, string> = {};
  const switches = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (flags.includes(name) && eq < 0) {
      switches.add(name);
    } else if (valued.includes(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) return { options, switches, positional, error: `option --${name} needs a value` };
      options[name] = value;
    } else {
      return { options, switches, positional, error: `unknown option "${arg}"` };
    }
  }
  return { options, switches, positional, error: null };
}

/** A comma-separated option as a list (blanks dropped); undefined when the option was not given. */
export function commaList(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}
