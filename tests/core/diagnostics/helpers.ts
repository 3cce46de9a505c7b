/**
 * Test helpers: a tiny scripted SSE server on 127.0.0.1:0 for the misbehaviours the demo server
 * does not offer, and a runner that pushes a real stream through openStream and the diagnostics.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openStream } from '../../../src/core/open-stream';
import { createSequencedSink } from '../../../src/core/stream';
import { createDiagnostics, type DiagnosticsOptions } from '../../../src/core/diagnostics';
import type { DiagnosticRecord, StreamRecord } from '../../../src/shared/records';
import type { StreamRequest } from '../../../src/shared/request';

export type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

export interface TestServer {
  url: string;
  /** Requests seen per path. */
  hits: Map<string, number>;
  /** Last-Event-ID headers received, in order. */
  lastEventIds: Array<string | undefined>;
  close(): Promise<void>;
}

export const SSE_HEAD = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } as const;

/** Serves `routes` (by path, query ignored); unknown paths get 404. */
export async function serve(routes: Record<string, Handler>): Promise<TestServer> {
  const hits = new Map<string, number>();
  const lastEventIds: Array<string | undefined> = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    lastEventIds.push(req.headers['last-event-id'] as string | undefined);
    const handler = routes[path];
    if (!handler) {
      res.writeHead(404).end();
      return;
    }
    handler(req, res, n);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    lastEventIds,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A handler writing `pieces` (strings or bytes) with `gapMs` between them, then ending. */
export function scripted(
  pieces: Array<string | Uint8Array | { wait: number }>,
  head: Record<string, string> = SSE_HEAD,
): Handler {
  return (_req, res) => {
    res.writeHead(200, head);
    res.flushHeaders();
    let i = 0;
    const next = (): void => {
      if (res.destroyed) return;
      if (i >= pieces.length) {
        res.end();
        return;
      }
      const piece = pieces[i++]!;
      if (typeof piece === 'object' && 'wait' in piece) {
        setTimeout(next, piece.wait);
        return;
      }
      res.write(piece);
      setImmediate(next);
    };
    next();
  };
}

export interface RunResult {
  records: StreamRecord[];
  diagnostics: DiagnosticRecord[];
  rules: string[];
}

export interface RunOptions {
  request?: Omit<StreamRequest, 'url'>;
  diagnostics?: DiagnosticsOptions;
  /** Stop after this record; default: when the connection is done. */
  until?: (record: StreamRecord, all: StreamRecord[]) => boolean;
  /** Hard cap on the run. Default 5000 ms. */
  timeoutMs?: number;
  /** Tick values fed once the run stops (before closing), relative to the last record's t. */
  ticksAfter?: number[];
}

/** Opens `url` for real, feeds every record to the diagnostics, and returns what was seen. */
export async function run(url: string, options: RunOptions = {}): Promise<RunResult> {
  const records: StreamRecord[] = [];
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  let sink: ReturnType<typeof createSequencedSink>;
  const diagnostics = createDiagnostics((draft) => sink(draft), options.diagnostics);
  sink = createSequencedSink('test', (record) => {
    records.push(record);
    diagnostics.observe(record);
    if (options.until?.(record, records)) stop();
  });
  const connection = openStream({ request: { reconnect: false, ...options.request, url } }, sink);
  const timer = setTimeout(stop, options.timeoutMs ?? 5000);
  await Promise.race([connection.done, stopped]);
  clearTimeout(timer);
  // Ticks land while the connection is still open, as a live session's timer would.
  const lastT = records.at(-1)?.t ?? 0;
  for (const dt of options.ticksAfter ?? []) diagnostics.tick(lastT + dt);
  connection.close();
  await connection.done;
  diagnostics.finish();
  const diags = records.filter((r): r is DiagnosticRecord => r.kind === 'diagnostic');
  return { records, diagnostics: diags, rules: diags.map((d) => d.rule) };
}

export function byRule(result: RunResult, rule: string): DiagnosticRecord[] {
  return result.diagnostics.filter((d) => d.rule === rule);
}
