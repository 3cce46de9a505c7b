/**
 * Which request and response headers a proxy passes on. RFC 9110 §7.6.1: "a proxy or gateway MUST
 * parse a received Connection header field before a message is forwarded and, for each
 * connection-option in this field, remove any header or trailer field(s) from the message with
 * the same name as the connection-option, and then remove the Connection header field itself".
 * The fixed list is the fields that only ever concern one connection.
 */

/** Hop-by-hop fields (RFC 9110 §7.6.1, plus Proxy-Connection and Keep-Alive seen in the wild). */
const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'proxy-connection',
  'keep-alive',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Node's raw header list ([name, value, name, value, ...]) as pairs. */
export function rawPairs(raw: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i]!, raw[i + 1]!]);
  return pairs;
}

/** The header names a message's Connection field marks as hop-by-hop, lower-cased. */
function connectionOptions(pairs: ReadonlyArray<[string, string]>): Set<string> {
  const names = new Set<string>();
  for (const [name, value] of pairs) {
    if (name.toLowerCase() !== 'connection') continue;
    for (const option of value.split(',')) {
      const trimmed = option.trim().toLowerCase();
      if (trimmed) names.add(trimmed);
    }
  }
  return names;
}

/**
 * The end-to-end headers of a message, in order and with their original case: hop-by-hop fields
 * and the ones its Connection field names are removed, and so is every name in `drop`.
 */
export function endToEndHeaders(
  pairs: ReadonlyArray<[string, string]>,
  drop: ReadonlySet<string> = new Set(),
): Array<[string, string]> {
  const named = connectionOptions(pairs);
  return pairs.filter(([name]) => {
    const lower = name.toLowerCase();
    return !HOP_BY_HOP.has(lower) && !named.has(lower) && !drop.has(lower);
  });
}

/** Pairs flattened back into Node's raw list, as `writeHead` and `http.request` accept it. */
export function flatten(pairs: ReadonlyArray<[string, string]>): string[] {
  return pairs.flat();
}

/** Lower-cased names, repeats joined with ", ": the record model's header shape. */
export function headerRecord(pairs: ReadonlyArray<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    out[key] = key in out ? `${out[key]}, ${value}` : value;
  }
  return out;
}
