import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSseDecoder } from '../../../src/core/sse/decoder';
import type { RecordDraft } from '../../../src/shared/records';
import { chunkings } from './chunkings';
import { collectingSink, ofKind } from './records-helper';
import { FIXTURES_DIR } from '../../support/fixtures';

// The repository's byte-exact copies (kept with CRLF by their .gitattributes).

function load(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES_DIR, name)));
}

/** Decodes the fixture under every chunking; asserts they agree and returns the records of one. */
function decodeAll(name: string): RecordDraft[] {
  const bytes = load(name);
  let reference: unknown;
  let first: RecordDraft[] = [];
  for (const chunking of chunkings(bytes)) {
    const { sink, records } = collectingSink();
    const decoder = createSseDecoder(sink);
    chunking.parts.forEach((p, i) => decoder.push(p, i, 1));
    decoder.end();
    const parsed = records.filter((r) => r.kind !== 'chunk').map((r) => ({ ...r, t: 0, chunks: undefined }));
    if (reference === undefined) {
      reference = parsed;
      first = records;
    } else {
      expect(parsed, `${name}: ${chunking.name}`).toEqual(reference);
    }
  }
  return first;
}

describe('real-world stream shapes (src/core/demo/fixtures)', () => {
  it('openai-chat-completions.sse: untyped JSON chunks ending with [DONE]', () => {
    const events = ofKind(decodeAll('openai-chat-completions.sse'), 'event');
    expect(events).toHaveLength(7);
    expect(events.every((e) => e.type === 'message' && e.id === null && e.lastEventId === '')).toBe(true);
    expect(events.at(-1)!.data).toBe('[DONE]');
    const deltas = events
      .slice(0, -1)
      .map((e) => JSON.parse(e.data) as { choices: Array<{ delta?: { content?: string } }> });
    expect(deltas.map((d) => d.choices[0]?.delta?.content ?? '').join('')).toBe('Server-sent events ✓');
  });

  it('anthropic-messages.sse: every event typed, multi-byte UTF-8 intact', () => {
    const events = ofKind(decodeAll('anthropic-messages.sse'), 'event');
    expect(events.map((e) => e.type)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const text = events
      .filter((e) => e.type === 'content_block_delta')
      .map((e) => (JSON.parse(e.data) as { delta: { text: string } }).delta.text)
      .join('');
    expect(text).toBe('Hello, streams — ünïcödé');
    expect(events[4]!.size).toBe(Buffer.byteLength(events[4]!.data, 'utf8'));
    expect(events[4]!.size).toBeGreaterThan(events[4]!.data.length);
  });

  it('wikimedia-recentchange.sse: :ok comment, JSON-array ids kept as lastEventId', () => {
    const records = decodeAll('wikimedia-recentchange.sse');
    expect(ofKind(records, 'comment').map((c) => c.text)).toEqual(['ok']);
    const events = ofKind(records, 'event');
    expect(events).toHaveLength(2);
    expect(events.every((e) => e.type === 'message')).toBe(true);
    const ids = events.map((e) => JSON.parse(e.id!) as Array<{ timestamp?: number }>);
    expect(ids.map((id) => id[0]!.timestamp)).toEqual([1732700000123, 1732700000456]);
    expect(events[1]!.lastEventId).toBe(events[1]!.id);
    expect((JSON.parse(events[0]!.data) as { title: string }).title).toBe('Server-sent events');
    expect((JSON.parse(events[1]!.data) as { wiki: string }).wiki).toBe('wikidatawiki');
  });

  it('mcp-streamable-http.sse: `event: message` spelled out, resumable ids', () => {
    const events = ofKind(decodeAll('mcp-streamable-http.sse'), 'event');
    expect(events.map((e) => [e.type, e.id, e.lastEventId])).toEqual([
      ['message', '1-1', '1-1'],
      ['message', '1-2', '1-2'],
      ['message', '1-3', '1-3'],
    ]);
    const last = JSON.parse(events[2]!.data) as { id: number; result: { content: Array<{ text: string }> } };
    expect(last.id).toBe(7);
    expect(last.result.content[0]!.text).toBe('42 results');
  });

  it('crlf-heartbeats.sse: CRLF endings, heartbeats, retry, custom type, two data lines', () => {
    const records = decodeAll('crlf-heartbeats.sse');
    expect(ofKind(records, 'comment').map((c) => c.text)).toEqual(['heartbeat', 'heartbeat']);
    expect(ofKind(records, 'retry').map((r) => r.ms)).toEqual([5000]);
    const events = ofKind(records, 'event');
    expect(events.map((e) => [e.type, e.id, e.lastEventId])).toEqual([
      ['notification', '100', '100'],
      ['message', '101', '101'],
    ]);
    expect(JSON.parse(events[0]!.data)).toEqual({ type: 'info', message: 'System update' });
    expect(events[1]!.data).toBe('line one\nline two');
  });
});
