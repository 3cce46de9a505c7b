import type { Scenario } from './types';
import { INTERVAL_RULE, paced } from './pace';

const LEVELS = ['info', 'warning', 'success'] as const;

/** `event: notification` blocks: an EventSource's onmessage never sees them, a listener does. */
// Alike in shape to the numbered scenarios (resume, disconnect): a head of the scenario table and
// count/interval read before open(); each has its own bounds and body, so each stays written out.
export const typedEvents: Scenario = {
  name: 'typed-events',
  method: 'GET',
  query: 'count=5&interval=250',
  description: 'Typed events: `event: notification` blocks with JSON data',
  handle(ctx) {
    const count = ctx.query.number('count', { default: 5, min: 1, max: 100_000 });
    const interval = ctx.query.number('interval', { default: 250, ...INTERVAL_RULE });
    const stream = ctx.open();
    paced(stream, 1, count, interval, (n) => {
      const level = LEVELS[(n - 1) % LEVELS.length];
      stream.event({
        event: 'notification',
        data: JSON.stringify({ n, level, text: `Notification ${n}`, sentAt: Date.now() }),
      });
    });
  },
};
