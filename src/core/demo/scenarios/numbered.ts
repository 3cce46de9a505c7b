/**
 * Scenarios built on numbered ids: resuming with Last-Event-ID, dropping the connection every N
 * events, and the retry directive. Each connection continues after the id the client sends; once
 * nothing is left the answer is 204, which tells an EventSource to stop reconnecting.
 */
import type { Scenario } from './types';
import { INTERVAL_RULE, nextIdAfter, paced } from './pace';

export const resume: Scenario = {
  name: 'resume',
  method: 'GET',
  query: 'count=10&interval=250',
  description: 'Ids 1..count; a reconnect with Last-Event-ID continues after it (204 once all are sent)',
  handle(ctx) {
    const count = ctx.query.number('count', { default: 10, min: 1, max: 1_000_000 });
    const interval = ctx.query.number('interval', { default: 250, ...INTERVAL_RULE });
    const first = nextIdAfter(ctx.lastEventId);
    if (first > count) return ctx.text(204, '');
    const stream = ctx.open();
    paced(stream, first, count, interval, (n) => {
      stream.event({
        id: String(n),
        data: JSON.stringify({ n, resumedAfter: ctx.lastEventId || null, sentAt: Date.now() }),
      });
    });
  },
};

export const disconnect: Scenario = {
  name: 'disconnect',
  method: 'GET',
  query: 'after=3&count=9&interval=100&retry=500',
  description:
    'Ends the response every `after` events; clients resume with Last-Event-ID up to `count`; ids on every `idEvery`th event',
  handle(ctx) {
    const after = ctx.query.number('after', { default: 3, min: 1, max: 1_000_000 });
    const count = ctx.query.number('count', { default: 9, min: 1, max: 1_000_000 });
    const interval = ctx.query.number('interval', { default: 100, ...INTERVAL_RULE });
    const retry = ctx.query.number('retry', { default: 500, min: 0, max: 600_000 });
    // Events without an id keep the last one: what a client (and a replay) must carry over.
    const idEvery = ctx.query.number('idEvery', { default: 1, min: 1, max: 1_000_000 });
    const first = nextIdAfter(ctx.lastEventId);
    if (first > count) return ctx.text(204, '');
    const stream = ctx.open();
    stream.write(`retry: ${retry}\n\n`);
    const last = Math.min(count, first + after - 1);
    paced(stream, first, last, interval, (n) => {
      const data = JSON.stringify({ n, of: count, sentAt: Date.now() });
      stream.event(n % idEvery === 0 ? { id: String(n), data } : { data });
    });
  },
};

export const retry: Scenario = {
  name: 'retry',
  method: 'GET',
  query: 'ms=1500',
  description: 'A `retry: ms` directive (after an invalid one to ignore), one event, then the response ends',
  handle(ctx) {
    const ms = ctx.query.number('ms', { default: 1500, min: 0, max: 600_000 });
    const attempt = nextIdAfter(ctx.lastEventId);
    const stream = ctx.open();
    // [spec] a retry value that is not all ASCII digits is ignored; the second one counts.
    stream.write(`retry: soon\nretry: ${ms}\n\n`);
    stream.event({ id: String(attempt), data: JSON.stringify({ attempt, retry: ms, sentAt: Date.now() }) });
    stream.end();
  },
};
