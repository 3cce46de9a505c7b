import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { contractLine, contractObject } from '../../src/cli/ndjson';
import { createOutput, OUTPUT_HIGH_WATER } from '../../src/cli/output';
import type { StreamRecord } from '../../src/shared/records';

/** A real Writable that counts the writes it is handed; `hold` keeps their callbacks back. */
function countingStream(hold = false) {
  const writes: string[] = [];
  const held: Array<() => void> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writes.push(chunk.toString('utf8'));
      if (hold) held.push(() => callback());
      else callback();
    },
  });
  return {
    stream: stream as unknown as NodeJS.WriteStream,
    writes,
    release() {
      hold = false;
      for (const done of held.splice(0)) done();
    },
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('CLI output', () => {
  it('hands lines to the OS in batches, not one write per line, and loses none', async () => {
    const sink = countingStream();
    const out = createOutput(sink.stream);
    const lines = Array.from({ length: 20_000 }, (_, i) => `{"kind":"event","n":${i},"pad":"${'x'.repeat(80)}"}`);
    for (const line of lines) out.line(line);
    await out.flush();
    // ~2 MB of lines: a few dozen writes of up to 64 KiB each.
    expect(sink.writes.length).toBeLessThan(60);
    expect(sink.writes.join('')).toBe(lines.map((l) => l + '\n').join(''));
  });

  it('writes a lone line within the same event-loop turn, without waiting for more', async () => {
    const sink = countingStream();
    const out = createOutput(sink.stream);
    out.line('first');
    expect(sink.writes).toEqual([]);
    await tick();
    expect(sink.writes).toEqual(['first\n']);
  });

  it('says when the reader is behind and wakes the producer once it caught up', async () => {
    const sink = countingStream(true);
    const out = createOutput(sink.stream);
    const line = 'y'.repeat(999);
    let written = 0;
    while (!out.full) {
      out.line(line);
      written += line.length + 1;
    }
    expect(written).toBeGreaterThanOrEqual(OUTPUT_HIGH_WATER - 64 * 1024);
    expect(written).toBeLessThan(OUTPUT_HIGH_WATER + 64 * 1024);
    let woke = false;
    const waiting = out.writable().then(() => (woke = true));
    await tick();
    expect(woke).toBe(false);
    sink.release();
    await waiting;
    expect(out.full).toBe(false);
    expect(sink.writes.join('').length).toBe(written);
  });
});

describe('NDJSON lines', () => {
  const base = { sessionId: 's', seq: 0, connection: 1 };
  const awkward = [
    'plain',
    '',
    'quote " backslash \\ slash /',
    'new\nline\ttab\r',
    '\u2028\u2029',
    'é 😀 \u0000 \u001f',
    '\ud800 lone',
  ];

  it('writes events and frames exactly as JSON.stringify of the contract object would', () => {
    const records: StreamRecord[] = [];
    for (const [i, text] of awkward.entries()) {
      records.push({
        ...base,
        kind: 'event',
        t: 1735689600000.125 + i,
        type: text || 'message',
        data: text,
        lastEventId: text,
        id: i % 2 === 0 ? null : text,
        chunks: [0, 0],
        size: 0,
      });
      records.push({
        ...base,
        kind: 'frame',
        t: 1e12 + i / 3,
        dir: i % 2 ? 'in' : 'out',
        opcode: 'text',
        data: text,
        size: 7,
      });
    }
    records.push({
      ...base,
      kind: 'frame',
      t: 5,
      dir: 'in',
      opcode: 'close',
      data: '1000 bye',
      size: 5,
      code: 1000,
      reason: 'bye',
    });
    // Optional fields take the general path and are kept.
    const decoded = { protocol: 'json-rpc', kind: 'request', method: 'tools/call', id: 1 } as const;
    records.push({
      ...base,
      kind: 'event',
      t: 1,
      type: 'message',
      data: '{}',
      lastEventId: '',
      id: null,
      chunks: [0, 0],
      size: 2,
      decoded,
    });
    records.push({ ...base, kind: 'frame', t: 2, dir: 'in', opcode: 'text', data: '{}', size: 2, decoded });
    for (const record of records) {
      expect(contractLine(record)).toBe(JSON.stringify(contractObject(record)));
    }
    expect(contractLine(records.at(-1)!)).toContain('"decoded":{"protocol":"json-rpc"');
  });
});
