/**
 * runCheck judges over the whole run: it stops early only when no later record could change any
 * verdict, says what ended the run, over which span each assertion was judged, counts events
 * one way (SSE events, inbound WebSocket data frames) and reports the run's own duration.
 */
import { describe, expect, it } from 'vitest';
import { runCheck, type CheckResult } from '../../../src/core/diagnostics/check-runner';
import { parseExpectation, type Expectation } from '../../../src/core/diagnostics/expect-parser';
import type { Recording } from '../../../src/shared/recording-format';
import { syntheticRecording } from '../recording/helpers';
import { startWsServer } from '../../support/servers';

function specs(...texts: string[]): Expectation[] {
  return texts.map((t) => {
    const parsed = parseExpectation(t);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.expectation;
  });
}

const checkRecording = (recording: Recording, ...texts: string[]): Promise<CheckResult> =>
  runCheck({
    source: { kind: 'recording', name: 'r.ssrec', recording },
    expectations: specs(...texts),
    timeoutMs: 5000,
  });

/** One `first` at once, then two `multi` events 1.1 s later, then the stream ends. */
const lateMulti = (): Recording =>
  syntheticRecording([
    { at: 5, text: 'event: first\ndata: 1\n\n' },
    { at: 1100, text: 'event: multi\ndata: 2\n\n' },
    { at: 1200, text: 'event: multi\ndata: 3\n\n' },
    { at: 1300, text: ': bye\n\n' },
  ]);

describe('check: judged over the whole run', () => {
  it('a count is not judged on part of the stream: first-event decided early does not end the run', async () => {
    const r = await checkRecording(lateMulti(), 'first-event < 1s', 'count(type=multi) = 0');
    expect(r.outcomes.map((o) => [o.ok, o.observed])).toEqual([
      [true, '6 ms'],
      [false, '1'],
    ]);
    expect(r.ok).toBe(false);
    // Both verdicts were final once the first multi came (a count only grows): nothing later mattered.
    expect(r.endedBy).toBe('decided');
    expect(r.outcomes[0]!.decidedAtMs).toBeCloseTo(6, 0);
    expect(r.outcomes[1]!.decidedAtMs).toBeCloseTo(1101, 0);
  });

  it('what only the end can decide is judged over the whole run (decidedAtMs null), and the run is the stream', async () => {
    const r = await checkRecording(lateMulti(), 'first-event < 1s', 'count(type=multi) <= 2', 'no-diagnostics>=error');
    expect(r.outcomes.map((o) => o.ok)).toEqual([true, true, true]);
    expect(r.outcomes.map((o) => o.decidedAtMs === null)).toEqual([false, true, true]);
    expect(r.endedBy).toBe('stream-end');
    expect(r.events).toBe(3);
    expect(r.durationMs).toBeCloseTo(1301, 0);
  });

  it('stops early only once every assertion is settled: >= n holds for good once reached', async () => {
    const r = await checkRecording(lateMulti(), 'count(type=multi) >= 1', 'json(x)!=1 ', 'status = 200');
    expect(r.endedBy).toBe('stream-end'); // json(x) never matched: it needs the whole stream
    const settled = await checkRecording(lateMulti(), 'count(type=multi) >= 1', 'status = 200');
    expect(settled.endedBy).toBe('decided');
    expect(settled.outcomes.map((o) => o.ok)).toEqual([true, true]);
    expect(settled.events).toBe(2);
  });

  for (const [spec, ok, decidedEarly] of [
    ['count(type=multi) < 2', false, true],
    ['count(type=multi) < 3', true, false],
    ['count(type=multi) = 2', true, false],
    ['count(type=multi) != 2', false, false],
    ['count(type=multi) != 1', true, true],
    ['count(type=multi) > 1', true, true],
    ['count(type=multi) != 0', true, true],
  ] as const) {
    it(`${spec}: ${ok ? 'holds' : 'fails'}, ${decidedEarly ? 'decided early' : 'over the whole run'}`, async () => {
      const r = await checkRecording(lateMulti(), spec);
      expect(r.outcomes[0]!.ok).toBe(ok);
      expect(r.outcomes[0]!.decidedAtMs !== null).toBe(decidedEarly);
    });
  }

  it('a recording stopped while its stream was open (Ctrl-C, a full disk) ends as "recording-cut-off", not "stream-end"', async () => {
    const rec = lateMulti();
    const closing = rec.records.at(-1)!;
    rec.records[rec.records.length - 1] = { ...closing, reason: 'closed-by-user', message: 'closed by user' } as never;
    expect((await checkRecording(rec, 'count() >= 0 ')).endedBy).toBe('decided');
    expect((await checkRecording(rec, 'no-diagnostics>=error')).endedBy).toBe('recording-cut-off');
    const cut = lateMulti();
    cut.records.pop(); // no closing state at all: the file stops mid-stream
    expect((await checkRecording(cut, 'no-diagnostics>=error')).endedBy).toBe('recording-cut-off');
    expect((await checkRecording(lateMulti(), 'no-diagnostics>=error')).endedBy).toBe('stream-end');
  });
});

describe('check on a live WebSocket', () => {
  it('events are inbound data frames only (text and binary), as count() sees them; durationMs is the run', async () => {
    const server = await startWsServer((ws) => {
      ws.ping('p');
      ws.send('a');
      ws.send(Buffer.from([1, 2, 3]));
    });
    try {
      const r = await runCheck({
        source: { kind: 'url', request: { url: server.url, reconnect: false } },
        expectations: specs('count() = 2', 'count(type=message) <= 5'),
        timeoutMs: 700,
        tickMs: 50,
      });
      expect(r.endedBy).toBe('timeout');
      expect(r.events).toBe(2);
      expect(r.outcomes.map((o) => [o.ok, o.observed])).toEqual([
        [true, '2'],
        [true, '2'],
      ]);
      // The run lasted until --timeout, not until the last frame.
      expect(r.durationMs).toBeGreaterThanOrEqual(650);
      expect(r.durationMs).toBeLessThan(5000);
    } finally {
      await server.close();
    }
  });
});
