/**
 * The proxy's reading side, kept off its forwarding path. Each upstream read is written to the
 * client first; the reads are then parsed into records in slices of at most a millisecond per
 * event-loop turn, so a client never waits for the parser, the Session or the diagnostics (chunk
 * records keep the time of the read, not of the parse).
 *
 * Parsing costs several times what forwarding does. Against a stream faster than the proxy can
 * read, the reading side gets a bounded share of the proxy's time (an {@link InspectionBudget},
 * shared by every exchange of one proxy); past it, reads are forwarded without being parsed. What
 * was skipped is never hidden: the session gets one error record per gap saying how many bytes
 * and reads the client got that the session does not show, and parsing resumes at the next
 * complete event (or line), so no event is ever shown cut short or merged with another.
 */
import { now } from '../clock';
import type { RecordSink } from '../stream';
import type { BodyObserver } from './body-observer';

/** How much of the proxy's time parsing may take. */
export interface InspectionBudget {
  /** True while parsing has time left. */
  allows(): boolean;
  /** Parsing just took `ms`. */
  spend(ms: number): void;
}

/**
 * A token bucket: parsing may take `share` of the wall-clock time (0.1: a tenth of the proxy's
 * thread), with bursts of up to `burstMs` (a session's first records, a slow stream's occasional
 * large read are always parsed). A stream of LLM tokens or dashboard updates uses a few percent
 * and is parsed whole; only a firehose of many thousand events a second reaches it. The share is
 * small because the proxy shares the machine with the two ends of the stream it carries: on
 * 2 cores, the upstream, the proxy and the client are three busy processes, and every
 * millisecond spent parsing is one the client or the upstream could not run (at a quarter, a
 * firehose's parsing took more CPU than its forwarding: see BENCHMARKS.md, row 12b).
 */
export function createInspectionBudget(share = 0.1, burstMs = 200): InspectionBudget {
  let tokens = burstMs;
  let last = performance.now();
  const refill = (): void => {
    const at = performance.now();
    tokens = Math.min(burstMs, tokens + (at - last) * share);
    last = at;
  };
  return {
    allows() {
      refill();
      return tokens > 0;
    },
    spend(ms) {
      refill();
      tokens -= ms;
    },
  };
}

/** Parse everything, however long it takes (`proxy -o`: a recording must hold every byte). */
export const UNLIMITED_INSPECTION: InspectionBudget = { allows: () => true, spend: () => {} };

/**
 * Parsing gives the thread back after this long in one event-loop turn: a read arriving
 * meanwhile is forwarded within about this much, and a client reading as fast as the proxy
 * forwards never waits for a long batch of parsing.
 */
const SLICE_MS = 1;

/** Reads waiting to be parsed past this many bytes are skipped (and counted), oldest first. */
const MAX_WAITING_BYTES = 1024 * 1024;

/** Enough of the skipped bytes to tell whether they ended on a blank line ("\r\n\r\n"). */
const TAIL_BYTES = 4;

export interface Inspection {
  /** A read that was just forwarded, stamped when it arrived; parsed on the next turn. */
  push(bytes: Buffer, t: number): void;
  /** The body is over (ended or broken off): parse what waits, report a gap, end the parser. */
  end(): void;
}

/**
 * `decode` turns a forwarded read into the body bytes it carries, one piece per chunk of a chunked
 * body (forwarded with its framing: removing it is the reading side's work, done on its turn,
 * never the client's). Each piece is read as the upstream's chunk, as Node's parser gave them.
 */
export function createInspection(
  observer: BodyObserver,
  sink: RecordSink,
  budget: InspectionBudget,
  decode?: (read: Buffer) => Buffer[],
): Inspection {
  // Reads forwarded and not yet parsed: waiting[next] on, holding waitingBytes.
  let waiting: Array<{ bytes: Buffer; t: number }> = [];
  let next = 0;
  let waitingBytes = 0;
  let scheduled: NodeJS.Immediate | null = null;
  let ended = false;
  // The current gap: reads forwarded but not parsed since the last report.
  let skippedBytes = 0;
  let skippedReads = 0;
  // Parsing resumes at a unit boundary; the last skipped bytes tell whether one was just passed.
  let skippedTail: Buffer | null = null;

  function skip(bytes: Buffer): void {
    skippedBytes += bytes.byteLength;
    skippedReads++;
    // A copy of the last few bytes (a view would keep the whole read alive).
    const tail = bytes.byteLength >= TAIL_BYTES || skippedTail === null ? bytes : Buffer.concat([skippedTail, bytes]);
    skippedTail = Buffer.from(tail.subarray(Math.max(0, tail.byteLength - TAIL_BYTES)));
  }

  function reportGap(t: number): void {
    if (skippedReads === 0) return;
    sink({
      kind: 'error',
      t,
      connection: 1,
      code: 'parse',
      message: `not shown: ${skippedBytes} bytes in ${skippedReads} reads the client received while the stream came faster than the proxy could parse it`,
      fatal: false,
    });
    skippedBytes = 0;
    skippedReads = 0;
  }

  function parse(bytes: Buffer, t: number): void {
    let from = 0;
    if (skippedTail !== null) {
      from = observer.resumeAt(skippedTail, bytes);
      if (from < 0) {
        skip(bytes);
        return;
      }
      // The rest of the event (or line) the gap cut through belongs to the gap.
      skippedBytes += from;
      skippedTail = null;
      reportGap(t);
      if (from === bytes.byteLength) return;
    }
    observer.push(from === 0 ? bytes : bytes.subarray(from), t, 1);
  }

  // Everything parsed (`proxy -o`): no slices, no skips; the proxy reads on after parsing, so
  // the client waits for the recorder and nothing waits here without bound.
  const everything = budget === UNLIMITED_INSPECTION;

  /** Parses (or skips) what waits, for at most `sliceMs`; what is left waits for the next turn. */
  function drain(sliceMs: number): void {
    scheduled = null;
    const until = everything ? Infinity : performance.now() + sliceMs;
    while (next < waiting.length) {
      const read = waiting[next++]!;
      waitingBytes -= read.bytes.byteLength;
      // Too far behind: this read is skipped, so what is parsed stays close to what was forwarded.
      const behind = !everything && waitingBytes > MAX_WAITING_BYTES;
      let parsed = false;
      // Decoded even when skipped: the decoder follows the framing, and a skip needs the body's tail.
      for (const bytes of decode ? decode(read.bytes) : [read.bytes]) {
        if (behind || !budget.allows()) {
          skip(bytes);
          continue;
        }
        const started = performance.now();
        parse(bytes, read.t);
        budget.spend(performance.now() - started);
        parsed = true;
      }
      // A slice ends after a read it parsed, so every turn parses at least one when the budget
      // allows (a turn that only skipped the reads far behind, slowly on a busy machine, parsed
      // none: the session fell behind by a whole turn each time).
      if (parsed && next < waiting.length && performance.now() >= until) {
        scheduled = setImmediate(drain, SLICE_MS);
        break;
      }
    }
    if (next === waiting.length) {
      waiting = [];
      next = 0;
    } else if (next >= 1024) {
      waiting = waiting.slice(next);
      next = 0;
    }
  }

  return {
    push(bytes, t) {
      if (ended) return;
      waiting.push({ bytes, t });
      waitingBytes += bytes.byteLength;
      scheduled ??= setImmediate(drain, SLICE_MS);
    },
    end() {
      if (ended) return;
      if (scheduled !== null) clearImmediate(scheduled);
      drain(Infinity);
      ended = true;
      reportGap(now());
      observer.end();
    },
  };
}
