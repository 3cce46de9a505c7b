import type { Scenario } from './types';

// Multi-byte characters make sure a client decodes UTF-8 across writes, not per write.
const COMMENT = Buffer.from(': slow drip, one byte per write\n\n', 'utf8');
const EVENTS = [
  'id: 1\ndata: {"message":"héllo wörld — ✓ byte by byte"}\n\n',
  'id: 2\nevent: notification\ndata: done\n\n',
].map((text) => Buffer.from(text, 'utf8'));
const BODY = Buffer.concat([COMMENT, ...EVENTS]);

/** Byte offsets (exclusive) at which each event's block is complete, for the message count. */
const EVENT_ENDS = new Set(
  EVENTS.map((_, i) => COMMENT.length + EVENTS.slice(0, i + 1).reduce((sum, b) => sum + b.length, 0)),
);

export const slowDrip: Scenario = {
  name: 'slow-drip',
  method: 'GET',
  query: 'delay=20',
  description: 'Two events written one byte at a time, `delay` ms apart (UTF-8 split across writes)',
  handle(ctx) {
    const delay = ctx.query.number('delay', { default: 20, min: 0, max: 10_000 });
    const stream = ctx.open();
    let sent = 0;
    const drip = (): void => {
      if (stream.closed) return;
      sent++;
      stream.write(BODY.subarray(sent - 1, sent), EVENT_ENDS.has(sent) ? 1 : 0);
      if (sent >= BODY.length) stream.end();
      else stream.timers.after(delay, drip);
    };
    drip();
  },
};
