import type { Scenario } from './types';
import { DEMO_FIXTURES, type DemoFixture } from '../fixtures';

function fixtureScenario(fixture: DemoFixture): Scenario {
  return {
    name: `fixture/${fixture.name}`,
    method: fixture.method,
    description: fixture.description,
    handle(ctx) {
      ctx.req.resume();
      const stream = ctx.open({ 'Content-Type': fixture.contentType });
      // Count the events for the metrics: blank-line terminators (LF or CRLF) of SSE, lines of NDJSON.
      const text = fixture.bytes.toString('utf8');
      const events =
        fixture.contentType === 'text/event-stream'
          ? (text.match(/(\r\n|\n|\r)(\r\n|\n|\r)/g) ?? []).length
          : text.split('\n').filter((line) => line.trim() !== '').length;
      stream.write(fixture.bytes, events);
      stream.end();
    },
  };
}

/** Each fixture file served byte for byte, one scenario per file. */
export const fixtureScenarios: Scenario[] = DEMO_FIXTURES.map(fixtureScenario);
