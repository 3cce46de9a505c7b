/**
 * The classic "SSE vs WebSocket" demo: the same messages at /sse and /ws. A greeting, then
 * "SSE Message N" every `interval` ms, a random status every `statusInterval` ms, and the
 * stream ends after `duration` s.
 *
 * Status messages are plain (untyped) events so an EventSource's onmessage sees them; they carry
 * an extra "type":"status" field after `message` and `sentAt` to tell them apart.
 */
import type { WebSocket } from 'ws';
import type { QueryReader } from './query';
import type { SseStream, StreamRegistry } from './sse-stream';
import type { DemoMetricsCounter } from './metrics';
import { createConnectionTimers } from './timers';

/** Headers of /sse, exactly as the demo has always sent them. */
export const CLASSIC_SSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache',
  Connection: 'keep-alive',
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET',
  'Access-Control-Allow-Headers': 'Cache-Control',
};

export const STATUS_MESSAGES: readonly string[] = [
  'Processing data...',
  'Server load: Normal',
  'Database sync completed',
  'Cache refreshed',
  'Background job finished',
  'Health check passed',
  'New user connected',
  'Metrics collected',
];

export interface ClassicSettings {
  intervalMs: number;
  statusIntervalMs: number;
  durationMs: number;
}

/** Read and validate interval, statusInterval and duration (throws QueryError). */
export function readClassicSettings(query: QueryReader): ClassicSettings {
  const intervalMs = query.number('interval', { default: 2000, min: 1, max: 3_600_000 });
  const statusIntervalMs = query.number('statusInterval', { default: 5000, min: 1, max: 3_600_000 });
  const duration = query.number('duration', { default: 300, min: 0, max: 86_400, integer: false, exclusiveMin: true });
  return { intervalMs, statusIntervalMs, durationMs: duration * 1000 };
}

export type ClassicMessage = { message: string; sentAt: number; type?: 'status' };

function randomStatus(): string {
  return STATUS_MESSAGES[Math.floor(Math.random() * STATUS_MESSAGES.length)]!;
}

/** The messages both transports send, numbered per connection. */
interface ClassicSchedule {
  greet(): ClassicMessage;
  next(): ClassicMessage;
  status(): ClassicMessage;
}

function createSchedule(): ClassicSchedule {
  let n = 0;
  return {
    greet: () => ({ message: 'SSE connection established', sentAt: Date.now() }),
    next: () => ({ message: `SSE Message ${++n}`, sentAt: Date.now() }),
    status: () => ({ message: randomStatus(), sentAt: Date.now(), type: 'status' }),
  };
}

/** Run the demo on an open SSE stream; its timers die with the stream. */
export function runClassicSse(stream: SseStream, settings: ClassicSettings): void {
  const schedule = createSchedule();
  const send = (m: ClassicMessage): void => void stream.event({ data: JSON.stringify(m) });
  send(schedule.greet());
  stream.timers.every(settings.intervalMs, () => send(schedule.next()));
  stream.timers.every(settings.statusIntervalMs, () => send(schedule.status()));
  stream.timers.after(settings.durationMs, () => stream.end());
}

/**
 * Run the demo on an accepted WebSocket, and echo what the client sends as
 * {"echo": text, "sentAt": ms} (binary frames: base64 with "encoding":"base64").
 */
export function runClassicWs(
  ws: WebSocket,
  settings: ClassicSettings,
  metrics: DemoMetricsCounter,
  registry: StreamRegistry,
): void {
  const timers = createConnectionTimers();
  const schedule = createSchedule();
  metrics.wsOpened();
  const untrack = registry.add(() => {
    timers.clear();
    ws.close(1001, 'server shutting down');
  });
  const send = (value: object): void => {
    if (ws.readyState !== ws.OPEN) return;
    const text = JSON.stringify(value);
    metrics.sent(1, Buffer.byteLength(text));
    ws.send(text);
  };
  ws.on('message', (data, isBinary) => {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (isBinary) send({ echo: bytes.toString('base64'), encoding: 'base64', sentAt: Date.now() });
    else send({ echo: bytes.toString('utf8'), sentAt: Date.now() });
  });
  ws.on('error', () => metrics.error());
  ws.once('close', () => {
    timers.clear();
    untrack();
    metrics.wsClosed();
  });
  send(schedule.greet());
  timers.every(settings.intervalMs, () => send(schedule.next()));
  timers.every(settings.statusIntervalMs, () => send(schedule.status()));
  timers.after(settings.durationMs, () => {
    timers.clear();
    ws.close(1000, 'duration elapsed');
  });
}
