import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';
import { errorMessage } from '#shared/error-message';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/**
 * Strict flag parsing with one-line usage errors. Node's parseArgs does the work; this only turns
 * its errors into UsageError so every command reports them the same way.
 */
export function parseCommandArgs(argv: string[], options: Options): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: withNegativeValues(withJoinedPairs(argv, options), options),
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (err) {
    const message = errorMessage(err).split('\n')[0]!;
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/, ''));
  }
}

/**
 * The start every command shares: its flags parsed, and `--help` (which every command has)
 * printed on stdout. Null when the help was printed: the command has nothing more to do (exit 0).
 */
export function commandArgs(argv: string[], options: Options, help: string): ParsedArgs | null {
  const args = parseCommandArgs(argv, options);
  if (args.values.help !== true) return args;
  process.stdout.write(`${help}\n`);
  return null;
}

/**
 * An option that takes two values (`--emit <event> <json>`): parseArgs takes one per flag, so
 * the pair is joined into one JSON array value first. Read it back with {@link pairFlag}.
 */
export const PAIR = { type: 'string', multiple: true, pair: true } as const;

function withJoinedPairs(argv: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const name = arg.startsWith('--') ? arg.slice(2).split('=')[0]! : null;
    const option = name === null ? undefined : (options[name] as { pair?: boolean } | undefined);
    if (option?.pair !== true) {
      out.push(arg);
      continue;
    }
    const values = arg.includes('=') ? [arg.slice(arg.indexOf('=') + 1), argv[i + 1]] : [argv[i + 1], argv[i + 2]];
    if (values[0] === undefined || values[1] === undefined) throw new UsageError(`--${name} expects two values`);
    out.push(`--${name}=${JSON.stringify(values)}`);
    i += arg.includes('=') ? 1 : 2;
  }
  return out;
}

/** The values of a {@link PAIR} option, in order. */
export function pairFlag(args: ParsedArgs, name: string): Array<[string, string]> {
  return listFlag(args, name).map((joined) => JSON.parse(joined) as [string, string]);
}

/**
 * `--speed -1` is a value, not a flag: parseArgs calls it ambiguous, and the user would never
 * learn what a speed must be. Joined as `--speed=-1`, the flag's own check says so.
 */
function withNegativeValues(argv: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : null;
    if (name !== null && options[name]?.type === 'string' && next !== undefined && /^-\.?\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function listFlag(args: ParsedArgs, name: string): string[] {
  const v = args.values[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

export function boolFlag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/** A non-negative number flag, or undefined when absent. */
export function numberFlag(
  args: ParsedArgs,
  name: string,
  opts: { integer?: boolean; min?: number; meaning?: string } = {},
): number | undefined {
  const raw = stringFlag(args, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  const min = opts.min ?? 0;
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || (opts.integer && !Number.isInteger(n))) {
    const meaning = opts.meaning ? ` (${opts.meaning})` : '';
    throw new UsageError(
      `--${name} expects ${opts.integer ? 'an integer' : 'a number'} >= ${min}${meaning}, got "${raw}"`,
    );
  }
  return n;
}

/**
 * `--timeout`: seconds, more than 0, or undefined when absent. One rule for every command that
 * takes it: a timeout of 0 would end a run before its first byte (tail took it, check refused it).
 */
export function timeoutFlag(args: ParsedArgs): number | undefined {
  const raw = stringFlag(args, 'timeout');
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`--timeout expects a number of seconds > 0, got "${raw}"`);
  }
  return seconds;
}

/** `--port`: a TCP port to listen on (0 = any free one), or undefined when absent. */
export function portFlag(args: ParsedArgs): number | undefined {
  const raw = stringFlag(args, 'port');
  if (raw === undefined) return undefined;
  const port = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port expects an integer between 0 and 65535, got "${raw}"`);
  }
  return port;
}

/** Exactly `count` positionals, else a usage error naming what is missing. */
export function requirePositionals(args: ParsedArgs, names: string[]): string[] {
  if (args.positionals.length < names.length) {
    throw new UsageError(`missing <${names[args.positionals.length]}>`);
  }
  if (args.positionals.length > names.length) {
    throw new UsageError(`unexpected argument "${args.positionals[names.length]}"`);
  }
  return args.positionals;
}
