/**
 * The counters the demo server keeps: what a production SSE/WS server is told to watch (open
 * connections, throughput, errors, uptime, memory).
 */
import type { DemoMetrics } from '#shared/api';

/** Mutable counters; the server and its routes bump them, `snapshot()` reads them. */
export interface DemoMetricsCounter {
  sseOpened(): void;
  sseClosed(): void;
  wsOpened(): void;
  wsClosed(): void;
  /** `messages` events/frames carrying `bytes` body bytes went out. */
  sent(messages: number, bytes: number): void;
  /** A response with status >= 400 was sent, or a socket failed. */
  error(): void;
  snapshot(): DemoMetrics;
}

export function createDemoMetrics(startedAt: number = Date.now()): DemoMetricsCounter {
  let sseConnections = 0;
  let wsConnections = 0;
  let messagesSent = 0;
  let bytesSent = 0;
  let errors = 0;
  return {
    sseOpened: () => void sseConnections++,
    sseClosed: () => void sseConnections--,
    wsOpened: () => void wsConnections++,
    wsClosed: () => void wsConnections--,
    sent(messages, bytes) {
      messagesSent += messages;
      bytesSent += bytes;
    },
    error: () => void errors++,
    snapshot() {
      const memory = process.memoryUsage();
      return {
        sseConnections,
        wsConnections,
        messagesSent,
        bytesSent,
        errors,
        uptimeMs: Date.now() - startedAt,
        memory: { rss: memory.rss, heapUsed: memory.heapUsed },
      };
    },
  };
}
