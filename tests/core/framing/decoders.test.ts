import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBodyDecoder } from '../../../src/core/framing';
import type { Framing, RecordDraft } from '../../../src/shared/records';
import { chunkings } from '../sse/chunkings';

type Draft = RecordDraft;

/** Runs `parts` through a decoder of `framing`; returns every record with its seq. */
function decode(framing: Framing, parts: Uint8Array[], clean = true, maxEventBytes?: number) {
  const out: Array<Draft & { seq: number }> = [];
  const decoder = createBodyDecoder(framing, (r) => out.push({ ...r, seq: out.length }) - 1, {
    ...(maxEventBytes ? { maxEventBytes } : {}),
  });
  parts.forEach((p, i) => decoder.push(p, 1000 + i, 1));
  decoder.end(clean);
  return { out, decoder };
}

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const events = (out: Draft[]) => out.filter((r): r is Extract<Draft, { kind: 'event' }> => r.kind === 'event');

describe('NDJSON decoder', () => {
  const body = '{"a":1}\r\n\n  \n{"b":"héllo ✓"}\nnot json\n{"last":true}';

  it.each(chunkings(bytes(body)))('cuts every non-empty line into a message event ($name)', ({ parts }) => {
    const { out } = decode('ndjson', parts);
    expect(events(out).map((e) => e.data)).toEqual(['{"a":1}', '{"b":"héllo ✓"}', 'not json', '{"last":true}']);
    for (const e of events(out)) {
      expect(e).toMatchObject({ type: 'message', lastEventId: '', id: null, size: Buffer.byteLength(e.data) });
      // The chunks an event points at hold its bytes.
      const chunkBytes = out
        .filter((r) => r.kind === 'chunk' && r.seq >= e.chunks[0] && r.seq <= e.chunks[1])
        .map((r) => Buffer.from((r as { bytes: Uint8Array }).bytes));
      expect(Buffer.concat(chunkBytes).toString('utf8')).toContain(e.data.slice(0, 1));
    }
    // Chunk records are the bytes as given, in order.
    const chunks = out.filter((r) => r.kind === 'chunk') as Array<{ bytes: Uint8Array }>;
    expect(Buffer.concat(chunks.map((c) => Buffer.from(c.bytes))).toString('utf8')).toBe(body);
  });

  it('keeps a final line without a newline only when the stream ended cleanly', () => {
    expect(events(decode('ndjson', [bytes('{"a":1}\n{"b":2}')], true).out).map((e) => e.data)).toEqual([
      '{"a":1}',
      '{"b":2}',
    ]);
    expect(events(decode('ndjson', [bytes('{"a":1}\n{"b":2}')], false).out).map((e) => e.data)).toEqual(['{"a":1}']);
  });

  it('emits a line as soon as its line feed arrives, pointing at the chunks it spans', () => {
    const out: Array<Draft & { seq: number }> = [];
    const decoder = createBodyDecoder('ndjson', (r) => out.push({ ...r, seq: out.length }) - 1);
    decoder.push(bytes('{"long":'), 1, 1);
    expect(events(out)).toHaveLength(0);
    decoder.push(bytes('"x"}\n{"n'), 2, 1);
    expect(events(out)).toEqual([expect.objectContaining({ data: '{"long":"x"}', chunks: [0, 1], t: 2 })]);
    decoder.push(bytes('":2}\n'), 3, 1);
    expect(events(out)[1]).toMatchObject({ data: '{"n":2}', chunks: [1, 3] });
  });

  it('ends with one event-too-large error when a line outgrows the limit', () => {
    const { out, decoder } = decode(
      'ndjson',
      [bytes('{"a":1}\n'), bytes('x'.repeat(40)), bytes('y\n{"b":1}\n')],
      true,
      32,
    );
    expect(events(out).map((e) => e.data)).toEqual(['{"a":1}']);
    expect(out.filter((r) => r.kind === 'error')).toEqual([
      expect.objectContaining({ code: 'event-too-large', fatal: true }),
    ]);
    expect(decoder.overflowed).toBe(true);
  });

  it('reads the Ollama fixture: every line, the last one without its newline too', () => {
    const fixture = readFileSync(join(__dirname, '../../../src/core/demo/fixtures/ollama-chat.ndjson'));
    expect(fixture.at(-1)).not.toBe(0x0a);
    const lines = events(decode('ndjson', [new Uint8Array(fixture)]).out).map(
      (e) => JSON.parse(e.data) as { done: boolean },
    );
    expect(lines).toHaveLength(fixture.toString('utf8').split('\n').length);
    expect(lines.at(-1)).toMatchObject({ done: true, eval_count: lines.length - 1 });
  });
});

describe('JSON text sequence decoder (RFC 7464)', () => {
  const RS = '\u001e';
  const body = `${RS}{"a":1}\n${RS}{\n  "pretty": "ö"\n}\n${RS}[1,2]\n${RS}{"truncat\n${RS}3\n`;

  it.each(chunkings(bytes(body)))('emits each text without RS and LF ($name)', ({ parts }) => {
    const { out } = decode('json-seq', parts);
    expect(events(out).map((e) => e.data)).toEqual(['{"a":1}', '{\n  "pretty": "ö"\n}', '[1,2]', '{"truncat', '3']);
  });

  it('emits a complete text at its line feed, without waiting for the next RS', () => {
    const out: Draft[] = [];
    const decoder = createBodyDecoder('json-seq', (r) => out.push(r) - 1);
    decoder.push(bytes(`${RS}{"a":1}\n`), 1, 1);
    expect(events(out).map((e) => e.data)).toEqual(['{"a":1}']);
  });
});

describe('raw framing', () => {
  it('gives chunk records only, the bytes as they came', () => {
    const { out } = decode('raw', [bytes('line one\n'), bytes('two')]);
    expect(out.map((r) => r.kind)).toEqual(['chunk', 'chunk']);
  });
});
