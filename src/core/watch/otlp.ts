/**
 * `watch --otlp <url>`: the same metrics pushed over OTLP/HTTP with OpenTelemetry's own SDK and
 * exporter. Counters and histograms are recorded as they happen; the present-tense gauges are
 * observable instruments read from the watchers at each export, as /metrics reads them.
 */
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { APP_VERSION } from '#shared/version';
import {
  INTER_ARRIVAL_BUCKETS,
  LATENCY_BUCKETS,
  WATCH_METRICS,
  type MetricsBackend,
  type StreamStatus,
} from './metrics';

export interface OtlpOptions {
  /** The collector's metrics endpoint, e.g. http://127.0.0.1:4318/v1/metrics. */
  url: string;
  /** Export interval. Default 15 s. */
  intervalMs?: number;
  status: () => StreamStatus[];
}

/** OTel names carry no `_total` (the Prometheus side of a collector adds it back) and no unit suffix. */
const otelName = (name: string): string => name.replace(/_total$/, '').replace(/_seconds$/, '');

export function createOtlpMetrics(options: OtlpOptions): MetricsBackend {
  const reader = new PeriodicExportingMetricReader({
    exporter: new OTLPMetricExporter({ url: options.url }),
    exportIntervalMillis: options.intervalMs ?? 15_000,
    exportTimeoutMillis: Math.min(options.intervalMs ?? 15_000, 10_000),
  });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'streamscope-watch', 'service.version': APP_VERSION }),
    readers: [reader],
  });
  const meter = provider.getMeter('streamscope');
  const events = meter.createCounter(otelName(WATCH_METRICS.events));
  const bytes = meter.createCounter(otelName(WATCH_METRICS.bytes), { unit: 'By' });
  const reconnects = meter.createCounter(otelName(WATCH_METRICS.reconnects));
  const errors = meter.createCounter(otelName(WATCH_METRICS.errors));
  const stalls = meter.createCounter(otelName(WATCH_METRICS.stalls));
  const diagnostics = meter.createCounter(otelName(WATCH_METRICS.diagnostics));
  const latency = meter.createHistogram(otelName(WATCH_METRICS.latency), {
    unit: 's',
    advice: { explicitBucketBoundaries: LATENCY_BUCKETS },
  });
  const interArrival = meter.createHistogram(otelName(WATCH_METRICS.interArrival), {
    unit: 's',
    advice: { explicitBucketBoundaries: INTER_ARRIVAL_BUCKETS },
  });

  const up = meter.createObservableGauge(WATCH_METRICS.up);
  const readyState = meter.createObservableGauge(WATCH_METRICS.readyState);
  const lastEventAge = meter.createObservableGauge(otelName(WATCH_METRICS.lastEventAge), { unit: 's' });
  const assertionOk = meter.createObservableGauge(WATCH_METRICS.assertionOk);
  meter.addBatchObservableCallback(
    (result) => {
      for (const s of options.status()) {
        const stream = { stream: s.name };
        result.observe(up, s.up ? 1 : 0, stream);
        result.observe(readyState, s.readyState, stream);
        if (s.lastEventAgeSeconds !== null) result.observe(lastEventAge, s.lastEventAgeSeconds, stream);
        for (const a of s.assertions) {
          if (a.ok !== null) result.observe(assertionOk, a.ok ? 1 : 0, { stream: s.name, assertion: a.spec });
        }
      }
    },
    [up, readyState, lastEventAge, assertionOk],
  );

  return {
    stream(name) {
      const stream = { stream: name };
      return {
        event: (type) => events.add(1, { stream: name, type }),
        bytes: (count) => bytes.add(count, stream),
        reconnect: () => reconnects.add(1, stream),
        error: (code) => errors.add(1, { stream: name, code }),
        latency: (s) => latency.record(s, stream),
        interArrival: (s) => interArrival.record(s, stream),
        stall: () => stalls.add(1, stream),
        diagnostic: (rule, severity) => diagnostics.add(1, { stream: name, rule, severity }),
      };
    },
    // OTel cumulative series simply stop being reported once nothing records them.
    remove: () => undefined,
    async close() {
      // One last export so the collector sees the final counts, then stop.
      await provider.forceFlush().catch(() => undefined);
      await provider.shutdown().catch(() => undefined);
    },
  };
}
