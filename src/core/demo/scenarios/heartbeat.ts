import type { Scenario } from './types';
import { INTERVAL_RULE } from './pace';

/** Comment lines keep idle proxies from closing the connection; clients must not dispatch them. */
export const heartbeat: Scenario = {
  name: 'heartbeat',
  method: 'GET',
  query: 'interval=1000&eventInterval=5000&duration=60',
  description: 'Comment heartbeats (`: heartbeat n`) every `interval` ms, an event every `eventInterval` ms',
  handle(ctx) {
    const interval = ctx.query.number('interval', { default: 1000, ...INTERVAL_RULE });
    const eventInterval = ctx.query.number('eventInterval', { default: 5000, ...INTERVAL_RULE });
    const duration = ctx.query.number('duration', {
      default: 60,
      min: 0,
      max: 86_400,
      integer: false,
      exclusiveMin: true,
    });
    const stream = ctx.open();
    let beats = 0;
    let ticks = 0;
    stream.write(':ok\n\n');
    stream.timers.every(interval, () => stream.comment(`heartbeat ${++beats}`));
    stream.timers.every(eventInterval, () => {
      ticks++;
      stream.event({ data: JSON.stringify({ message: 'tick', n: ticks, sentAt: Date.now() }) });
    });
    stream.timers.after(duration * 1000, () => stream.end());
  },
};
