import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Recording, StoredRecord } from '../../../src/shared/recording-format';
import { recordingToText } from '../../../src/core/recording/codec';

/** One write of the test server: wait `delayMs` after the previous write, then send `data`. */
export interface TimedChunk {
  delayMs: number;
  data: string | Uint8Array;
}

export interface ChunkServer {
  url: string;
  close(): Promise<void>;
}

/** A 127.0.0.1 server that answers every request with these chunks at these gaps, then ends. */
export async function startChunkServer(
  chunks: TimedChunk[],
  opts: { end?: boolean; headers?: Record<string, string> } = {},
): Promise<ChunkServer> {
  const server: Server = createServer((req, res) => {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'x-test': 'yes',
      ...opts.headers,
    });
    res.flushHeaders();
    res.socket?.setNoDelay(true);
    let i = 0;
    let timer: NodeJS.Timeout | null = null;
    const next = (): void => {
      if (i >= chunks.length) {
        if (opts.end ?? true) res.end();
        return;
      }
      const c = chunks[i++]!;
      timer = setTimeout(() => {
        res.write(c.data);
        next();
      }, c.delayMs);
    };
    req.on('close', () => timer && clearTimeout(timer));
    next();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/stream`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A small SSE recording in memory: one connection, chunks at the given offsets (ms). */
export function syntheticRecording(chunks: Array<{ at: number; text: string }>, t0 = 1_700_000_000_000): Recording {
  const records: StoredRecord[] = [
    { kind: 'state', t: t0, connection: 1, readyState: 0, reason: 'connecting', message: 'connecting' },
    {
      kind: 'response',
      t: t0 + 1,
      connection: 1,
      status: 200,
      statusText: 'OK',
      headers: { 'content-type': 'text/event-stream' },
      url: 'http://x/',
      redirected: false,
      requestSentAt: t0,
    },
    { kind: 'state', t: t0 + 1, connection: 1, readyState: 1, reason: 'open', message: 'HTTP 200' },
  ];
  for (const c of chunks)
    records.push({ kind: 'chunk', t: t0 + 1 + c.at, connection: 1, bytes: new TextEncoder().encode(c.text) });
  const last = records.at(-1)!.t;
  records.push({ kind: 'state', t: last, connection: 1, readyState: 2, reason: 'stream-ended', message: 'ended' });
  return {
    header: {
      format: 'streamscope-recording',
      version: 1,
      app: '0.1.0',
      created: new Date(t0).toISOString(),
      transport: 'sse',
      request: { url: 'http://x/' },
      redacted: true,
    },
    records,
    warnings: [],
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * When each expected chunk had fully arrived, from timed reads: the first read time at which the
 * bytes received so far cover the chunk's end. Robust to reads that merge chunks (a loaded
 * machine reads late and gets two at once) or split them.
 */
export function completionTimes(reads: Array<{ at: number; bytes: Uint8Array }>, chunkLengths: number[]): number[] {
  const times: number[] = [];
  let received = 0;
  let r = 0;
  let needed = 0;
  for (const length of chunkLengths) {
    needed += length;
    while (received < needed && r < reads.length) received += reads[r++]!.bytes.byteLength;
    times.push(received >= needed ? reads[r - 1]!.at : Number.NaN);
  }
  return times;
}

/** Gaps between consecutive values. */
export function gapsOf(times: number[]): number[] {
  return times.slice(1).map((x, i) => x - times[i]!);
}

const T0 = 1_700_000_000_000;
const bytes = (s: string) => new TextEncoder().encode(s);

/**
 * A recording text with two connections (one reconnect), 24 events `{"n":n,"sentAt":t}` with ids
 * 1..24 40 ms apart, a retry field and a block split across chunks.
 */
export function reconnectingRecordingText(): string {
  const records: StoredRecord[] = [];
  let t = T0;
  for (const connection of [1, 2]) {
    records.push({
      kind: 'state',
      t: t++,
      connection,
      readyState: 0,
      reason: connection === 1 ? 'connecting' : 'reconnecting',
      message: '',
    });
    records.push({
      kind: 'response',
      t: t++,
      connection,
      status: 200,
      statusText: 'OK',
      headers: { 'content-type': 'text/event-stream' },
      url: 'http://x/',
      redirected: false,
      requestSentAt: t - 2,
    });
    records.push({ kind: 'state', t: t++, connection, readyState: 1, reason: 'open', message: 'HTTP 200' });
    for (let i = 1; i <= 12; i++) {
      const n = (connection - 1) * 12 + i;
      const block = `id: ${n}\n${n === 3 ? 'retry: 500\n' : ''}data: {"n":${n},"sentAt":${t}}\n\n`;
      // Event 5 arrives in two chunks, cut inside its data line.
      if (n === 5) {
        records.push({ kind: 'chunk', t: (t += 40), connection, bytes: bytes(block.slice(0, 12)) });
        records.push({ kind: 'chunk', t: (t += 40), connection, bytes: bytes(block.slice(12)) });
      } else records.push({ kind: 'chunk', t: (t += 40), connection, bytes: bytes(block) });
    }
    if (connection === 1) {
      records.push({ kind: 'error', t: t++, connection, code: 'network', message: 'reset', fatal: false });
      records.push({
        kind: 'state',
        t: t++,
        connection,
        readyState: 0,
        reason: 'waiting-retry',
        message: 'connection lost',
        delayMs: 500,
      });
    }
  }
  records.push({ kind: 'state', t: t + 1, connection: 2, readyState: 2, reason: 'stream-ended', message: 'ended' });
  const header = {
    format: 'streamscope-recording' as const,
    version: 1,
    app: '0.1.0',
    created: new Date(T0).toISOString(),
    transport: 'sse' as const,
    request: { url: 'http://x/' },
    redacted: true,
  };
  return recordingToText({ header, records }, t + 2);
}
