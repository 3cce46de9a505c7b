/** What a scenario is and what it gets to answer one request. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { QueryReader } from '../query';
import type { SseStream } from '../sse-stream';

export interface ScenarioContext {
  req: IncomingMessage;
  res: ServerResponse;
  query: QueryReader;
  /** The Last-Event-ID request header, else the `lastEventId` query parameter, else "". */
  lastEventId: string;
  /** Send 200 text/event-stream (with CORS headers and `headers`) and return the stream. */
  open(headers?: Record<string, string>): SseStream;
  /** A complete non-stream answer; statuses >= 400 count as errors in the metrics. */
  text(status: number, text: string, headers?: Record<string, string>): void;
  json(status: number, value: unknown, headers?: Record<string, string>): void;
}

export interface Scenario {
  /** URL segment(s) after /scenarios/. */
  name: string;
  /** One line, shown in /scenarios and the UI. */
  description: string;
  /** The method a real server of this kind expects; every scenario answers GET and POST. */
  method: 'GET' | 'POST';
  /** Suggested query string (without "?"), shown in /scenarios. */
  query?: string;
  /**
   * Answer the request. Must read (and validate) its query parameters before `open()`, so a
   * bad value can still become a 400 (a QueryError thrown synchronously).
   */
  handle(ctx: ScenarioContext): void;
}
