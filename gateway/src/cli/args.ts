import { parseArgs } from 'node:util';
import { CliError, EXIT } from './exit-codes';

/** Every option of every command; a name outside this table is a usage error. */
const OPTIONS = {
  help: { type: 'boolean' },
  json: { type: 'boolean' },
  operator: { type: 'boolean' },
  url: { type: 'string' },
  token: { type: 'string' },
  identity: { type: 'string' },
  id: { type: 'string' },
  lifetime: { type: 'string' },
  label: { type: 'string' },
  org: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  dept: { type: 'string' },
  uscc: { type: 'string' },
  file: { type: 'string' },
  'batch-size': { type: 'string' },
  concurrency: { type: 'string' },
  receipts: { type: 'string' },
  bank: { type: 'string' },
  bankMspId: { type: 'string' },
  categories: { type: 'string' },
  purpose: { type: 'string' },
  days: { type: 'string' },
  consent: { type: 'string' },
  reason: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  transaction: { type: 'string' },
  request: { type: 'string' },
  'transient-file': { type: 'string' },
  product: { type: 'string' },
  products: { type: 'string' },
  amount: { type: 'string' },
  term: { type: 'string' },
  'rate-bps': { type: 'string' },
  outcome: { type: 'string' },
  reasons: { type: 'string' },
  application: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>['values'];

export type StringOption = {
  [K in keyof Values]-?: Values[K] extends string | undefined ? K : never;
}[keyof Values];
export type FlagOption = Exclude<keyof Values, StringOption>;

export interface ParsedArgs {
  positionals: string[];
  values: Values;
}

/** A repeated option keeps its last value. */
export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.usage);
  }
  // Any local user reads another's command line in ps and /proc; the environment only the owner can read.
  if (parsed.values.token !== undefined) {
    throw new CliError(
      '--token is not accepted: a token on the command line is visible to every local user and lands in shell history; set SME_GATEWAY_TOKEN instead',
      EXIT.usage,
    );
  }
  return parsed;
}

export function option(args: ParsedArgs, name: StringOption): string | undefined {
  return args.values[name];
}

export function flag(args: ParsedArgs, name: FlagOption): boolean {
  return args.values[name] === true;
}

export function requiredOption(args: ParsedArgs, name: StringOption): string {
  const value = option(args, name);
  if (value === undefined || value === '') {
    throw new CliError(`missing --${name}`, EXIT.usage);
  }
  return value;
}

export function integerOption(
  args: ParsedArgs,
  name: StringOption,
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

export function listOption(args: ParsedArgs, name: StringOption): string[] | undefined {
  const raw = option(args, name);
  return raw === undefined
    ? undefined
    : raw
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
}
