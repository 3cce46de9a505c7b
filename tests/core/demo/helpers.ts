// Test helpers: start a demo server per test file and read streams from it with the core SSE
// engine (or `ws`), collecting the records it produces.
import { WebSocket } from 'ws';
import { createSseConnection } from '../../../src/core/sse/connection';
import { createSequencedSink, type StreamConnection } from '../../../src/core/stream';
import type { EventRecord, StreamRecord } from '../../../src/shared/records';
import type { StreamRequest } from '../../../src/shared/request';

export interface CollectOptions {
  /** Close the connection as soon as this holds for the records so far. */
  until?: (records: StreamRecord[]) => boolean;
  /** Fail after this long (default 5 s). */
  timeoutMs?: number;
}

/** Connect with the core SSE engine and collect every record until it is done (or `until`). */
export function collectSse(request: StreamRequest, options: CollectOptions = {}): Promise<StreamRecord[]> {
  const records: StreamRecord[] = [];
  return new Promise((resolve, reject) => {
    let connection: StreamConnection | undefined;
    let satisfied = false;
    const timer = setTimeout(() => {
      connection?.close();
      reject(
        new Error(
          `timed out after ${options.timeoutMs ?? 5000} ms with ${records.length} records: ${summarise(records)}`,
        ),
      );
    }, options.timeoutMs ?? 5000);
    const sink = createSequencedSink('demo-test', (record) => {
      records.push(record);
      if (!satisfied && options.until?.(records)) {
        satisfied = true;
        // The sink runs inside the engine; close once it has returned.
        queueMicrotask(() => connection?.close());
      }
    });
    connection = createSseConnection({ request }, sink);
    void connection.done.then(() => {
      clearTimeout(timer);
      resolve(records);
    });
  });
}

export function eventsOf(records: StreamRecord[]): EventRecord[] {
  return records.filter((r): r is EventRecord => r.kind === 'event');
}

export function ofKind<K extends StreamRecord['kind']>(
  records: StreamRecord[],
  kind: K,
): Array<Extract<StreamRecord, { kind: K }>> {
  return records.filter((r): r is Extract<StreamRecord, { kind: K }> => r.kind === kind);
}

export function countEvents(n: number): (records: StreamRecord[]) => boolean {
  return (records) => eventsOf(records).length >= n;
}

function summarise(records: StreamRecord[]): string {
  return records
    .filter((r) => r.kind !== 'chunk')
    .slice(-8)
    .map((r) => JSON.stringify(r))
    .join(' ');
}

/** Open a WebSocket and collect parsed JSON text messages until `until` holds or it closes. */
export function collectWs(
  url: string,
  options: { until?: (messages: unknown[]) => boolean; onOpen?: (ws: WebSocket) => void; timeoutMs?: number } = {},
): Promise<{ messages: unknown[]; closeCode: number | null }> {
  return new Promise((resolve, reject) => {
    const messages: unknown[] = [];
    const ws = new WebSocket(url);
    let closeCode: number | null = null;
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`ws timed out with ${messages.length} messages: ${JSON.stringify(messages.slice(-5))}`));
    }, options.timeoutMs ?? 5000);
    ws.on('open', () => options.onOpen?.(ws));
    ws.on('message', (data) => {
      messages.push(JSON.parse(String(data)));
      if (options.until?.(messages)) ws.close(1000, 'test done');
    });
    ws.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    ws.on('close', (code) => {
      closeCode = code;
      clearTimeout(timer);
      resolve({ messages, closeCode });
    });
  });
}
