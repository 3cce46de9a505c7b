/** Answers an EventSource must treat as failures (or, for 204, as "stop reconnecting"). */
import type { Scenario } from './types';

export const DEMO_TOKEN = 'demo-token';

/** A GET scenario that answers every request with the same status and text body. */
function fixedAnswer(name: string, status: number, body: string, description: string): Scenario {
  return {
    name,
    method: 'GET',
    description,
    handle(ctx) {
      ctx.text(status, body);
    },
  };
}

export const status204 = fixedAnswer(
  'status-204',
  204,
  '',
  '204 No Content: an EventSource stops and does not reconnect',
);

export const status401: Scenario = {
  name: 'status-401',
  method: 'GET',
  description: `401 with a JSON error body, unless the request has "Authorization: Bearer ${DEMO_TOKEN}"`,
  handle(ctx) {
    if (ctx.req.headers.authorization !== `Bearer ${DEMO_TOKEN}`) {
      const error = {
        error: {
          type: 'authentication_error',
          message: `missing or invalid bearer token (use "Bearer ${DEMO_TOKEN}")`,
        },
      };
      ctx.json(401, error, { 'WWW-Authenticate': 'Bearer realm="streamscope-demo"' });
      return;
    }
    const stream = ctx.open();
    stream.event({ data: JSON.stringify({ message: 'authorized', sentAt: Date.now() }) });
    stream.end();
  },
};

export const status500 = fixedAnswer(
  'status-500',
  500,
  'internal server error (a demo failure)',
  '500 Internal Server Error with a text body: a fatal failure, no reconnect',
);

export const wrongContentType: Scenario = {
  name: 'wrong-content-type',
  method: 'GET',
  description: '200 with Content-Type text/plain and an SSE-looking body: an EventSource must fail',
  handle(ctx) {
    const body = 'data: this looks like SSE but is served as text/plain\n\n';
    ctx.res.writeHead(200, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Access-Control-Allow-Origin': '*',
      'Content-Length': String(Buffer.byteLength(body)),
    });
    ctx.res.end(body);
  },
};
