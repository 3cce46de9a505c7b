import { describe, expect, it } from 'vitest';
import { ageText, assertionsText, healthOf } from '../../src/renderer/features/watch/watch-model';
import type { WatchStreamReport } from '../../src/shared/watch';

const report = (patch: Partial<WatchStreamReport>): WatchStreamReport => ({
  name: 's',
  url: 'http://127.0.0.1/sse',
  transport: 'sse',
  up: false,
  readyState: 0,
  connections: 1,
  reconnects: 0,
  events: 0,
  stalled: false,
  lastEvent: null,
  lastError: null,
  assertions: [],
  ...patch,
});

describe('watch view wording', () => {
  it('names the health of a stream', () => {
    expect(healthOf(report({ up: true, readyState: 1 }))).toEqual({ label: 'open', tone: 'ok' });
    expect(healthOf(report({ up: true, readyState: 1, stalled: true }))).toEqual({ label: 'stalled', tone: 'warn' });
    expect(healthOf(report({ readyState: 0 }))).toEqual({ label: 'connecting', tone: 'warn' });
    expect(healthOf(report({ readyState: 0, connections: 3 }))).toEqual({ label: 'reconnecting', tone: 'warn' });
    expect(healthOf(report({ readyState: 2 }))).toEqual({ label: 'down', tone: 'bad' });
    expect(healthOf(report({ transport: 'ws', readyState: 3 }))).toEqual({ label: 'down', tone: 'bad' });
  });

  it('says how long ago the last event came and how the assertions stand', () => {
    expect(ageText(null, 10_000)).toBe('—');
    expect(ageText(9_600, 10_000)).toBe('0 s ago');
    expect(ageText(0, 125_000)).toBe('2 min ago');
    expect(ageText(0, 2 * 3_600_000 + 5)).toBe('2 h ago');
    expect(assertionsText(report({}))).toBe('');
    expect(assertionsText(report({ assertions: [{ spec: 'a', ok: null, observed: null }] }))).toBe(
      'waiting for the first window',
    );
    expect(
      assertionsText(
        report({
          assertions: [
            { spec: 'a', ok: true, observed: '3' },
            { spec: 'b', ok: false, observed: '0' },
          ],
        }),
      ),
    ).toBe('1 of 2 hold');
  });
});
