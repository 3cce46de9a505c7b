/**
 * A seek in the app rebuilds the replay session to exactly the recording's state at that instant,
 * forward or back (issue: events in between never appeared, seeking back appended them again, and
 * Stats counted 48 messages for 24 events and 2 reconnects for 1). Compared with a fresh session
 * stepped to the same record.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInspectorService, type InspectorService } from '../../../src/core/service/inspector-service';
import { reconnectingRecordingText } from './helpers';
import type { StreamRecord } from '../../../src/shared/records';
import type { Session } from '../../../src/core/session/session';

let dir: string;
let service: InspectorService;
let text: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'streamscope-seek-'));
  service = createInspectorService({ demo: null, recordingsDir: join(dir, 'rec'), settingsPath: null });
  text = reconnectingRecordingText();
});

afterAll(async () => {
  await service.close();
  await rm(dir, { recursive: true, force: true });
});

async function open(): Promise<Session> {
  const res = await service.replay.openText('seek.ssrec', text);
  if (!res.ok) throw new Error(res.error.message);
  return service.manager.get(res.value.id)!;
}

/** The session's records with seq numbers (and the seqs they point at) counted from its first. */
function view(s: Session): unknown[] {
  const base = s.ring.firstSeq;
  return s.ring.slice(base, s.ring.size).map((r: StreamRecord) => {
    const { sessionId: _id, seq, ...rest } = r;
    const out: Record<string, unknown> = { ...rest, seq: seq - base };
    if (r.kind === 'event') out.chunks = r.chunks.map((c) => c - base);
    if (r.kind === 'diagnostic') out.refs = r.refs.map((c) => c - base);
    return out;
  });
}

function counters(s: Session) {
  const {
    events,
    records,
    reconnects,
    comments,
    errors,
    bytes: b,
    ttfbMs,
    firstEventMs,
    latency,
    interArrival,
  } = s.stats.snapshot();
  return { events, records, reconnects, comments, errors, bytes: b, ttfbMs, firstEventMs, latency, interArrival };
}

/** A fresh session played (stepped) to record `index`. */
async function freshAt(index: number): Promise<Session> {
  const s = await open();
  for (let i = 0; i < index; i++) await service.replay.step(s.id);
  return s;
}

describe('seeking a replay in the app', () => {
  it('forward, back and forward again: the session equals a fresh play to the same record', async () => {
    const s = await open();
    const total = s.driver!.replayStatus!().total;
    await service.replay.setSpeed(s.id, 0);
    // Play part of it, then seek around.
    for (let i = 0; i < 10; i++) await service.replay.step(s.id);
    for (const fraction of [0.85, 0.15, 0.5, 0.85]) {
      const index = Math.round(total * fraction);
      await service.replay.seek(s.id, { index });
      const fresh = await freshAt(index);
      expect(s.driver!.replayStatus!().index).toBe(index);
      expect(view(s)).toEqual(view(fresh));
      expect(counters(s)).toEqual(counters(fresh));
      expect(s.readyState).toBe(fresh.readyState);
      await service.sessions.remove(fresh.id);
    }
  });

  it('a seek back then play to the end gives each event once and one reconnect', async () => {
    const s = await open();
    await service.replay.setSpeed(s.id, 0);
    await service.replay.play(s.id);
    await new Promise((r) => setTimeout(r, 50));
    await service.replay.seek(s.id, { ms: 100 });
    await service.replay.play(s.id);
    const end = Date.now() + 5000;
    while (s.driver!.replayStatus!().index < s.driver!.replayStatus!().total && Date.now() < end)
      await new Promise((r) => setTimeout(r, 10));
    const events = s.ring.slice(s.ring.firstSeq, s.ring.size).filter((r) => r.kind === 'event');
    expect(events.map((e) => e.kind === 'event' && e.lastEventId)).toEqual(
      Array.from({ length: 24 }, (_, i) => String(i + 1)),
    );
    expect(s.stats.snapshot().events).toBe(24);
    expect(s.stats.snapshot().reconnects).toBe(1);
    // Time never goes backwards within the rebuilt view.
    const ts = s.ring.slice(s.ring.firstSeq, s.ring.size).map((r) => r.t);
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
  });

  it('tells consumers where the rebuilt view starts (clearedSeq), so they drop what they hold', async () => {
    const s = await open();
    for (let i = 0; i < 8; i++) await service.replay.step(s.id);
    const before = s.info().clearedSeq;
    await service.replay.seek(s.id, { index: 4 });
    expect(s.info().clearedSeq).toBeGreaterThan(before);
    expect(s.ring.firstSeq).toBe(s.info().clearedSeq);
  });
});
