/**
 * The detail pane's logic without React: the chunks an event arrived in and where its block lies
 * in their bytes, and how much of a large text the pane renders at once.
 */
import type { ChunkRecord, EventRecord } from '#shared/records';
import { concatBytes, findEventBlock, type BlockSearch } from '../../lib/raw-block';
import type { RecordRing } from '../../lib/record-ring';

/** The chunks an event's block arrived in, their bytes, and the block's place in them. */
export interface EventSourceBytes {
  /** The first `maxListed` of the chunks, for the table. */
  listed: ChunkRecord[];
  /** How many chunks carried the block, all of them (the table may list fewer). */
  count: number;
  /** The bytes of every one of those chunks, in order. */
  bytes: Uint8Array;
  /** [start, end) byte offsets of the event's block in `bytes`, or null when it was not found. */
  block: [number, number] | null;
}

/** What the model reads of a session's ring. */
type Ring = Pick<RecordRing, 'get' | 'indexOfSeq' | 'length' | 'evicted'>;

/** How many records before the first chunk are searched for the bytes of the body before it. */
const LOOKBACK = 10_000;

/**
 * The chunks (seq `event.chunks[0]` to `[1]`) of `ring` that carried `event`'s block, or null when
 * the first of them is no longer held. Every chunk's bytes count, whatever the table lists: a
 * block cut short would lose its highlight, and the pane its honest size.
 */
export function eventSourceBytes(ring: Ring, event: EventRecord, maxListed: number): EventSourceBytes | null {
  const [first, last] = event.chunks;
  const start = ring.indexOfSeq(first);
  if (start < 0) return null;
  const listed: ChunkRecord[] = [];
  const parts: Uint8Array[] = [];
  for (let i = start; i < ring.length; i++) {
    const r = ring.get(i);
    if (!r || r.seq > last) break;
    if (r.kind !== 'chunk') continue;
    parts.push(r.bytes);
    if (listed.length < maxListed) listed.push(r);
  }
  const bytes = parts.length === 1 ? parts[0]! : concatBytes(parts);
  const block = findEventBlock(bytes, event, blockSearch(ring, event, start, bytes));
  return { listed, count: parts.length, bytes, block };
}

/**
 * What the ring says about the bytes from the event's first chunk on: whether they begin with
 * (the end of) the BOM that began the connection's body; what the byte before them was (a line
 * may have begun, or a CRLF been split, in the read before); whether they begin inside an earlier
 * event's block (an event dispatched after that chunk arrived whose block began before it); and
 * how many events before this one began in the same chunk with the same type and data.
 */
function blockSearch(ring: Ring, event: EventRecord, start: number, bytes: Uint8Array): BlockSearch {
  const first = event.chunks[0];
  let carriedOver = false;
  let skip = 0;
  for (let i = ring.indexOfSeq(event.seq) - 1; i > start; i--) {
    const r = ring.get(i);
    if (r?.kind !== 'event' || r.connection !== event.connection) continue;
    if (r.chunks[0] < first) carriedOver = true;
    else if (r.chunks[0] === first && r.type === event.type && r.data === event.data) skip++;
  }
  const before = bodyBefore(ring, event.connection, start);
  const head = [...before.tail, ...bytes.subarray(0, BOM.length - before.tail.length)];
  const bom = before.all && BOM.every((b, i) => head[i] === b) ? BOM.length - before.tail.length : 0;
  // Before a BOM's last bytes lies only the rest of it: the body starts a line.
  const last = bom > 0 ? undefined : before.tail.at(-1);
  const after = last === undefined || last === LF ? 'line' : last === CR ? 'cr' : 'text';
  return { bom, after, carriedOver, skip };
}

const BOM = [0xef, 0xbb, 0xbf];
const CR = 0x0d;
const LF = 0x0a;

/**
 * The last bytes (up to 3, a BOM's length) of the connection's body before the chunk at `start`,
 * and whether they are all of the body before it: a BOM split between reads ends in the read that
 * completes it, where the block after it starts.
 */
function bodyBefore(ring: Ring, connection: number, start: number): { tail: number[]; all: boolean } {
  const tail: number[] = [];
  for (let i = start - 1, n = 0; tail.length < BOM.length; i--, n++) {
    const r = ring.get(i);
    // The ring's start is the body's too, unless records before it were overwritten.
    if (!r) return { tail, all: ring.evicted === 0 };
    if (n >= LOOKBACK) return { tail, all: false };
    if (r.connection !== connection || r.kind === 'response') return { tail, all: true };
    if (r.kind === 'chunk')
      tail.unshift(...r.bytes.subarray(Math.max(0, r.bytes.byteLength - BOM.length + tail.length)));
  }
  return { tail, all: false };
}

/**
 * At most `max` UTF-16 code units of `text` from its start, never half of a surrogate pair (a
 * character outside the BMP is left out whole rather than shown as a lone surrogate).
 */
export function textPrefix(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
