/**
 * What `watch` measures, as an interface with one method per fact, and its Prometheus
 * implementation on prom-client. Gauges that describe the present (up, readyState, age of the
 * last event, assertions) are read from the watchers when scraped, never stored twice.
 *
 * Why two registries: prom-client renames a counter in place when an OpenMetrics registry
 * renders it (it strips `_total`), so one set of metric objects cannot serve both formats. Each
 * format gets its own registry and its own metric objects, fed by the same calls (a fan-out).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type RegistryContentType } from 'prom-client';

/** Counted facts about one stream. */
export interface StreamMetrics {
  event(type: string): void;
  bytes(count: number): void;
  reconnect(): void;
  error(code: string): void;
  latency(seconds: number): void;
  interArrival(seconds: number): void;
  stall(): void;
  diagnostic(rule: string, severity: string): void;
}

/** The present state of one stream, read at scrape time. */
export interface StreamStatus {
  name: string;
  up: boolean;
  readyState: number;
  /** Seconds since the last event; null before the first. */
  lastEventAgeSeconds: number | null;
  assertions: Array<{ spec: string; ok: boolean | null }>;
}

/** A place metrics go: Prometheus registries, an OTLP pusher. */
export interface MetricsBackend {
  stream(name: string): StreamMetrics;
  /** A stream left the config: its series go with it. */
  remove(name: string): void;
  close(): Promise<void>;
}

/** Latency buckets, seconds: 1 ms to 60 s (send-to-arrival spans clock skew and slow pipelines). */
export const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Inter-arrival buckets, seconds: 1 ms to 5 min (a status every 5 s, a heartbeat every 30 s). */
export const INTER_ARRIVAL_BUCKETS = [0.001, 0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

/** Every metric `watch` exposes with its help text: the one list dashboards and alerts rely on. */
export const WATCH_METRICS = {
  up: 'streamscope_stream_up',
  readyState: 'streamscope_stream_ready_state',
  events: 'streamscope_events_total',
  bytes: 'streamscope_bytes_total',
  reconnects: 'streamscope_reconnects_total',
  errors: 'streamscope_errors_total',
  latency: 'streamscope_event_latency_seconds',
  interArrival: 'streamscope_inter_arrival_seconds',
  lastEventAge: 'streamscope_last_event_age_seconds',
  stalls: 'streamscope_stalls_total',
  assertionOk: 'streamscope_assertion_ok',
  diagnostics: 'streamscope_diagnostics_total',
  openStreams: 'streamscope_open_streams',
} as const;

export interface PrometheusMetrics extends MetricsBackend {
  /** Renders the exposition for an Accept header: OpenMetrics when asked for, else 0.0.4. */
  render(accept: string | undefined): Promise<{ contentType: string; body: string }>;
}

/** Both registries behind one backend. `status` is read at every scrape. */
export function createPrometheusMetrics(status: () => StreamStatus[]): PrometheusMetrics {
  const classic = createRegistryMetrics(registryFor(Registry.PROMETHEUS_CONTENT_TYPE), status);
  const open = createRegistryMetrics(registryFor(Registry.OPENMETRICS_CONTENT_TYPE), status);
  const both = fanOut([classic, open]);
  return {
    ...both,
    async render(accept) {
      const target = accept?.includes('application/openmetrics-text') ? open : classic;
      return { contentType: target.registry.contentType, body: await target.registry.metrics() };
    },
  };
}

/** One backend that forwards every call to several. */
export function fanOut(backends: MetricsBackend[]): MetricsBackend {
  return {
    stream(name) {
      const parts = backends.map((b) => b.stream(name));
      return {
        event: (type) => parts.forEach((p) => p.event(type)),
        bytes: (count) => parts.forEach((p) => p.bytes(count)),
        reconnect: () => parts.forEach((p) => p.reconnect()),
        error: (code) => parts.forEach((p) => p.error(code)),
        latency: (s) => parts.forEach((p) => p.latency(s)),
        interArrival: (s) => parts.forEach((p) => p.interArrival(s)),
        stall: () => parts.forEach((p) => p.stall()),
        diagnostic: (rule, severity) => parts.forEach((p) => p.diagnostic(rule, severity)),
      };
    },
    remove: (name) => backends.forEach((b) => b.remove(name)),
    close: async () => void (await Promise.all(backends.map((b) => b.close()))),
  };
}

interface RegistryMetrics extends MetricsBackend {
  registry: Registry<RegistryContentType>;
}

function registryFor(contentType: RegistryContentType): Registry<RegistryContentType> {
  const registry = new Registry<RegistryContentType>();
  registry.setContentType(contentType);
  return registry;
}

function createRegistryMetrics(registry: Registry<RegistryContentType>, status: () => StreamStatus[]): RegistryMetrics {
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  // prom-client's nodejs_active_*_total are gauges named like counters, which promtool (rightly)
  // rejects; the process's memory, CPU and event-loop figures stay.
  for (const metric of registry.getMetricsAsArray()) {
    const { name, type } = metric as unknown as { name: string; type: string };
    if (type !== 'counter' && name.endsWith('_total')) registry.removeSingleMetric(name);
  }
  const counter = (name: string, help: string, labelNames: string[]): Counter =>
    new Counter({ name, help, labelNames, registers });
  const events = counter(
    WATCH_METRICS.events,
    'Events received (SSE events, inbound WebSocket data frames), by event type.',
    ['stream', 'type'],
  );
  const bytes = counter(WATCH_METRICS.bytes, 'Body bytes received (SSE chunks, inbound WebSocket payloads).', [
    'stream',
  ]);
  const reconnects = counter(WATCH_METRICS.reconnects, 'Connection attempts after the first.', ['stream']);
  const errors = counter(WATCH_METRICS.errors, 'Errors by code (network, http-status, content-type, ...).', [
    'stream',
    'code',
  ]);
  const stalls = counter(WATCH_METRICS.stalls, "Silences longer than the stream's stallAfter while connected.", [
    'stream',
  ]);
  const diagnostics = counter(
    WATCH_METRICS.diagnostics,
    'Diagnostic findings (the rules of streamscope check), by rule and severity.',
    ['stream', 'rule', 'severity'],
  );
  const latency = new Histogram({
    name: WATCH_METRICS.latency,
    help: "Arrival time minus the send time carried in the event (the stream's latency field).",
    labelNames: ['stream'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const interArrival = new Histogram({
    name: WATCH_METRICS.interArrival,
    help: 'Time between consecutive events of one connection.',
    labelNames: ['stream'],
    buckets: INTER_ARRIVAL_BUCKETS,
    registers,
  });
  // Present-tense gauges: set from the watchers' state each time the registry is scraped.
  const gauge = (name: string, help: string, labelNames: string[], fill: (g: Gauge) => void): Gauge => {
    const g: Gauge = new Gauge({
      name,
      help,
      labelNames,
      registers,
      collect() {
        g.reset();
        fill(g);
      },
    });
    return g;
  };
  gauge(WATCH_METRICS.up, '1 while the stream is open, else 0.', ['stream'], (g) => {
    for (const s of status()) g.set({ stream: s.name }, s.up ? 1 : 0);
  });
  gauge(WATCH_METRICS.readyState, 'EventSource or WebSocket readyState number.', ['stream'], (g) => {
    for (const s of status()) g.set({ stream: s.name }, s.readyState);
  });
  gauge(WATCH_METRICS.lastEventAge, 'Seconds since the last event (absent before the first).', ['stream'], (g) => {
    for (const s of status()) if (s.lastEventAgeSeconds !== null) g.set({ stream: s.name }, s.lastEventAgeSeconds);
  });
  gauge(
    WATCH_METRICS.assertionOk,
    '1 when the assertion held over its last complete window, 0 when it failed (absent before one window).',
    ['stream', 'assertion'],
    (g) => {
      for (const s of status()) {
        for (const a of s.assertions) if (a.ok !== null) g.set({ stream: s.name, assertion: a.spec }, a.ok ? 1 : 0);
      }
    },
  );
  gauge(WATCH_METRICS.openStreams, 'Streams currently open.', [], (g) => {
    g.set(status().filter((s) => s.up).length);
  });

  const perStream = [bytes, reconnects, stalls, latency, interArrival];
  // Label sets with more than `stream`, remembered so a removed stream takes all its series along.
  const labelled = new Map<string, Array<() => void>>();
  const once = (name: string, key: string, seen: Set<string>, forget: () => void): void => {
    if (seen.has(key)) return;
    seen.add(key);
    labelled.get(name)?.push(forget);
  };
  return {
    registry,
    stream(name) {
      labelled.set(name, []);
      const seen = new Set<string>();
      // Series that exist from the start read 0 rather than being absent (rate() needs a start).
      for (const metric of [bytes, reconnects, stalls]) metric.inc({ stream: name }, 0);
      const bytesChild = bytes.labels(name);
      const latencyChild = latency.labels(name);
      const interArrivalChild = interArrival.labels(name);
      return {
        event(type) {
          events.inc({ stream: name, type });
          once(name, `e${type}`, seen, () => events.remove({ stream: name, type }));
        },
        bytes: (count) => bytesChild.inc(count),
        reconnect: () => reconnects.inc({ stream: name }),
        error(code) {
          errors.inc({ stream: name, code });
          once(name, `x${code}`, seen, () => errors.remove({ stream: name, code }));
        },
        latency: (s) => latencyChild.observe(s),
        interArrival: (s) => interArrivalChild.observe(s),
        stall: () => stalls.inc({ stream: name }),
        diagnostic(rule, severity) {
          diagnostics.inc({ stream: name, rule, severity });
          once(name, `d${rule}\0${severity}`, seen, () => diagnostics.remove({ stream: name, rule, severity }));
        },
      };
    },
    remove(name) {
      for (const metric of perStream) metric.remove({ stream: name });
      for (const forget of labelled.get(name) ?? []) forget();
      labelled.delete(name);
    },
    close: async () => registry.clear(),
  };
}
