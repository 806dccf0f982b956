import { CliError, EXIT } from './exit-codes';

/** `--name value`, `--name=value` and repeated options (`--attr a=1 --attr b=2`); the rest are positionals. */
export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string[]>;
}

export function parseArgs(argv: readonly string[], flags: readonly string[] = []): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string[]>();
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [name = '', inline] = arg.slice(2).split(/=(.*)/s, 2);
    let value = inline;
    if (value === undefined) {
      if (flags.includes(name)) {
        value = 'true';
      } else {
        value = argv[++index];
        if (value === undefined) {
          throw new CliError(`option --${name} needs a value`, EXIT.usage);
        }
      }
    }
    options.set(name, [...(options.get(name) ?? []), value]);
  }
  return { positionals, options };
}

export function option(args: ParsedArgs, name: string): string | undefined {
  return args.options.get(name)?.at(-1);
}

export function requiredOption(args: ParsedArgs, name: string): string {
  const value = option(args, name);
  if (value === undefined || value === '') {
    throw new CliError(`missing --${name}`, EXIT.usage);
  }
  return value;
}

export function integerOption(
  args: ParsedArgs,
  name: string,
  fallback: number,
  min = 1,
  max = 1_000_000,
): number {
  const raw = option(args, name);
  if (raw === undefined) {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new CliError(`--${name} must be an integer from ${min} to ${max}, got ${raw}`, EXIT.usage);
  }
  return value;
}

export function listOption(args: ParsedArgs, name: string): string[] | undefined {
  const raw = option(args, name);
  return raw === undefined
    ? undefined
    : raw
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
}
