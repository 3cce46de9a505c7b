/**
 * Every diagnostic rule Streamscope knows: its id, how serious it is, and where to read more.
 * Rule modules report by id; severity and link come from here so the UI, the CLI and the README
 * tell the same story.
 */
import type { Severity } from '#shared/records';

const SPEC = 'https://html.spec.whatwg.org/multipage/server-sent-events.html';

/** What a rule is about, for grouping in reports. */
export type RuleArea = 'spec' | 'delivery' | 'reconnection';

/** The fixed facts of one rule. */
export interface RuleInfo {
  area: RuleArea;
  severity: Severity;
  /** A spec section or an explanation page. */
  link: string;
  /** One line saying what the rule looks for. */
  summary: string;
}

// Each entry written out in full: a table of facts a reader looks up by id, alike in shape only.
/** The rules, keyed by id. Ids are stable: CI scripts and the UI refer to them. */
export const RULES = {
  // spec
  'content-type': {
    area: 'spec',
    severity: 'error',
    link: `${SPEC}#sse-processing-model`,
    summary: 'Content-Type is not text/event-stream: browsers fail the connection',
  },
  'charset-not-utf8': {
    area: 'spec',
    severity: 'warning',
    link: `${SPEC}#parsing-an-event-stream`,
    summary: 'Content-Type names a charset other than UTF-8: event streams are always decoded as UTF-8',
  },
  'bom-not-at-start': {
    area: 'spec',
    severity: 'warning',
    link: `${SPEC}#parsing-an-event-stream`,
    summary: 'a byte order mark after the start of the stream: only a leading one is stripped',
  },
  'id-with-null': {
    area: 'spec',
    severity: 'warning',
    link: `${SPEC}#processField`,
    summary: 'an id field containing U+0000: browsers ignore the whole field',
  },
  'retry-not-digits': {
    area: 'spec',
    severity: 'warning',
    link: `${SPEC}#processField`,
    summary: 'a retry field that is not all ASCII digits: browsers ignore it',
  },
  'unknown-field': {
    area: 'spec',
    severity: 'warning',
    link: `${SPEC}#processField`,
    summary: 'a field name other than event, data, id or retry (field names are case-sensitive): ignored',
  },
  'line-not-json': {
    area: 'spec',
    severity: 'warning',
    link: 'https://github.com/ndjson/ndjson-spec#31-serialization',
    summary: 'an NDJSON line or JSON-seq text that is not JSON: JSON readers of the stream fail on it',
  },
  'unterminated-final-block': {
    area: 'spec',
    severity: 'warning',
    link: `${SPEC}#event-stream-interpretation`,
    summary: 'the stream ended inside an event block (no blank line after it): browsers drop that event',
  },
  'cr-line-endings': {
    area: 'spec',
    severity: 'info',
    link: `${SPEC}#parsing-an-event-stream`,
    summary: 'lines ended by a lone CR: valid, but many non-browser SSE clients and line tools mishandle it',
  },
  'mixed-line-endings': {
    area: 'spec',
    severity: 'warning',
    link: `${SPEC}#parsing-an-event-stream`,
    summary: 'more than one line-ending style (LF, CRLF, CR) in one stream',
  },
  // delivery
  'compressed-response': {
    area: 'delivery',
    severity: 'warning',
    link: `${SPEC}#authoring-notes`,
    summary: 'the response is compressed (gzip/br/deflate/zstd): proxies and compressors often buffer it',
  },
  'missing-cache-control': {
    area: 'delivery',
    severity: 'warning',
    link: 'https://developer.mozilla.org/en-US/docs/Web/API/Server-sent_events/Using_server-sent_events',
    summary: 'no Cache-Control: no-cache (or no-store) on the response: intermediaries may cache or buffer it',
  },
  'burst-delivery': {
    area: 'delivery',
    severity: 'warning',
    link: `${SPEC}#authoring-notes`,
    summary: 'many events arriving at the same moment after a silence: something upstream buffers the stream',
  },
  'idle-30s': {
    area: 'delivery',
    severity: 'info',
    link: `${SPEC}#authoring-notes`,
    summary: 'no event or comment for more than 30 s: common proxy idle timeouts close such streams',
  },
  'idle-60s': {
    area: 'delivery',
    severity: 'warning',
    link: `${SPEC}#authoring-notes`,
    summary: 'no event or comment for more than 60 s: most load balancers close such streams',
  },
  'no-retry-field': {
    area: 'delivery',
    severity: 'info',
    link: `${SPEC}#concept-event-stream-reconnection-time`,
    summary: 'the stream ended without ever sending retry: the client reconnects at its default delay',
  },
  'large-event': {
    area: 'delivery',
    severity: 'warning',
    link: `${SPEC}#event-stream-interpretation`,
    summary: 'an event larger than 1 MiB: slow to parse and often cut by proxies and client limits',
  },
  // reconnection
  'last-event-id-ignored': {
    area: 'reconnection',
    severity: 'warning',
    link: `${SPEC}#the-last-event-id-header`,
    summary: 'after a reconnect with Last-Event-ID the server repeated events the client already had',
  },
  'reconnect-storm': {
    area: 'reconnection',
    severity: 'error',
    link: `${SPEC}#sse-processing-model`,
    summary: 'many reconnects in a short time: the server (or a proxy) drops the stream right away',
  },
} as const satisfies Record<string, RuleInfo>;

/** A rule id. */
export type RuleId = keyof typeof RULES;

/** All rule ids, in catalogue order. */
export const RULE_IDS = Object.keys(RULES) as RuleId[];

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Orders severities: info < warning < error. */
export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity];
}

/** True when `value` names a severity. */
export function isSeverity(value: string): value is Severity {
  return value === 'info' || value === 'warning' || value === 'error';
}
