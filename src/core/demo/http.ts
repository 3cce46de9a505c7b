/** Small response helpers shared by the demo routes. */
import type { ServerResponse } from 'node:http';
import type { DemoMetricsCounter } from './metrics';

/** CORS for the scenario routes: any origin, the methods and headers an SSE client sends. */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Cache-Control, Last-Event-ID, Content-Type, Authorization',
};

/** A CORS preflight answer: 204 with what a cross-origin EventSource or fetch needs. */
export function sendPreflight(res: ServerResponse): void {
  res.writeHead(204, { ...CORS_HEADERS, 'Access-Control-Max-Age': '600', 'Content-Length': '0' });
  res.end();
}

/** A one-line text answer (errors, 404s); statuses >= 400 count as errors in the metrics. */
export function sendText(
  res: ServerResponse,
  metrics: DemoMetricsCounter,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  send(res, metrics, status, 'text/plain; charset=utf-8', `${text}\n`, headers);
}

export function sendJson(
  res: ServerResponse,
  metrics: DemoMetricsCounter,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, metrics, status, 'application/json; charset=utf-8', `${JSON.stringify(value, null, 2)}\n`, headers);
}

export function sendHtml(res: ServerResponse, html: string): void {
  const bytes = Buffer.from(html, 'utf8');
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(bytes.length) });
  res.end(bytes);
}

function send(
  res: ServerResponse,
  metrics: DemoMetricsCounter,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string>,
): void {
  if (status >= 400) metrics.error();
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, { ...CORS_HEADERS, 'Content-Type': type, 'Content-Length': String(bytes.length), ...headers });
  res.end(bytes);
}
