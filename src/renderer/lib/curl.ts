/**
 * Parse a pasted `curl` command into a request, and print a request back as one. Handles what
 * people paste from browser devtools and API docs: -X, -H, -d/--data/--data-raw/--data-binary,
 * --json, -u, -A, -b, --url, single/double/$'...' quotes and backslash-newline continuations.
 * Options that don't change the request (-N, -s, -L, --compressed, ...) are accepted and ignored.
 */

import type { StreamRequest } from '#shared/request';
import { headerValue, isPlainHttpRequest, sentHeaders } from '#shared/sent-headers';

/** What a curl command asks for, in the request bar's terms. */
export interface CurlRequest {
  url: string;
  method: string;
  headers: Array<[string, string]>;
  body: string | null;
  /** Options we skipped because they don't map onto a stream request (shown as a hint). */
  ignored: string[];
}

export type CurlParseResult = { ok: true; value: CurlRequest } | { ok: false; error: string };

/**
 * The text of a quote that opens at `i` ('...', $'...' or "..."), and the index just past its
 * closing quote; null when no quote opens there.
 */
function readQuote(s: string, i: number): { text: string; end: number } | { error: string } | null {
  if (s[i] === "'") {
    const end = s.indexOf("'", i + 1);
    if (end < 0) return { error: 'unclosed single quote' };
    return { text: s.slice(i + 1, end), end: end + 1 };
  }
  if (s[i] === '$' && s[i + 1] === "'") {
    // ANSI-C quoting, which Chrome's "Copy as cURL (bash)" uses for bodies with newlines.
    let j = i + 2;
    let text = '';
    for (; j < s.length && s[j] !== "'"; j++) {
      if (s[j] === '\\' && j + 1 < s.length) {
        const e = s[++j]!;
        const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", '"': '"', '0': '\0' };
        if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(s.slice(j + 1, j + 3))) {
          text += String.fromCharCode(parseInt(s.slice(j + 1, j + 3), 16));
          j += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(j + 1, j + 5))) {
          text += String.fromCharCode(parseInt(s.slice(j + 1, j + 5), 16));
          j += 4;
        } else text += map[e] ?? `\\${e}`;
      } else text += s[j];
    }
    if (j >= s.length) return { error: "unclosed $'...' quote" };
    return { text, end: j + 1 };
  }
  if (s[i] === '"') {
    let j = i + 1;
    let text = '';
    for (; j < s.length && s[j] !== '"'; j++) {
      // Inside double quotes a backslash escapes only these characters.
      if (s[j] === '\\' && j + 1 < s.length && '"\\$`\n'.includes(s[j + 1]!)) {
        j++;
        if (s[j] !== '\n') text += s[j];
      } else text += s[j];
    }
    if (j >= s.length) return { error: 'unclosed double quote' };
    return { text, end: j + 1 };
  }
  return null;
}

/** Split a shell command line into words, the way a POSIX shell would for simple commands. */
export function shellWords(input: string): { ok: true; words: string[] } | { ok: false; error: string } {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  const s = input;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '\\') {
      const next = s[i + 1];
      // A backslash before a newline is a line continuation (also with CRLF endings).
      if (next === '\n') {
        i += 2;
        continue;
      }
      if (next === '\r' && s[i + 2] === '\n') {
        i += 3;
        continue;
      }
      if (next === undefined) {
        i++;
        continue;
      }
      cur += next;
      inWord = true;
      i += 2;
      continue;
    }
    const quoted = readQuote(s, i);
    if (quoted) {
      if ('error' in quoted) return { ok: false, error: quoted.error };
      cur += quoted.text;
      inWord = true;
      i = quoted.end;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      i++;
      continue;
    }
    cur += c;
    inWord = true;
    i++;
  }
  if (inWord) words.push(cur);
  return { ok: true, words };
}

/** Options that take a value we have no use for; their value must be skipped, not read as the URL. */
const IGNORED_WITH_VALUE = new Set([
  '-o',
  '--output',
  '-m',
  '--max-time',
  '--connect-timeout',
  '-w',
  '--write-out',
  '--retry',
  '-x',
  '--proxy',
  '--cacert',
  '--cert',
  '--key',
  '-r',
  '--range',
  '--limit-rate',
  '--resolve',
  '-T',
  '--upload-file',
]);

/** Options whose value is sent as one request header: curl's shorthands for `-H 'Name: value'`. */
const HEADER_OPTIONS = new Map([
  ['-A', 'User-Agent'],
  ['--user-agent', 'User-Agent'],
  ['-e', 'Referer'],
  ['--referer', 'Referer'],
  ['-b', 'Cookie'],
  ['--cookie', 'Cookie'],
]);

/** True when the text looks like a curl command (so the URL field can offer to parse a paste). */
export function looksLikeCurl(text: string): boolean {
  return /^\s*curl(\.exe)?\s/.test(text);
}

/** Parse a curl command line. Errors are one line and name the problem. */
export function parseCurl(input: string): CurlParseResult {
  const split = shellWords(input.trim());
  if (!split.ok) return split;
  const words = split.words;
  if (words[0] !== 'curl' && words[0] !== 'curl.exe')
    return { ok: false, error: 'not a curl command (it must start with "curl")' };
  let url = '';
  let method: string | null = null;
  const headers: Array<[string, string]> = [];
  const data: string[] = [];
  let json = false;
  const ignored: string[] = [];

  for (let i = 1; i < words.length; i++) {
    let w = words[i]!;
    let inline: string | null = null;
    // --opt=value and -Xvalue forms.
    if (w.startsWith('--') && w.includes('=')) {
      inline = w.slice(w.indexOf('=') + 1);
      w = w.slice(0, w.indexOf('='));
    } else if (/^-[XHdAbue]./.test(w)) {
      inline = w.slice(2);
      w = w.slice(0, 2);
    }
    const value = (): string | null => {
      if (inline !== null) return inline;
      const v = words[i + 1];
      if (v === undefined) return null;
      i++;
      return v;
    };
    const need = (): string | CurlParseResult => {
      const v = value();
      return v === null ? { ok: false, error: `${w} needs a value` } : v;
    };
    switch (w) {
      case '-X':
      case '--request': {
        const v = need();
        if (typeof v !== 'string') return v;
        method = v.toUpperCase();
        break;
      }
      case '-H':
      case '--header': {
        const v = need();
        if (typeof v !== 'string') return v;
        const colon = v.indexOf(':');
        if (colon <= 0) return { ok: false, error: `header "${v}" has no "Name: value" form` };
        const headerText = v.slice(colon + 1).trim();
        // "Name:" with nothing after it tells curl not to send a header of its own (Copy as curl
        // writes "Content-Type:" for a body without one): no header of the request.
        if (headerText !== '') headers.push([v.slice(0, colon).trim(), headerText]);
        break;
      }
      case '-d':
      case '--data':
      case '--data-raw':
      case '--data-binary':
      case '--data-ascii':
      case '--data-urlencode': {
        const v = need();
        if (typeof v !== 'string') return v;
        data.push(v);
        break;
      }
      case '--json': {
        const v = need();
        if (typeof v !== 'string') return v;
        data.push(v);
        json = true;
        break;
      }
      case '-u':
      case '--user': {
        const v = need();
        if (typeof v !== 'string') return v;
        headers.push(['Authorization', `Basic ${btoa(v)}`]);
        break;
      }
      case '--url': {
        const v = need();
        if (typeof v !== 'string') return v;
        url = v;
        break;
      }
      default: {
        const header = HEADER_OPTIONS.get(w);
        if (header) {
          const v = need();
          if (typeof v !== 'string') return v;
          headers.push([header, v]);
        } else if (IGNORED_WITH_VALUE.has(w)) {
          value();
          ignored.push(w);
        } else if (w.startsWith('-') && w.length > 1) {
          ignored.push(w);
        } else if (!url) {
          url = w;
        } else {
          return { ok: false, error: `unexpected extra argument "${w}"` };
        }
      }
    }
  }
  if (!url) return { ok: false, error: 'no URL in the curl command' };
  // curl joins several -d values with "&"; --json values are concatenated as they are.
  const body = data.length ? data.join(json ? '' : '&') : null;
  if (json) {
    const has = (name: string) => headers.some(([n]) => n.toLowerCase() === name);
    if (!has('content-type')) headers.push(['Content-Type', 'application/json']);
    if (!has('accept')) headers.push(['Accept', 'application/json']);
  }
  return { ok: true, value: { url, method: method ?? (body !== null ? 'POST' : 'GET'), headers, body, ignored } };
}

/** Quote a word for a POSIX shell: single quotes, with embedded ones spelled '\''. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_\-./:=@,+%]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Print a request as a curl command that sends what the app sends and streams (-N) what it would
 * receive: a plain HTTP stream request gets the headers the app adds itself (Accept,
 * Cache-Control, Accept-Encoding, User-Agent; shared/sent-headers.ts). A body without a
 * Content-Type goes without one, as from the app: `-H 'Content-Type:'` stops curl from labelling
 * it application/x-www-form-urlencoded. Other requests (WebSocket, Socket.IO, GraphQL, MCP: their
 * engines speak a protocol curl does not) print with the headers as given.
 */
export function toCurl(request: Omit<StreamRequest, 'body'> & { body?: string | null }): string {
  const parts = ['curl', '-N'];
  const method = (request.method ?? 'GET').toUpperCase();
  const body = request.body ?? '';
  const hasBody = body !== '';
  const plain = isPlainHttpRequest(request);
  const headers = plain ? sentHeaders(request) : (request.headers ?? []);
  if (method !== 'GET' || hasBody) parts.push('-X', method);
  parts.push(shellQuote(request.url));
  for (const [name, value] of headers) parts.push('-H', shellQuote(`${name}: ${value}`));
  if (hasBody && plain && headerValue(headers, 'content-type') === null) parts.push('-H', shellQuote('Content-Type:'));
  if (hasBody) parts.push('--data-raw', shellQuote(body));
  return parts.join(' ');
}
