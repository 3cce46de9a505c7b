/**
 * `streamscope watch` without the terminal: one watcher per configured stream, the metrics they
 * feed, and an HTTP server with /metrics, /healthz and /streams. `reload()` swaps the config in
 * place: a stream whose entry did not change keeps its connection and its counters.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { now } from '../clock';
import type { WatchConfig, WatchStreamConfig } from './config';
import {
  createPrometheusMetrics,
  fanOut,
  type MetricsBackend,
  type PrometheusMetrics,
  type StreamStatus,
} from './metrics';
import type { WatchStreamReport } from '#shared/watch';
import { startStreamWatcher, type StreamWatcher, type StreamWatcherOptions } from './stream-watcher';
import { errorMessage } from '#shared/error-message';

export interface WatchServiceOptions {
  config: WatchConfig;
  /** Where /metrics listens. Default 127.0.0.1, port 9464 (0 picks a free one). */
  host?: string;
  port?: number;
  /** More backends fed alongside Prometheus (the OTLP pusher). */
  extraBackends?: MetricsBackend[];
  /** How often watchers look at the clock. Default 1 s. */
  tickMs?: number;
  watcher?: StreamWatcherOptions;
}

export interface WatchService {
  /** http://host:port */
  readonly url: string;
  reports(): WatchStreamReport[];
  /** The present-tense state every metrics backend reads. */
  status(): StreamStatus[];
  /** The config being followed now. */
  config(): WatchConfig;
  /** Applies a new config: unchanged streams keep running; returns what changed. */
  reload(config: WatchConfig): Promise<{ kept: string[]; started: string[]; stopped: string[] }>;
  close(): Promise<void>;
}

export async function startWatchService(options: WatchServiceOptions): Promise<WatchService> {
  const watchers = new Map<string, StreamWatcher>();
  let current = options.config;
  const status = (): StreamStatus[] => [...watchers.values()].map((w) => w.status());
  const prometheus: PrometheusMetrics = createPrometheusMetrics(status);
  const metrics = fanOut([prometheus, ...(options.extraBackends ?? [])]);

  const start = (stream: WatchStreamConfig): void => {
    watchers.set(stream.name, startStreamWatcher(stream, metrics.stream(stream.name), options.watcher));
  };
  const stop = async (name: string): Promise<void> => {
    const watcher = watchers.get(name);
    watchers.delete(name);
    await watcher?.stop();
    metrics.remove(name);
  };
  for (const stream of options.config.streams) start(stream);

  const tick = setInterval(() => {
    const at = now();
    for (const watcher of watchers.values()) watcher.tick(at);
  }, options.tickMs ?? 1000);

  const server = createServer((req, res) => void respond(req, res));
  async function respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed\n');
    try {
      if (path === '/metrics') {
        const { contentType, body } = await prometheus.render(req.headers.accept);
        return send(res, 200, contentType, body);
      }
      if (path === '/healthz') {
        const list = status();
        const up = list.filter((s) => s.up).length;
        return send(res, 200, 'application/json', JSON.stringify({ ok: true, streams: list.length, up }) + '\n');
      }
      if (path === '/streams') {
        return send(res, 200, 'application/json', JSON.stringify({ streams: reports() }, null, 2) + '\n');
      }
      return send(res, 404, 'text/plain', 'not found: try /metrics, /healthz or /streams\n');
    } catch (err) {
      return send(res, 500, 'text/plain', `${errorMessage(err)}\n`);
    }
  }
  function reports(): WatchStreamReport[] {
    return [...watchers.values()].map((w) => w.report());
  }

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 9464, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    // Nothing may outlive a service that never started: its streams and tick would keep the
    // process running after the caller reported the failure.
    clearInterval(tick);
    await Promise.all([...watchers.keys()].map(stop));
    throw err;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    reports,
    status,
    config: () => current,
    async reload(config) {
      current = config;
      const next = new Map(config.streams.map((s) => [s.name, s]));
      const kept: string[] = [];
      const started: string[] = [];
      const stopped: string[] = [];
      for (const [name, watcher] of [...watchers]) {
        const wanted = next.get(name);
        if (wanted && sameStream(wanted, watcher.config)) {
          kept.push(name);
          continue;
        }
        await stop(name);
        if (!wanted) stopped.push(name);
      }
      for (const stream of config.streams) {
        if (watchers.has(stream.name)) continue;
        start(stream);
        started.push(stream.name);
      }
      return { kept, started, stopped };
    },
    async close() {
      clearInterval(tick);
      await Promise.all([...watchers.keys()].map(stop));
      await closeServer(server);
      await metrics.close();
    },
  };
}

function sameStream(a: WatchStreamConfig, b: WatchStreamConfig): boolean {
  const { expect: expectA, ...restA } = a;
  const { expect: expectB, ...restB } = b;
  return (
    JSON.stringify(restA) === JSON.stringify(restB) &&
    JSON.stringify(expectA.map((e) => e.spec)) === JSON.stringify(expectB.map((e) => e.spec))
  );
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
