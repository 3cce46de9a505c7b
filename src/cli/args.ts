import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';

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
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/, ''));
  }
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
  opts: { integer?: boolean; min?: number } = {},
): number | undefined {
  const raw = stringFlag(args, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  const min = opts.min ?? 0;
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || (opts.integer && !Number.isInteger(n))) {
    throw new UsageError(`--${name} expects ${opts.integer ? 'an integer' : 'a number'} >= ${min}, got "${raw}"`);
  }
  return n;
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
