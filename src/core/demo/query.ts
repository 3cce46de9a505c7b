/**
 * Query-parameter parsing for demo routes. A bad value is the caller's mistake: it becomes a
 * QueryError, which the server answers with 400 and a one-line text body.
 */

/** A query parameter that could not be used; `message` is the one-line 400 body. */
export class QueryError extends Error {
  override name = 'QueryError';
}

export interface NumberRule {
  default: number;
  min: number;
  max: number;
  /** Reject fractions (default true). */
  integer?: boolean;
  /** Reject the minimum itself (e.g. a duration must be > 0). */
  exclusiveMin?: boolean;
}

/** Reads typed values out of a URL's search parameters, validating each against its rule. */
export interface QueryReader {
  number(name: string, rule: NumberRule): number;
  /** A raw string value, or undefined when absent. */
  string(name: string): string | undefined;
}

export function createQueryReader(params: URLSearchParams): QueryReader {
  return {
    number(name, rule) {
      const raw = params.get(name);
      if (raw === null) return rule.default;
      const integer = rule.integer ?? true;
      const n = raw.trim() === '' ? Number.NaN : Number(raw);
      const tooLow = rule.exclusiveMin ? n <= rule.min : n < rule.min;
      if (!Number.isFinite(n) || tooLow || n > rule.max || (integer && !Number.isInteger(n))) {
        const kind = integer ? 'an integer' : 'a number';
        const range = `${rule.exclusiveMin ? '>' : '>='} ${rule.min} and <= ${rule.max}`;
        throw new QueryError(`bad query parameter "${name}": expected ${kind} ${range}, got "${oneLine(raw)}"`);
      }
      return n;
    },
    string(name) {
      return params.get(name) ?? undefined;
    },
  };
}

function oneLine(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 60)}…` : flat;
}
