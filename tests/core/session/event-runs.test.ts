/**
 * A Session fed through runs of events (EventRun, src/core/stream.ts) ends up exactly as one fed
 * the same bytes record by record. Property-style: seeded random SSE streams tuned to form runs
 * (mostly ASCII reads of the common block shape), with what breaks them up mixed in (CRLF, a BOM,
 * non-ASCII, comments, retry, multi-line data, ids holding U+0000, unknown fields), over several
 * connections, cut into reads of 1 byte to 8 KB. Two sessions with the same options each get the
 * same reads and the same state records: A through a decoder whose sink takes runs
 * (Session.sink.takeEvents, which may refuse them), B through a plain function, so one record per
 * call. After every step both must agree on where the stream stands (resume points, the decoder's
 * last event ID); at the end, and before clear() and rewind(), on every record the ring holds
 * (field for field, in key order), the statistics, the info, the findings of the diagnostic rules
 * (refusal is how a finding lands between the events it is about) and what a recorder was given.
 * Small rings (1, 7, 53 records) make runs longer than the ring, so eviction happens inside one.
 * Named cases force each rule that can refuse a run to find something (idle-30s/60s, large-event,
 * burst-delivery, last-event-id-ignored, reconnect-storm, line-not-json), and the JSON-RPC and
 * graphql-sse decorators (src/core/jsonrpc/decorate.ts) stand in front of both sessions in some.
 */
import { describe, expect, it } from 'vitest';
import { createSession, type Session } from '../../../src/core/session/session';
import { createSseDecoder, type SseDecoder } from '../../../src/core/sse/decoder';
import { withEventRuns, type RecordSink } from '../../../src/core/stream';
import { withProtocolDecoding } from '../../../src/core/jsonrpc/decorate';
import type { DiagnosticsOptions } from '../../../src/core/diagnostics';
import type { DiagnosticRecord, Framing, RecordDraft, StreamRecord } from '../../../src/shared/records';
import type { StreamRequest } from '../../../src/shared/request';
import { pick, seededRandom, splitAt, type Random } from '../sse/chunkings';

/** The sessions' wall clock: fixed, so their stats snapshots can be compared. */
const T0 = 1_764_567_890_000;

// ---------------------------------------------------------------------------------------------
// Streams

/** What one case's server sends, beyond the common block shape (the numbers are probabilities). */
interface Profile {
  /** A block that is not of the common shape (comment, retry, several data lines, U+0000...). */
  odd: number;
  /** Data with a non-ASCII character: its read cannot form a run. */
  nonAscii: number;
  /** Data that is a JSON-RPC message (decorated cases). */
  jsonRpc: number;
  /** Long data (over the small largeEventBytes thresholds). */
  long: number;
  /** graphql-sse events (`event: next` / `complete`). */
  graphql: boolean;
  /** Data that is not JSON at all (default 5 %). */
  notJson?: number;
  /** Every event has an id of its own (`id: n`). */
  idAlways?: boolean;
  /** Data of exactly one of `sizes` bytes, with probability `p` (default: around 50 and 120, 3 %). */
  exact?: { p: number; sizes: number[] };
  /** Otherwise short data only (the event number). */
  short?: boolean;
}

const PROFILE: Profile = { odd: 0.04, nonAscii: 0.004, jsonRpc: 0, long: 0.05, graphql: false };

/**
 * Data of event `n`, sent at `sent` (ms): mostly JSON whose send time the latency statistics look
 * for, in the shapes the run reader (createTimestampReader) and the per-event path must agree on:
 * keys at the top level and nested, later keys, a key that is first a value, odd spacing, seconds,
 * microseconds, exponents, strings, ISO dates, duplicates, arrays; and data that is not JSON.
 */
function payload(random: Random, n: number, sent: number, profile: Profile): string {
  const ms = Math.round(sent);
  if (random() < profile.nonAscii) return pick(random, [`{"text":"café ${n}","sentAt":${ms}}`, `🙂 ${n}`, 'ünï']);
  if (random() < profile.jsonRpc)
    return pick(random, [
      `{"jsonrpc":"2.0","id":1,"result":{}}`,
      `{"jsonrpc":"2.0","id":${n},"result":{"sentAt":${ms}}}`,
      `{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"p1","progress":${n},"total":1000}}`,
      `{"jsonrpc":"2.0","id":"srv-${n}","method":"ping"}`,
      `[{"jsonrpc":"2.0","id":${n},"error":{"code":-32000,"message":"no"}}]`,
      `{"note":"jsonrpc","sentAt":${ms}}`,
      `says "jsonrpc" but is text`,
    ]);
  if (random() < profile.long)
    return `{"meta":{"ts":${ms}},"sentAt":${ms},"pad":"${'x'.repeat(40 + Math.floor(random() * 400))}"}`;
  // Sizes around the largeEventBytes thresholds of the cases (50, 120): just under, at, just over.
  const exact = profile.exact ?? { p: 0.03, sizes: [49, 50, 51, 52, 119, 120, 121] };
  if (random() < exact.p) return 'x'.repeat(pick(random, exact.sizes));
  if (profile.short) return `${n}`;
  if (random() < (profile.notJson ?? 0.05)) return pick(random, ['[DONE]', `plain ${n}`, '{"broken":', '']);
  const r = random();
  if (r < 0.35) return `{"n":${n},"sentAt":${ms}}`;
  if (r < 0.45) return `${n}`;
  return pick(random, [
    `{"sentAt":${ms},"n":${n}}`,
    `{ "sentAt" : ${ms} , "v":"x"}`,
    `{"timestamp":${(sent / 1000).toFixed(3)}}`,
    `{"a":{"sentAt":${ms}},"ts":${n}}`,
    `{"created":"${new Date(ms).toISOString()}"}`,
    `{"ts":${ms * 1000}}`,
    `{"sentAt":"${ms}"}`,
    `{"sentAt":${sent.toExponential(12)}}`,
    `{"k":"sentAt","sentAt":${ms}}`,
    `{"k":"\\"sentAt\\":1","sentAt":${ms}}`,
    `{"sentAt":null,"timestamp":${Math.floor(sent / 1000)}}`,
    `{"sentAt":1,"sentAt":${ms}}`,
    `{"sentAt":${ms}.5}`,
    `{"sentAt":-${ms}}`,
    `[{"sentAt":${ms}}]`,
    `{"n":${n}}`,
  ]);
}

/** The lines of event `n`'s block (without the blank line that ends it). */
function blockLines(random: Random, n: number, sent: number, profile: Profile): string[] {
  const lines: string[] = [];
  const odd = random() < profile.odd;
  if (odd) {
    const r = random();
    if (r < 0.3) lines.push(`: comment ${n}`);
    else if (r < 0.45) lines.push(`retry: ${500 + (n % 7) * 100}`);
    else if (r < 0.5) lines.push('retry: 1x');
    else if (r < 0.6) lines.push('unknown: field');
    else if (r < 0.75) lines.push(`id: ${n}\u0000x`);
    else if (r < 0.8) lines.push('id');
  }
  // The id: most events have one, some inherit the last one (inside a run too), some reset it.
  const id = random();
  const idLine = profile.idAlways
    ? `id: ${n}`
    : id < 0.6
      ? `id: ${n}`
      : id < 0.66
        ? `id:${n}`
        : id < 0.69
          ? 'id:'
          : id < 0.71
            ? 'id: '
            : null;
  const type = random();
  const typeLine = profile.graphql
    ? `event: ${random() < 0.9 ? 'next' : 'complete'}`
    : type < 0.2
      ? `event: type${n % 3}`
      : type < 0.23
        ? 'event:'
        : type < 0.25
          ? 'event: message'
          : null;
  // Either order: the block scanner takes id and event lines in any order before the data.
  if (random() < 0.5) {
    if (idLine) lines.push(idLine);
    if (typeLine) lines.push(typeLine);
  } else {
    if (typeLine) lines.push(typeLine);
    if (idLine) lines.push(idLine);
  }
  const data = profile.graphql ? `{"data":{"tick":${n}}}` : payload(random, n, sent, profile);
  const form = random();
  lines.push(form < 0.85 ? `data: ${data}` : form < 0.95 ? `data:${data}` : `data:  ${data}`);
  if (odd && random() < 0.3) lines.push(`data: second line ${n}`);
  return lines;
}

type LineEnding = 'lf' | 'crlf' | 'mixed' | 'cr';

/** One connection's body, and the byte offsets just after each of its blocks. */
function connectionBody(
  random: Random,
  ids: number[],
  startT: number,
  ending: LineEnding,
  bom: boolean,
  profile: Profile,
): { bytes: Uint8Array; blockEnds: number[] } {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  const blockEnds: number[] = [];
  let length = 0;
  const add = (text: string) => {
    const bytes = encoder.encode(text);
    parts.push(bytes);
    length += bytes.length;
  };
  if (bom) add('\uFEFF');
  for (let i = 0; i < ids.length; i++) {
    const n = ids[i]!;
    // Sent some time before it arrives (or, with skew, after).
    const sent = startT + i * 0.4 - random() * 300 + (random() < 0.05 ? 400 : 0);
    const eol = ending === 'crlf' || (ending === 'mixed' && random() < 0.1) ? '\r\n' : ending === 'cr' ? '\r' : '\n';
    let text = blockLines(random, n, sent, profile).join(eol) + eol + eol;
    // An extra blank line dispatches nothing.
    if (random() < 0.03) text += eol;
    add(text);
    blockEnds.push(length);
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return { bytes, blockEnds };
}

/** How big reads are; 'blocks': one to three whole blocks each, as a server flushing per event. */
type ReadSizes = 'tiny' | 'mixed' | 'large' | 'blocks';

function readSize(random: Random, sizes: ReadSizes): number {
  const r = random();
  const range = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  if (sizes === 'tiny') return r < 0.7 ? range(1, 8) : range(9, 120);
  if (sizes === 'large') return r < 0.1 ? range(1, 300) : range(2000, 8192);
  return r < 0.1 ? range(1, 16) : r < 0.35 ? range(17, 300) : r < 0.75 ? range(301, 3000) : range(3001, 8192);
}

/** Random reads, half of them ending on a block's end as a server flushing per event makes. */
function cutReads(random: Random, bytes: Uint8Array, blockEnds: number[], sizes: ReadSizes): Uint8Array[] {
  const cuts: number[] = [];
  if (sizes === 'blocks') {
    for (let b = 0; b < blockEnds.length; b += 1 + Math.floor(random() * 3)) cuts.push(blockEnds[b]!);
    return splitAt(bytes, cuts);
  }
  let b = 0;
  for (let at = 0; at < bytes.length;) {
    let next = at + readSize(random, sizes);
    if (random() < 0.5) {
      while (b < blockEnds.length && blockEnds[b]! < next) b++;
      if (b < blockEnds.length && blockEnds[b]! - at <= 8192) next = blockEnds[b]!;
    }
    cuts.push(next);
    at = next;
  }
  return splitAt(bytes, cuts);
}

// ---------------------------------------------------------------------------------------------
// Cases

/**
 * How a reconnected server answers Last-Event-ID: it resumes, replays from the start, resends the
 * last few, or resumes and then, a few events later, replays from the start (the rule checks a
 * connection's first `edgeIds` events: a repeat on either side of that edge).
 */
type Resume = 'honour' | 'replay' | 'repeat' | 'late';

interface CaseSpec {
  name: string;
  seed: number;
  capacity: number;
  connections: number;
  /** Events per connection, [min, max]. */
  events: [number, number];
  sizes: ReadSizes;
  profile: Profile;
  diagnostics?: DiagnosticsOptions | false;
  latencyPath?: string;
  /** The request (both sessions'); with `decorate`, the protocol decorators read it too. */
  request?: Partial<StreamRequest>;
  decorate?: boolean;
  maxEventBytes?: number;
  resume?: Resume;
  /** With resume 'late': the replay starts after this many events (else at random, under 60). */
  lateAt?: number;
  /** Probability of a silence before a read: [1-2.5 s (a burst may follow), over 30 s, over 60 s]. */
  gaps?: [number, number, number];
  /** Reconnects follow each other within a few hundred ms. */
  storm?: boolean;
  /** Probability that a connection's response says NDJSON (the framing rule then reads its events). */
  ndjson?: number;
  /** Line endings are all LF (no CRLF/CR connections, no BOM). */
  lfOnly?: boolean;
  /** clear() / rewind() after this share of the case's reads. */
  clearAt?: number;
  rewindAt?: number;
}

/** One thing that happens to both sessions, applied to each side in turn. */
interface Step {
  label: string;
  /** A network read: afterwards the sessions are compared more closely. */
  read?: boolean;
  apply(side: Side): void;
}

interface Side {
  session: Session;
  /** What the decoder sinks into; the state records go there too (as an engine's do). */
  sink: RecordSink;
  decoder: SseDecoder;
  /** Every finding, as the session took it (small rings evict them). */
  findings: DiagnosticRecord[];
  /** What a recorder was given, as JSON. */
  hooked: string[];
  /** The connection reached its final state (an event too large): nothing more happens. */
  finished: boolean;
  /**
   * Events the session was given as records, and those a protocol decoder read something in
   * (counted as they arrive: meaningful for the plain side, whose events all come so).
   */
  events: number;
  decoded: number;
  /** The plain side: every record its sink was given, by seq (what reading the ring must give back). */
  sunk: StreamRecord[];
}

/** Runs offered to a sink and how many it took. */
interface RunCount {
  offered: number;
  accepted: number;
  offeredEvents: number;
  acceptedEvents: number;
}

const newCount = (): RunCount => ({ offered: 0, accepted: 0, offeredEvents: 0, acceptedEvents: 0 });

/** `sink` with its runs counted on their way through. */
function countRuns(sink: RecordSink, count: RunCount): RecordSink {
  const takeEvents = sink.takeEvents;
  return withEventRuns(
    (draft) => sink(draft),
    takeEvents &&
      ((run) => {
        count.offered++;
        count.offeredEvents += run.count;
        const taken = takeEvents(run);
        if (taken) {
          count.accepted++;
          count.acceptedEvents += run.count;
        }
        return taken;
      }),
  );
}

function requestOf(spec: CaseSpec): StreamRequest {
  return { url: 'http://127.0.0.1/events', ...spec.request };
}

/** A side: its session, and the decoder in front of it (taking runs or not). */
function createSide(spec: CaseSpec, runs: { session: RunCount; decoder: RunCount } | null): Side {
  const request = requestOf(spec);
  const findings: DiagnosticRecord[] = [];
  const hooked: string[] = [];
  let lastFinding = -1;
  let lastEvent = -1;
  const counted = { events: 0, decoded: 0 };
  const session = createSession({
    id: 's1',
    transport: 'sse',
    source: 'live',
    title: spec.name,
    request,
    capacity: spec.capacity,
    latencyPath: spec.latencyPath,
    now: () => T0,
    diagnostics: spec.diagnostics,
    // A finding is sunk on its own: it is the newest record when the session reports the change.
    onChange: (s) => {
      const newest = s.ring.get(s.ring.nextSeq - 1);
      if (newest?.kind === 'diagnostic' && newest.seq !== lastFinding) {
        lastFinding = newest.seq;
        findings.push(newest);
      }
      if (newest?.kind === 'event' && newest.seq > lastEvent) {
        lastEvent = newest.seq;
        counted.events++;
        if (newest.decoded !== undefined) counted.decoded++;
      }
    },
  });
  session.setRecordHook((record) => hooked.push(asJson(record)));
  let sink: RecordSink;
  const sunk: StreamRecord[] = [];
  if (runs === null) {
    // A plain function: the decoder gives it every event as a record.
    const plain = (draft: RecordDraft) => {
      const seq = session.sink(draft);
      sunk[seq] = draft as StreamRecord;
      return seq;
    };
    sink = spec.decorate ? withProtocolDecoding(plain, request) : plain;
  } else {
    const toSession = countRuns(session.sink, runs.session);
    sink = spec.decorate ? countRuns(withProtocolDecoding(toSession, request), runs.decoder) : toSession;
  }
  const decoder = createSseDecoder(
    sink,
    spec.maxEventBytes === undefined ? {} : { maxEventBytes: spec.maxEventBytes },
    request.lastEventId ?? '',
  );
  return {
    session,
    sink,
    decoder,
    findings,
    hooked,
    finished: false,
    sunk,
    get events() {
      return counted.events;
    },
    get decoded() {
      return counted.decoded;
    },
  };
}

/** The steps of a case: what a live SSE engine would do with the server's random answers. */
function planCase(spec: CaseSpec): { steps: Step[]; lastT: number } {
  const random = seededRandom(spec.seed);
  const steps: Step[] = [];
  const record = (label: string, make: (side: Side) => RecordDraft): void => {
    steps.push({ label, apply: (side) => void side.sink(make(side)) });
  };
  let t = T0 + 1000;
  let nextId = 1;
  let readSteps = 0;
  const perConnection: Array<{ reads: Uint8Array[]; plan: () => void }> = [];
  const [burstGap, idleGap, longIdleGap] = spec.gaps ?? [0.02, 0.003, 0.001];
  const lastConnection = spec.connections;
  // Build each connection's reads first, to know how many reads the case has.
  for (let c = 1; c <= spec.connections; c++) {
    const events = spec.events[0] + Math.floor(random() * (spec.events[1] - spec.events[0] + 1));
    // Replayed from the start after `late` events (never, but with 'late').
    let late = events;
    if (c > 1) {
      const resume = spec.resume ?? pick(random, ['honour', 'honour', 'replay', 'repeat', 'late'] as const);
      if (resume === 'replay') nextId = 1;
      else if (resume === 'repeat') nextId = Math.max(1, nextId - 3);
      else if (resume === 'late') late = spec.lateAt ?? Math.floor(random() * 60);
    }
    const ids = Array.from({ length: events }, (_, i) => (i < late ? nextId + i : 1 + i - late));
    nextId = ids[events - 1]! + 1;
    const ending: LineEnding = spec.lfOnly
      ? 'lf'
      : pick(random, ['lf', 'lf', 'lf', 'lf', 'lf', 'lf', 'lf', 'mixed', 'crlf', 'cr'] as const);
    const bom = !spec.lfOnly && random() < 0.1;
    const body = connectionBody(random, ids, t, ending, bom, spec.profile);
    const reads = cutReads(random, body.bytes, body.blockEnds, spec.sizes);
    const framing: Framing = random() < (spec.ndjson ?? 0) ? 'ndjson' : 'sse';
    const connection = c;
    perConnection.push({
      reads,
      plan: () => {
        if (connection > 1) steps.push({ label: 'reset', apply: (side) => side.decoder.reset() });
        const stateT = t;
        const reason = connection === 1 ? 'connecting' : 'reconnecting';
        record(`${reason} ${connection}`, (side) => ({
          kind: 'state',
          t: stateT,
          connection,
          readyState: 0,
          reason,
          message: `${reason} to http://127.0.0.1/events`,
          // The engine sends the decoder's last event ID, whenever it is not empty.
          ...(side.decoder.lastEventId !== '' ? { lastEventId: side.decoder.lastEventId } : {}),
        }));
        t += 1 + random() * 20;
        const responseT = t;
        record(`response ${connection}`, () => ({
          kind: 'response',
          t: responseT,
          connection,
          status: 200,
          statusText: 'OK',
          headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
          url: 'http://127.0.0.1/events',
          redirected: false,
          requestSentAt: stateT + 0.5,
          framing,
        }));
        record(`open ${connection}`, () => ({
          kind: 'state',
          t: responseT,
          connection,
          readyState: 1,
          reason: 'open',
          message: 'HTTP 200',
        }));
        for (const bytes of reads) {
          const r = random();
          const gap =
            r < longIdleGap
              ? 60_001 + random() * 30_000
              : r < longIdleGap + idleGap
                ? random() < 0.1
                  ? 30_000 // exactly the threshold: not over it
                  : 30_001 + random() * 15_000
                : r < longIdleGap + idleGap + burstGap
                  ? 1000 + random() * 1500
                  : random() < 0.7
                    ? random() * 0.5 // within a burst's 5 ms
                    : random() * 3;
          // A live session's idle check, once in a while during a silence.
          if (gap > 1000 && random() < 0.5) {
            const at = t + gap * random();
            steps.push({ label: `tick at +${Math.round(at - T0)}`, apply: (side) => side.session.checkIdle(at) });
          }
          t += gap;
          const readT = t;
          const index = readSteps++;
          steps.push({
            label: `read ${index} (connection ${connection}, ${bytes.length} bytes)`,
            read: true,
            apply: (side) => {
              side.decoder.push(bytes, readT, connection);
              // The engine gives up on an event too large: the session's final state.
              if (side.decoder.overflowed) {
                side.sink({
                  kind: 'state',
                  t: readT,
                  connection,
                  readyState: 2,
                  reason: 'event-too-large',
                  message: 'an event exceeded the limit',
                });
                side.finished = true;
              }
            },
          });
          if (spec.clearAt !== undefined && index === Math.floor(totalReads * spec.clearAt))
            steps.push({ label: 'clear', apply: (side) => side.session.clear() });
          if (spec.rewindAt !== undefined && index === Math.floor(totalReads * spec.rewindAt))
            steps.push({ label: 'rewind', apply: (side) => side.session.rewind() });
        }
        const clean = random() < 0.8;
        steps.push({ label: `end ${connection}`, apply: (side) => side.decoder.end(clean) });
        t += 0.5;
        const endT = t;
        if (connection < lastConnection) {
          if (!clean)
            record(`network error ${connection}`, () => ({
              kind: 'error',
              t: endT,
              connection,
              code: 'network',
              message: 'socket hang up',
              fatal: false,
            }));
          record(`waiting ${connection}`, (side) => ({
            kind: 'state',
            t: endT,
            connection,
            readyState: 0,
            reason: 'waiting-retry',
            message: `reconnecting in ${side.decoder.reconnectMs} ms`,
            delayMs: side.decoder.reconnectMs,
          }));
          t += spec.storm ? 20 + random() * 200 : 500 + random() * 3000;
        } else {
          record(`closed ${connection}`, () => ({
            kind: 'state',
            t: endT,
            connection,
            readyState: 2,
            reason: 'closed-by-user',
            message: 'closed by user',
          }));
        }
      },
    });
  }
  const totalReads = perConnection.reduce((n, c) => n + c.reads.length, 0);
  for (const c of perConnection) c.plan();
  return { steps, lastT: t };
}

// ---------------------------------------------------------------------------------------------
// Comparison

/**
 * JSON with key order, which also shows what JSON drops: a field present but undefined, a typed
 * array's kind (chunk bytes as base64: as an object of indexes they are huge, and compared byte by
 * byte by toStrictEqual, slow).
 */
function asJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v === undefined
      ? '<undefined>'
      : ArrayBuffer.isView(v)
        ? `${v.constructor.name}:${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')}`
        : v,
  );
}

/** Cheap when equal; on a difference, the assertions say where (toStrictEqual, then key order). */
function expectSame(actual: unknown, expected: unknown, where: string): void {
  const a = asJson(actual);
  const b = asJson(expected);
  if (a === b) return;
  expect(actual, where).toStrictEqual(expected);
  expect(a, where).toBe(b);
}

/** Every record the rings hold, A (runs) against B (records); the first difference is named. */
function expectSameRing(a: Session, b: Session, where: string): void {
  expectSame(ringCounters(a), ringCounters(b), `${where}: ring counters`);
  const sliceA = a.ring.slice(a.ring.firstSeq, a.ring.size);
  const sliceB = b.ring.slice(b.ring.firstSeq, b.ring.size);
  expect(sliceA).toHaveLength(sliceB.length);
  for (let i = 0; i < sliceB.length; i++) {
    const seq = sliceB[i]!.seq;
    expectSame(sliceA[i], sliceB[i], `${where}: record seq ${seq} (slice)`);
    expectSame(a.ring.get(seq), sliceB[i], `${where}: record seq ${seq} (get)`);
  }
}

const ringCounters = (s: Session) => ({
  firstSeq: s.ring.firstSeq,
  nextSeq: s.ring.nextSeq,
  size: s.ring.size,
  clearedSeq: s.ring.clearedSeq,
});

/** Where the stream stands, as each side sees it: compared after every step. */
const stateOf = (side: Side) => ({
  decoderLastEventId: side.decoder.lastEventId,
  decoderReconnectMs: side.decoder.reconnectMs,
  decoderOverflowed: side.decoder.overflowed,
  resumeNow: side.session.resumePoint('now'),
  resumeBuffer: side.session.resumePoint('buffer'),
  ...ringCounters(side.session),
  readyState: side.session.readyState,
  closed: side.session.closed,
  findings: side.findings.length,
});

function expectSameState(a: Side, b: Side, where: string): void {
  expectSame(stateOf(a), stateOf(b), where);
}

/** Everything a reader can see of the two sessions, at a checkpoint. */
function expectSameSessions(a: Side, b: Side, at: number, where: string): void {
  expectSameState(a, b, where);
  expectSameRing(a.session, b.session, where);
  // Both sides read their rings the same way (compact-events.ts): a mistake there would make them
  // agree on the wrong records. B's ring must also give back exactly what its sink was given.
  for (const record of b.session.ring.slice(b.session.ring.firstSeq, b.session.ring.size)) {
    const given = b.sunk[record.seq];
    if (given === undefined) expect(record.kind, `${where}: record seq ${record.seq} not sunk`).toBe('diagnostic');
    else expectSame(record, given, `${where}: record seq ${record.seq} as B's sink was given it`);
  }
  // Rates are computed for `at`: at the case's last record, and once the rate window moved on.
  for (const when of [at, at + 1234.5, at + 60_000])
    expectSame(a.session.stats.snapshot(when), b.session.stats.snapshot(when), `${where}: stats at ${when}`);
  expectSame(a.session.info(), b.session.info(), `${where}: info`);
  expectSame(a.findings, b.findings, `${where}: findings`);
  expectSame(a.hooked, b.hooked, `${where}: recorded`);
}

interface CaseResult {
  /** Runs offered to and taken by the session (A), and offered to the decorator in front of it. */
  session: RunCount;
  decoder: RunCount;
  /** Findings per rule (B's, equal to A's). */
  rules: Map<string, number>;
  events: number;
  /** Events B's session received that a protocol decoder read something in. */
  decoded: number;
  /** The stream ended on an event over the decoder's maxEventBytes. */
  overflowed: boolean;
}

function runCase(spec: CaseSpec): CaseResult {
  const where = (label: string) => `case "${spec.name}" (seed ${spec.seed}), after ${label}`;
  const session = newCount();
  const decoder = newCount();
  const a = createSide(spec, { session, decoder });
  const b = createSide(spec, null);
  const { steps, lastT } = planCase(spec);
  for (const step of steps) {
    if (a.finished) break;
    // What clear() or rewind() is about to empty must have been the same.
    if (step.label === 'clear' || step.label === 'rewind')
      expectSameSessions(a, b, lastT, where(`the reads before ${step.label}`));
    step.apply(a);
    step.apply(b);
    expectSameState(a, b, where(step.label));
    // Small rings are cheap to compare whole after every read.
    if (step.read && spec.capacity <= 53) expectSameRing(a.session, b.session, where(step.label));
  }
  expectSameSessions(a, b, lastT, where('the last step'));
  const rules = new Map<string, number>();
  for (const f of b.findings) rules.set(f.rule, (rules.get(f.rule) ?? 0) + 1);
  return { session, decoder, rules, events: b.events, decoded: b.decoded, overflowed: b.decoder.overflowed };
}

// ---------------------------------------------------------------------------------------------
// The cases

const DIAGNOSTICS: Array<DiagnosticsOptions | false | undefined> = [
  undefined,
  { largeEventBytes: 50 },
  { largeEventBytes: 120, edgeIds: 5 },
  { edgeIds: 20, burstMinEvents: 3 },
  // A short silence counts: idle findings (and refused runs) in ordinary cases too; thresholds
  // in either order.
  { idle: [{ ms: 2000, rule: 'idle-30s' }] },
  {
    idle: [
      { ms: 5000, rule: 'idle-60s' },
      { ms: 1500, rule: 'idle-30s' },
    ],
  },
  false,
];

function randomSpec(seed: number): CaseSpec {
  const random = seededRandom(seed * 104_729);
  return {
    name: `random ${seed}`,
    seed,
    capacity: pick(random, [1, 7, 53, 1000, 100_000]),
    connections: 1 + Math.floor(random() * 4),
    events: [20, 250],
    sizes: pick(random, ['tiny', 'mixed', 'mixed', 'large', 'large'] as const),
    profile: { ...PROFILE, nonAscii: pick(random, [0, 0.002, 0.02]), odd: pick(random, [0, 0.03, 0.1]) },
    diagnostics: pick(random, DIAGNOSTICS),
    latencyPath: random() < 0.15 ? pick(random, ['a.sentAt', 'meta.ts', 'sentAt']) : undefined,
    clearAt: random() < 0.2 ? random() : undefined,
    ndjson: random() < 0.1 ? 0.5 : 0,
  };
}

/** Sums of several cases' results. */
function total(results: CaseResult[]) {
  const sum = { session: newCount(), decoder: newCount(), rules: new Map<string, number>(), events: 0, decoded: 0 };
  for (const r of results) {
    for (const key of ['offered', 'accepted', 'offeredEvents', 'acceptedEvents'] as const) {
      sum.session[key] += r.session[key];
      sum.decoder[key] += r.decoder[key];
    }
    for (const [rule, n] of r.rules) sum.rules.set(rule, (sum.rules.get(rule) ?? 0) + n);
    sum.events += r.events;
    sum.decoded += r.decoded;
  }
  return sum;
}

/** Runs were offered, some taken and some refused: both of the session's paths were compared. */
function expectBothPaths(sum: ReturnType<typeof total>): void {
  expect(sum.session.offered).toBeGreaterThan(0);
  expect(sum.session.accepted).toBeGreaterThan(0);
  expect(sum.session.accepted).toBeLessThan(sum.session.offered);
}

const base = (name: string, seed: number): CaseSpec => ({
  name,
  seed,
  capacity: 1000,
  connections: 2,
  events: [100, 250],
  sizes: 'mixed',
  profile: PROFILE,
  lfOnly: true,
});

describe('a session fed through runs of events ends up as one fed record by record', () => {
  it('random streams, several connections, rings of 1 to 100,000 records, clear() on the way', () => {
    const results: CaseResult[] = [];
    for (let seed = 1; seed <= 40; seed++) results.push(runCase(randomSpec(seed)));
    const sum = total(results);
    expectBothPaths(sum);
    // Many events travel in runs (not most: tiny reads, non-ASCII, CRLF, resumed connections and
    // strict diagnostics options keep the rest as records), so the comparison is about them.
    expect(sum.session.acceptedEvents).toBeGreaterThan(sum.events / 8);
    expect(sum.events).toBeGreaterThan(5000);
  });

  it('runs longer than the ring: eviction inside a run, and across runs', () => {
    const results: CaseResult[] = [];
    for (const capacity of [1, 2, 7, 53]) {
      for (let seed = 1; seed <= 3; seed++) {
        results.push(
          runCase({
            ...base(`ring of ${capacity}`, 500 + capacity * 10 + seed),
            capacity,
            sizes: 'large',
            profile: { ...PROFILE, odd: 0, nonAscii: 0 },
            clearAt: seed === 2 ? 0.5 : undefined,
          }),
        );
      }
    }
    const sum = total(results);
    expectBothPaths(sum);
    // Runs of far more events than 53 records.
    expect(sum.session.acceptedEvents / sum.session.accepted).toBeGreaterThan(53);
  });

  it('silences over 30 s and 60 s: idle-30s and idle-60s land between the events they are about', () => {
    const results: CaseResult[] = [];
    for (let seed = 1; seed <= 4; seed++)
      results.push(
        runCase({
          ...base('idle', 1000 + seed),
          capacity: pick(seededRandom(seed), [53, 1000]),
          connections: 3,
          gaps: [0.02, 0.15, 0.1],
        }),
      );
    // Thresholds listed longest first; silences between them, each read an event or more.
    for (let seed = 1; seed <= 4; seed++)
      results.push(
        runCase({
          ...base('idle, thresholds in reverse', 1100 + seed),
          sizes: 'blocks',
          gaps: [0.1, 0, 0],
          diagnostics: {
            idle: [
              { ms: 2000, rule: 'idle-60s' },
              { ms: 1200, rule: 'idle-30s' },
            ],
          },
        }),
      );
    const sum = total(results);
    expectBothPaths(sum);
    // Once per connection each.
    expect(sum.rules.get('idle-30s')).toBeGreaterThanOrEqual(6);
    expect(sum.rules.get('idle-60s')).toBeGreaterThanOrEqual(6);
  });

  it('events over largeEventBytes: large-event', () => {
    const results: CaseResult[] = [];
    for (let seed = 1; seed <= 4; seed++)
      results.push(
        runCase({
          ...base('large events', 2000 + seed),
          capacity: seed % 2 ? 53 : 100_000,
          diagnostics: { largeEventBytes: 50 },
          profile: { ...PROFILE, long: 0.02 },
        }),
      );
    // Short events, and a rare one a single byte over the threshold.
    for (let seed = 1; seed <= 4; seed++)
      results.push(
        runCase({
          ...base('one byte over', 2100 + seed),
          sizes: 'blocks',
          diagnostics: { largeEventBytes: 50, edgeIds: 5 },
          profile: { ...PROFILE, odd: 0, long: 0, exact: { p: 0.01, sizes: [50, 51] }, short: true },
        }),
      );
    const sum = total(results);
    expectBothPaths(sum);
    expect(sum.rules.get('large-event')).toBeGreaterThanOrEqual(8);
  });

  it('a burst of events after a silence: burst-delivery counts the events of runs', () => {
    const results: CaseResult[] = [];
    for (let seed = 1; seed <= 4; seed++)
      results.push(runCase({ ...base('bursts', 3000 + seed), sizes: 'large', gaps: [0.3, 0, 0], connections: 3 }));
    const sum = total(results);
    expectBothPaths(sum);
    expect(sum.rules.get('burst-delivery')).toBeGreaterThan(4);
  });

  it('a server that ignores Last-Event-ID after a reconnect: last-event-id-ignored', () => {
    const results: CaseResult[] = [];
    for (let seed = 1; seed <= 8; seed++)
      results.push(
        runCase({
          ...base('replaying server', 4000 + seed),
          connections: 3,
          resume: (['replay', 'repeat', 'late', 'late'] as const)[seed % 4],
          // Few ids at the edges: runs later in a resumed connection are taken again.
          diagnostics: { edgeIds: [5, 20, 40][seed % 3] },
          capacity: seed === 1 ? 7 : 1000,
        }),
      );
    // A server that resends the last few events, against the last one or two ids remembered.
    for (let seed = 1; seed <= 24; seed++)
      results.push(
        runCase({
          ...base('resending server', 4050 + seed),
          connections: 6,
          events: [8, 30],
          sizes: 'blocks',
          resume: 'repeat',
          diagnostics: { edgeIds: 1 + (seed % 2) },
        }),
      );
    // And one that honours it: the rule checks the first events of each resumed connection.
    results.push(runCase({ ...base('resuming server', 4100), connections: 3, resume: 'honour' }));
    const sum = total(results);
    expectBothPaths(sum);
    expect(sum.rules.get('last-event-id-ignored')).toBeGreaterThanOrEqual(6);
  });

  it('last-event-id-ignored at the edge: a repeat just before, at and just after the edgeIds-th event', () => {
    const results: CaseResult[] = [];
    for (let lateAt = 7; lateAt <= 13; lateAt++)
      for (let seed = 1; seed <= 3; seed++)
        results.push(
          runCase({
            ...base(`replay after ${lateAt} events`, 4200 + lateAt * 10 + seed),
            connections: 2,
            events: [40, 60],
            sizes: 'blocks',
            resume: 'late',
            lateAt,
            profile: { ...PROFILE, odd: 0, nonAscii: 0, idAlways: true },
            diagnostics: { edgeIds: 10 },
          }),
        );
    const sum = total(results);
    expectBothPaths(sum);
    // A repeat among the first 10 ids of the resumed connection is found; one after is not.
    expect(sum.rules.get('last-event-id-ignored')).toBe(9);
  });

  it('reconnects in quick succession: reconnect-storm', () => {
    const results: CaseResult[] = [];
    for (let seed = 1; seed <= 3; seed++)
      results.push(runCase({ ...base('storm', 5000 + seed), connections: 8, events: [5, 40], storm: true }));
    const sum = total(results);
    expectBothPaths(sum);
    expect(sum.rules.get('reconnect-storm')).toBe(3);
  });

  it('connections read as NDJSON: line-not-json reads every event', () => {
    const results: CaseResult[] = [];
    for (let seed = 1; seed <= 6; seed++)
      results.push(
        runCase({
          ...base('ndjson', 6000 + seed),
          connections: 3,
          ndjson: 0.5,
          // A rare line that is not JSON (no multi-line data either), so the first one is often
          // deep in a run; resumed connections take runs after a few ids.
          profile: { ...PROFILE, notJson: 0.01, odd: 0 },
          diagnostics: { edgeIds: 5 },
        }),
      );
    const sum = total(results);
    expectBothPaths(sum);
    expect(sum.rules.get('line-not-json')).toBeGreaterThan(0);
  });

  it('behind the protocol decorator: JSON-RPC events decoded alike, runs with none pass through', () => {
    const results: CaseResult[] = [];
    for (let seed = 1; seed <= 6; seed++)
      results.push(
        runCase({
          ...base('JSON-RPC', 7000 + seed),
          capacity: pick(seededRandom(seed), [7, 1000, 100_000]),
          decorate: true,
          profile: { ...PROFILE, jsonRpc: seed % 2 ? 0.01 : 0.05 },
          // Its answers (id 1) learn the method and the latency of the request in the body.
          request: {
            method: 'POST',
            body: '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"_meta":{"progressToken":"p1"}}}',
          },
          clearAt: seed === 3 ? 0.4 : undefined,
        }),
      );
    const sum = total(results);
    expectBothPaths(sum);
    expect(sum.decoded).toBeGreaterThan(20);
    // The decorator refused runs that mention JSON-RPC; the session saw only the others.
    expect(sum.decoder.offered).toBeGreaterThan(sum.session.offered);
  });

  it('behind the protocol decorator with a graphql-sse operation: no run passes, events decoded alike', () => {
    const result = runCase({
      ...base('graphql-sse', 8000),
      decorate: true,
      request: { method: 'POST', graphql: { query: 'subscription OnTick { tick }' } },
      profile: { ...PROFILE, graphql: true },
    });
    // The decorator takes no runs at all (it has no takeEvents): the decoder makes records only.
    expect(result.decoder.offered).toBe(0);
    expect(result.session.offered).toBe(0);
    expect(result.decoded).toBeGreaterThan(100);
  });

  it('an event over the decoder maxEventBytes ends the stream alike', () => {
    const results: CaseResult[] = [];
    for (let seed = 1; seed <= 3; seed++)
      results.push(
        runCase({ ...base('too large', 9000 + seed), maxEventBytes: 300, profile: { ...PROFILE, long: 0.01 } }),
      );
    expectBothPaths(total(results));
    expect(results.filter((r) => r.overflowed).length).toBeGreaterThan(0);
  });

  it('clear() and rewind() in the middle, a starting Last-Event-ID, an explicit latency path', () => {
    const results: CaseResult[] = [];
    for (let seed = 1; seed <= 4; seed++)
      results.push(
        runCase({
          ...base('clear and rewind', 10_000 + seed),
          capacity: pick(seededRandom(seed), [7, 53, 100_000]),
          connections: 3,
          clearAt: 0.3,
          rewindAt: 0.7,
          request: { lastEventId: 'start-7' },
          latencyPath: seed % 2 ? 'a.sentAt' : undefined,
          lfOnly: false,
        }),
      );
    expectBothPaths(total(results));
  });
});
