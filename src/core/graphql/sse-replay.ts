/**
 * Replaying a recorded graphql-sse subscription to graphql-sse clients in single connection mode,
 * for `replay --serve`. Such a client reserves a stream (PUT, answered 201 with a token), listens
 * to it (GET with the token), then POSTs its operation with an id of its own (answered 202) and
 * reads that operation's `next` / `complete` events, tagged with its id, on the stream; DELETE
 * stops an operation. The recorded operation's results are played into the stream at their
 * recorded offsets (divided by the speed) with the client's id, whichever mode was recorded; a
 * client in distinct connections mode gets a single connection recording's results as its own
 * event stream. The results are read from the recording as they are played (memory stays flat).
 *
 * @see https://github.com/enisdenjo/graphql-sse/blob/master/PROTOCOL.md
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GRAPHQL_SSE_TOKEN_HEADER } from '#shared/graphql';
import { sleepUntil } from '../recording/precise-timer';
import { createSseDecoder } from '../sse/decoder';

/** The recorded stream's chunks, at their offsets from its response, read as served. */
export type RecordedChunks = (signal: AbortSignal) => AsyncIterable<{ at: number; bytes: Uint8Array }>;

export interface GraphqlSseReplay {
  /**
   * Answers `req` when it belongs to the protocol's single connection mode (a PUT, or a request
   * carrying a stream token) or is a distinct connections POST that needs the recording converted;
   * false leaves it to the plain HTTP replay (its body unread).
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  close(): void;
}

/** Streams reserved at once, and the largest operation body read: bounds against a runaway client. */
const MAX_RESERVATIONS = 100;
const MAX_BODY_BYTES = 1024 * 1024;

const EVENT_STREAM_HEAD = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'access-control-allow-origin': '*',
};

interface Reservation {
  stream: ServerResponse | null;
  operations: Map<string, AbortController>;
}

/** One recorded result (an execution result) at its offset, or the operation's end. */
type Played = { at: number; payload: unknown } | { at: number; complete: true };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function answer(res: ServerResponse, status: number, text = ''): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'access-control-allow-origin': '*' });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (part: Buffer) => {
      size += part.length;
      if (size > MAX_BODY_BYTES) {
        req.destroy();
        resolve(null);
      } else parts.push(part);
    });
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}

/**
 * @param chunks - the recorded graphql-sse stream (the answer to the POST, or the single connection's GET)
 * @param recordedSingle - the recording is of single connection mode: its events' data is `{id, payload}`
 */
export function createGraphqlSseReplay(
  chunks: RecordedChunks,
  options: { speed: number; recordedSingle: boolean },
): GraphqlSseReplay {
  const reservations = new Map<string, Reservation>();
  const stopping = new AbortController();

  /** The recorded operation's results, then its end (also when the recording stops without one). */
  async function* recorded(signal: AbortSignal): AsyncGenerator<Played> {
    const events: Array<{ type: string; data: string }> = [];
    const decoder = createSseDecoder((r) => {
      if (r.kind === 'event') events.push({ type: r.type, data: r.data });
      return 0;
    });
    let at = 0;
    for await (const chunk of chunks(signal)) {
      at = chunk.at;
      decoder.push(chunk.bytes, 0, 1);
      for (const event of events.splice(0)) {
        if (event.type === 'complete') {
          yield { at, complete: true };
          return;
        }
        if (event.type !== 'next') continue;
        const data = parseJson(event.data);
        const payload = options.recordedSingle ? (data as { payload?: unknown } | undefined)?.payload : data;
        if (payload !== undefined) yield { at, payload };
      }
    }
    yield { at, complete: true };
  }

  /** Plays the recording into `res` as operation `id` (null: a distinct connections stream). */
  async function play(res: ServerResponse, id: string | null, signal: AbortSignal): Promise<void> {
    const start = performance.now();
    for await (const item of recorded(signal)) {
      if (options.speed > 0) await sleepUntil(start + Math.max(0, item.at) / options.speed, signal);
      if (signal.aborted || res.writableEnded) return;
      if ('complete' in item) {
        res.write(`event: complete\ndata: ${id === null ? '' : JSON.stringify({ id })}\n\n`);
        return;
      }
      const data = id === null ? item.payload : { id, payload: item.payload };
      res.write(`event: next\ndata: ${JSON.stringify(data)}\n\n`);
    }
  }

  function tokenOf(req: IncomingMessage): string | null {
    const header = req.headers[GRAPHQL_SSE_TOKEN_HEADER];
    if (typeof header === 'string') return header;
    return new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('token');
  }

  async function subscribe(req: IncomingMessage, res: ServerResponse, reservation: Reservation): Promise<void> {
    const body = await readBody(req);
    const request = body === null ? undefined : parseJson(body);
    const id = (request as { extensions?: { operationId?: unknown } } | undefined)?.extensions?.operationId;
    if (typeof id !== 'string' || id === '') return answer(res, 400, 'the operation has no extensions.operationId\n');
    const stream = reservation.stream;
    if (stream === null) return answer(res, 409, 'the stream is not open: GET it first\n');
    if (reservation.operations.has(id)) return answer(res, 409, `operation ${id} is already running\n`);
    const control = new AbortController();
    reservation.operations.set(id, control);
    answer(res, 202);
    const signal = AbortSignal.any([control.signal, stopping.signal]);
    await play(stream, id, signal).finally(() => {
      // A stopped operation's id may already run again: only this run's entry goes.
      if (reservation.operations.get(id) === control) reservation.operations.delete(id);
    });
  }

  function listen(res: ServerResponse, token: string, reservation: Reservation): void {
    if (reservation.stream !== null) return answer(res, 409, 'this stream is already open\n');
    reservation.stream = res;
    res.writeHead(200, EVENT_STREAM_HEAD);
    res.flushHeaders();
    res.once('close', () => {
      for (const control of reservation.operations.values()) control.abort();
      reservations.delete(token);
    });
  }

  return {
    handle(req, res) {
      if (req.method === 'PUT') {
        req.resume();
        if (reservations.size >= MAX_RESERVATIONS) answer(res, 503, 'too many reserved streams\n');
        else {
          const token = randomUUID();
          reservations.set(token, { stream: null, operations: new Map() });
          answer(res, 201, token);
        }
        return true;
      }
      const token = tokenOf(req);
      if (token === null) {
        if (!options.recordedSingle || req.method !== 'POST') return false;
        // A distinct connections client and a single connection recording: its own stream.
        req.resume();
        res.writeHead(200, EVENT_STREAM_HEAD);
        res.flushHeaders();
        const gone = new AbortController();
        res.once('close', () => gone.abort());
        void play(res, null, AbortSignal.any([gone.signal, stopping.signal])).then(() => res.end());
        return true;
      }
      const reservation = reservations.get(token);
      if (!reservation) {
        req.resume();
        answer(res, 404, 'no stream reserved with this token\n');
        return true;
      }
      if (req.method === 'GET') {
        req.resume();
        listen(res, token, reservation);
      } else if (req.method === 'POST') {
        void subscribe(req, res, reservation).catch(() => res.destroy());
      } else if (req.method === 'DELETE') {
        req.resume();
        const id = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('operationId') ?? '';
        reservation.operations.get(id)?.abort();
        reservation.operations.delete(id);
        answer(res, 200);
      } else {
        req.resume();
        answer(res, 405, 'single connection mode takes PUT, GET, POST and DELETE\n');
      }
      return true;
    },
    close() {
      stopping.abort();
      for (const reservation of reservations.values()) reservation.stream?.end();
      reservations.clear();
    },
  };
}
