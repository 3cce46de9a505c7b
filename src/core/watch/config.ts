/**
 * The `streamscope watch` configuration: a list of streams to follow forever. Read from JSON or
 * YAML, checked field by field so a mistake is one line naming the stream and the field, with
 * `${NAME}` replaced from the environment (secrets stay out of the file and out of every output).
 */
import { parse as parseYaml } from 'yaml';
import { parseExpectation, type Expectation } from '../diagnostics/expect-parser';
import { FRAMINGS, type Framing } from '#shared/records';
import { transportOf, type StreamRequest } from '#shared/request';
import { errorMessage } from '#shared/error-message';

/** One stream as the watcher runs it. */
export interface WatchStreamConfig {
  /** Unique; the `stream` label of every metric. */
  name: string;
  /** The request with `${VAR}` expanded. Never printed: it may hold secrets. */
  request: StreamRequest;
  /** The URL as written in the file (variables unexpanded): what outputs show. */
  displayUrl: string;
  /** `check` assertions, judged over each window. */
  expect: Expectation[];
  /** Length of the window the assertions are judged over, ms. Default 60 s. */
  expectWindowMs: number;
  /** JSON path of the send time in event data, for latency. Default `sentAt`. */
  latency: string;
  /** Silence after which the stream counts as stalled, ms. Default 30 s. */
  stallAfterMs: number;
  /** Text frames to send once a WebSocket opens. */
  send: string[];
}

export interface WatchConfig {
  streams: WatchStreamConfig[];
}

/** A config that cannot be used: one line for the user, naming the stream and the field. */
export class WatchConfigError extends Error {
  override name = 'WatchConfigError';
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
const KNOWN_FIELDS = new Set([
  'name',
  'url',
  'method',
  'headers',
  'body',
  'expect',
  'expectWindow',
  'latency',
  'stallAfter',
  'protocols',
  'send',
  'lastEventId',
  'format',
]);

/**
 * Parses the text of a config file. `fileName` picks YAML for `.yaml`/`.yml`, JSON otherwise
 * (YAML is a superset of JSON, but JSON's error messages are clearer for JSON files).
 */
export function parseWatchConfig(
  text: string,
  fileName: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): WatchConfig {
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(fileName) ? parseYaml(text, { maxAliasCount: 100 }) : JSON.parse(text);
  } catch (err) {
    const why = errorMessage(err).split('\n')[0];
    throw new WatchConfigError(`${fileName}: not valid ${/\.ya?ml$/i.test(fileName) ? 'YAML' : 'JSON'}: ${why}`);
  }
  if (!isObject(raw) || !Array.isArray(raw.streams)) {
    throw new WatchConfigError(`${fileName}: expected an object with a "streams" array`);
  }
  if (raw.streams.length === 0) throw new WatchConfigError(`${fileName}: "streams" is empty`);
  const seen = new Set<string>();
  const streams = raw.streams.map((entry: unknown, index: number) => {
    const stream = parseStream(entry, index, env);
    if (seen.has(stream.name)) throw new WatchConfigError(`stream "${stream.name}": name: used by another stream`);
    seen.add(stream.name);
    return stream;
  });
  return { streams };
}

function parseStream(
  entry: unknown,
  index: number,
  env: Readonly<Record<string, string | undefined>>,
): WatchStreamConfig {
  const at = (field: string, name?: string): string =>
    `stream ${name === undefined ? `#${index + 1}` : `"${name}"`}: ${field}`;
  if (!isObject(entry)) throw new WatchConfigError(`stream #${index + 1}: expected an object`);
  const name = entry.name;
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new WatchConfigError(`${at('name')}: expected 1-100 letters, digits, "_", ".", ":" or "-"`);
  }
  const fail = (field: string, why: string): never => {
    throw new WatchConfigError(`${at(field, name)}: ${why}`);
  };
  for (const key of Object.keys(entry)) if (!KNOWN_FIELDS.has(key)) fail(key, 'unknown field');
  const expand = (field: string, value: string): string =>
    value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, variable: string) => {
      const found = env[variable];
      if (found === undefined) fail(field, `environment variable ${variable} is not set`);
      return found!;
    });

  if (typeof entry.url !== 'string') fail('url', 'expected a string');
  const displayUrl = entry.url as string;
  const url = expand('url', displayUrl);
  if (transportOf(url) === null || !URL.canParse(url)) fail('url', 'expected an http(s):// or ws(s):// URL');

  const request: StreamRequest = { url, reconnect: true };
  if (entry.method !== undefined) {
    if (typeof entry.method !== 'string' || !/^[A-Za-z]+$/.test(entry.method)) fail('method', 'expected a method name');
    request.method = (entry.method as string).toUpperCase();
  }
  if (entry.headers !== undefined) request.headers = parseHeaders(entry.headers, fail, expand);
  if (entry.body !== undefined) {
    if (typeof entry.body !== 'string') fail('body', 'expected a string');
    request.body = expand('body', entry.body as string);
  }
  if (entry.lastEventId !== undefined) {
    if (typeof entry.lastEventId !== 'string') fail('lastEventId', 'expected a string');
    request.lastEventId = entry.lastEventId as string;
  }
  if (entry.format !== undefined) {
    if (!FRAMINGS.includes(entry.format as Framing)) fail('format', `expected one of ${FRAMINGS.join(', ')}`);
    request.format = entry.format as Framing;
  }
  if (entry.protocols !== undefined) request.protocols = stringList(entry.protocols, 'protocols', fail);
  const send = entry.send === undefined ? [] : stringList(entry.send, 'send', fail);

  const expect = (entry.expect === undefined ? [] : stringList(entry.expect, 'expect', fail)).map((spec, i) => {
    const parsed = parseExpectation(spec);
    if (!parsed.ok) fail(`expect[${i}]`, parsed.error);
    return (parsed as { ok: true; expectation: Expectation }).expectation;
  });
  if (entry.latency !== undefined && (typeof entry.latency !== 'string' || entry.latency === '')) {
    fail('latency', 'expected a JSON path such as "sentAt" or "meta.sentAt"');
  }
  return {
    name,
    request,
    displayUrl,
    expect,
    expectWindowMs: seconds(entry.expectWindow, 'expectWindow', 60, fail) * 1000,
    latency: (entry.latency as string | undefined) ?? 'sentAt',
    stallAfterMs: seconds(entry.stallAfter, 'stallAfter', 30, fail) * 1000,
    send,
  };
}

function parseHeaders(
  value: unknown,
  fail: (field: string, why: string) => never,
  expand: (field: string, value: string) => string,
): Array<[string, string]> {
  const pairs: Array<[unknown, unknown]> = Array.isArray(value)
    ? value.map((pair) => (Array.isArray(pair) && pair.length === 2 ? [pair[0], pair[1]] : [undefined, undefined]))
    : isObject(value)
      ? Object.entries(value)
      : fail('headers', 'expected an object of name: value (or a list of [name, value])');
  return pairs.map(([name, v]) => {
    if (typeof name !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      fail('headers', `"${String(name)}" is not a header name`);
    }
    if (typeof v !== 'string') fail(`headers.${name}`, 'expected a string');
    const expanded = expand(`headers.${name}`, v);
    if (/[\r\n\0]/.test(expanded)) fail(`headers.${name}`, 'contains a line break');
    return [name, expanded];
  });
}

function stringList(value: unknown, field: string, fail: (field: string, why: string) => never): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((v) => typeof v === 'string'))
    fail(field, 'expected a string or a list of strings');
  return list;
}

function seconds(value: unknown, field: string, fallback: number, fail: (field: string, why: string) => never): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 86_400) {
    fail(field, 'expected a number of seconds between 0 and 86400');
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
