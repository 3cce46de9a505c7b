/**
 * SSE events kept in a session's ring without an object each. On a firehose almost every record
 * is an event whose `data` (and `id`) are one line of one network read; the read's chunk record
 * is in the ring anyway, with its bytes. Such an event is kept as the chunk it came in, byte
 * offsets of its `data` and `id` within the chunk's bytes and a context shared with its neighbours
 * (type, last event ID); the plain record is built again, field for field and in the same key
 * order, whenever the ring is read. The event object the engine made is then young garbage: the
 * garbage collector no longer copies ~100,000 retained records from one generation to the next,
 * and the chunk's decoded text is no longer kept alive by `data` slices of it.
 *
 * The decoder offers the record it is about to sink, with a locator that finds the offsets only
 * if the ring asks for them (a sink without a ring, the CLI's, pays nothing). The locator checks
 * the text at the offsets against the record's own strings, so a record is kept compact only
 * when reading it back gives exactly the same strings; anything else is kept as it is.
 */
import { isAscii } from 'node:buffer';
import type { ChunkRecord, EventRecord, StreamRecord } from '#shared/records';
import type { EventRun } from '../stream';

/** What consecutive events share: their type and, for events without an id, the last event ID. */
export interface EventContext {
  readonly type: string;
  /** null: the event's own `id` (an event with an id sets the last event ID to it). */
  readonly lastEventId: string | null;
}

/** Where an event's strings lie in its chunk's bytes (byte offsets; idStart -1: no id). */
export interface CompactSite {
  chunk: ChunkRecord | null;
  dataStart: number;
  dataEnd: number;
  idStart: number;
  idEnd: number;
  context: EventContext | null;
}

/** Fills `site` for `record` and returns true, or returns false when the record cannot be compact. */
export type CompactLocator = (record: EventRecord, site: CompactSite) => boolean;

// The record being sunk right now and how to locate it: one slot, since sinks run synchronously.
let offeredRecord: object | null = null;
let offeredLocator: CompactLocator | null = null;
const site: CompactSite = { chunk: null, dataStart: 0, dataEnd: 0, idStart: -1, idEnd: -1, context: null };

/** The decoder is about to sink `record`; the ring may ask `locator` where its strings lie. */
export function offerCompactEvent(record: object, locator: CompactLocator): void {
  offeredRecord = record;
  offeredLocator = locator;
}

/** The sink returned: the offer no longer holds. */
export function withdrawCompactEvent(): void {
  offeredRecord = null;
  offeredLocator = null;
}

// Buffer's own UTF-8 slicer, which reads any Uint8Array: a Buffer view made per string to call
// toString on was most of what reading a compact event cost.
const utf8Slice = (Buffer.prototype as unknown as { utf8Slice(this: Uint8Array, start: number, end: number): string })
  .utf8Slice;

const latin1Slice = (
  Buffer.prototype as unknown as { latin1Slice(this: Uint8Array, start: number, end: number): string }
).latin1Slice;

/** Reads bytes [start, end) of a chunk as UTF-8 (the offsets always bound whole characters). */
function textOf(bytes: Uint8Array, start: number, end: number): string {
  return utf8Slice.call(bytes, start, end);
}

// The chunk read last and its text when it is all ASCII (else null). A batch reads the events of
// one chunk one after the other: copying its bytes once and slicing the text costs a fraction of
// a call into the runtime per string.
let textChunk: ChunkRecord | null = null;
let asciiText: string | null = null;

function asciiTextOf(chunk: ChunkRecord): string | null {
  if (chunk !== textChunk) {
    textChunk = chunk;
    const bytes = chunk.bytes;
    asciiText = isAscii(bytes) ? latin1Slice.call(bytes, 0, bytes.byteLength) : null;
  }
  return asciiText;
}

/** Bytes [start, end) of a chunk as text. */
function stringOf(chunk: ChunkRecord, start: number, end: number): string {
  const text = asciiTextOf(chunk);
  return text === null ? textOf(chunk.bytes, start, end) : text.slice(start, end);
}

/** Column storage of compact events, slot for slot beside a ring's records. */
export interface CompactColumns {
  /**
   * Keeps `record` (already numbered, for slot `index`) as a compact event when it was offered
   * and can be; returns its chunk record (what the slot holds instead) or null.
   */
  take(record: StreamRecord, index: number): ChunkRecord | null;
  /** Keeps events [from, from + count) of `run` compact in slots index, index + 1...: no wrap. */
  keepRunEvents(run: EventRun, from: number, count: number, index: number): void;
  /** Slot `index` holds a plain record: forgets what the columns kept there. */
  forget(index: number): void;
  /** The plain record of the compact event `seq` kept in slot `index` with its chunk. */
  read(chunk: ChunkRecord, seq: number, index: number): EventRecord;
  /** The `lastEventId` of the compact event kept in slot `index` (what `read` would give it). */
  lastEventIdOf(chunk: ChunkRecord, index: number): string;
}

export function createCompactColumns(capacity: number): CompactColumns {
  // 4 per slot: data start, data end, id start, id end. Grown by doubling up to the capacity, so
  // a session of ten records costs little.
  let offsets = new Int32Array(0);
  const contexts: Array<EventContext | null> = [];
  // The chunk whose events were read last and their shared [seq, seq] pair (as the decoder shares
  // one per read): a batch reads the events of one chunk one after the other.
  let pairChunk: ChunkRecord | null = null;
  let pair: readonly [number, number] = [-1, -1];

  function ensure(index: number): void {
    if (index * 4 < offsets.length) return;
    const grown = new Int32Array(Math.min(capacity, Math.max(1024, (offsets.length / 4) * 2, index + 1)) * 4);
    grown.set(offsets);
    offsets = grown;
  }

  function setContext(index: number, context: EventContext | null): void {
    // Kept dense (no holes): slots before the first compact event get their null here.
    while (contexts.length < index) contexts.push(null);
    if (index === contexts.length) contexts.push(context);
    else contexts[index] = context;
  }

  function pairOf(chunk: ChunkRecord): [number, number] {
    if (chunk !== pairChunk) {
      pairChunk = chunk;
      pair = Object.freeze([chunk.seq, chunk.seq] as const);
    }
    return pair as [number, number];
  }

  return {
    take(record, index) {
      if (record !== offeredRecord || offeredLocator === null || record.kind !== 'event') return null;
      if (record.decoded !== undefined) return null;
      site.chunk = null;
      site.context = null;
      const located = offeredLocator(record, site);
      const chunk = site.chunk as ChunkRecord | null;
      site.chunk = null;
      if (!located || chunk === null || site.context === null) return null;
      // The chunk went through the same sink in place: it is the one the event points at.
      if (
        chunk.seq !== record.chunks[0] ||
        chunk.seq !== record.chunks[1] ||
        chunk.sessionId !== record.sessionId ||
        chunk.t !== record.t ||
        chunk.connection !== record.connection
      )
        return null;
      ensure(index);
      const o = index * 4;
      offsets[o] = site.dataStart;
      offsets[o + 1] = site.dataEnd;
      offsets[o + 2] = site.idStart;
      offsets[o + 3] = site.idEnd;
      setContext(index, site.context);
      site.context = null;
      return chunk;
    },
    keepRunEvents(run, from, count, index) {
      ensure(index + count - 1);
      const { dataStart, dataEnd, idStart, idEnd, contexts: runContexts } = run;
      // Kept dense (see setContext): pad up to the first slot, then write or append in order.
      while (contexts.length < index) contexts.push(null);
      for (let k = 0; k < count; k++) {
        const i = from + k;
        const o = (index + k) * 4;
        offsets[o] = dataStart[i]!;
        offsets[o + 1] = dataEnd[i]!;
        offsets[o + 2] = idStart[i]!;
        offsets[o + 3] = idEnd[i]!;
        if (index + k === contexts.length) contexts.push(runContexts[i]!);
        else contexts[index + k] = runContexts[i]!;
      }
    },
    forget(index) {
      // Nothing to forget in a ring that never held a compact event (WebSocket sessions...).
      if (contexts.length > 0) setContext(index, null);
    },
    read(chunk, seq, index) {
      const o = index * 4;
      const context = contexts[index]!;
      const dataStart = offsets[o]!;
      const dataEnd = offsets[o + 1]!;
      const idStart = offsets[o + 2]!;
      const id = idStart < 0 ? null : stringOf(chunk, idStart, offsets[o + 3]!);
      // Same fields in the same order as the decoder's record (JSON and the UI see no difference).
      const record: EventRecord = {
        kind: 'event',
        t: chunk.t,
        connection: chunk.connection,
        type: context.type,
        data: stringOf(chunk, dataStart, dataEnd),
        lastEventId: context.lastEventId ?? (id as string),
        id,
        chunks: pairOf(chunk),
        size: dataEnd - dataStart,
        sessionId: chunk.sessionId,
        seq,
      };
      return record;
    },
    lastEventIdOf(chunk, index) {
      const inherited = contexts[index]!.lastEventId;
      if (inherited !== null) return inherited;
      const o = index * 4;
      return textOf(chunk.bytes, offsets[o + 2]!, offsets[o + 3]!);
    },
  };
}
