/**
 * The Diagnostics panel's data, kept outside React: collects the session's diagnostic records
 * incrementally from the renderer's record ring (only records pushed since the last read are
 * visited), counts them by severity, and makes records readable in a preview. Pure.
 */
import type { DiagnosticRecord, Severity, StreamRecord } from '#shared/records';

/** The part of the record ring the collector reads (a plain object in tests). */
export interface ReadableRing {
  readonly capacity: number;
  readonly length: number;
  readonly total: number;
  get(index: number): StreamRecord | undefined;
}

export type SeverityCounts = Record<Severity, number>;

/** Diagnostics kept per session; they are rare (once per rule and connection), this is a safety net. */
export const MAX_DIAGNOSTICS = 2000;

export interface DiagnosticsCollector {
  /** Reads what is new in `ring`; true when the list changed. */
  update(ring: ReadableRing): boolean;
  /** In arrival order. The array is replaced (not mutated) whenever it changes. */
  readonly items: readonly DiagnosticRecord[];
  readonly counts: SeverityCounts;
  /** Diagnostics dropped beyond {@link MAX_DIAGNOSTICS}. */
  readonly dropped: number;
}

export function createDiagnosticsCollector(): DiagnosticsCollector {
  let items: DiagnosticRecord[] = [];
  let counts: SeverityCounts = { error: 0, warning: 0, info: 0 };
  let dropped = 0;
  let seenTotal = 0;
  let seenLength = 0;

  function reset(): void {
    items = [];
    counts = { error: 0, warning: 0, info: 0 };
    dropped = 0;
  }

  return {
    update(ring) {
      let fresh = ring.total - seenTotal;
      let changed = false;
      // A ring that went backwards, or shrank more than new pushes explain, was cleared or replaced.
      if (fresh < 0 || ring.length < Math.min(ring.capacity, seenLength + fresh)) {
        changed = items.length > 0;
        reset();
        fresh = ring.length;
      }
      const from = Math.max(0, ring.length - fresh);
      let added: DiagnosticRecord[] | null = null;
      for (let i = from; i < ring.length; i++) {
        const r = ring.get(i);
        if (r?.kind !== 'diagnostic') continue;
        if (items.length + (added?.length ?? 0) >= MAX_DIAGNOSTICS) {
          dropped++;
          continue;
        }
        (added ??= []).push(r);
      }
      seenTotal = ring.total;
      seenLength = ring.length;
      if (added) {
        items = [...items, ...added];
        counts = { ...counts };
        for (const d of added) counts[d.severity]++;
        changed = true;
      }
      return changed;
    },
    // Read-only views of the closure's state, as in the other models (assemble, timeline).
    get items() {
      return items;
    },
    get counts() {
      return counts;
    },
    get dropped() {
      return dropped;
    },
  };
}

/** The ref a click on a diagnostic selects first: its first event if it has one, else its first ref. */
export function primaryRef(d: DiagnosticRecord, lookup: (seq: number) => StreamRecord | undefined): number | null {
  for (const seq of d.refs) if (lookup(seq)?.kind === 'event') return seq;
  return d.refs[0] ?? null;
}

/** A run of preview text; `ctrl` marks an invisible character drawn as a symbol. */
export interface PreviewSegment {
  text: string;
  ctrl: boolean;
}

const SYMBOLS: Record<string, string> = { '\r': '\\r', '\n': '\\n', '\uFEFF': '⟨BOM⟩', '\u0000': '␀', '\t': '\\t' };
const SPECIAL = /[\r\n\uFEFF\u0000\t]/g;

/**
 * Text with CR, LF, tab, BOM and NUL drawn visibly (a real line break follows LF and lone CR, so
 * lines still read as lines), cut to `max` characters.
 */
export function visibleText(text: string, max = 600): PreviewSegment[] {
  const cut = text.length > max;
  const s = cut ? text.slice(0, max) : text;
  const out: PreviewSegment[] = [];
  let last = 0;
  for (const m of s.matchAll(SPECIAL)) {
    const i = m.index;
    if (i > last) out.push({ text: s.slice(last, i), ctrl: false });
    const c = m[0];
    out.push({ text: SYMBOLS[c]!, ctrl: true });
    if (c === '\n' || (c === '\r' && s[i + 1] !== '\n')) out.push({ text: '\n', ctrl: false });
    last = i + 1;
  }
  if (last < s.length) out.push({ text: s.slice(last), ctrl: false });
  if (cut) out.push({ text: ` … (${text.length - max} more characters)`, ctrl: true });
  return out;
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** A one-line label for a record: "#12 chunk, 48 B". */
export function recordLabel(r: StreamRecord): string {
  switch (r.kind) {
    case 'chunk':
      return `#${r.seq} chunk, ${r.bytes.byteLength} B`;
    case 'event':
      return `#${r.seq} event "${r.type}"`;
    case 'response':
      return `#${r.seq} response ${r.status}`;
    case 'state':
      return `#${r.seq} state: ${r.reason}`;
    default:
      return `#${r.seq} ${r.kind}`;
  }
}

/** What the preview shows of a record: the raw text of a chunk, an event's data, a response's relevant headers. */
export function previewText(r: StreamRecord): string {
  // Not recordText (lib/record-filter), which gives the bare values the filter searches: the
  // preview shows a record as it stood on the wire (":" comments, "retry:", headers, a BOM kept).
  switch (r.kind) {
    case 'chunk':
      return utf8.decode(r.bytes);
    case 'event':
      return r.data;
    case 'response': {
      const h = r.headers;
      const lines = [`HTTP ${r.status} ${r.statusText}`];
      for (const name of ['content-type', 'cache-control', 'content-encoding']) {
        lines.push(`${name}: ${h[name] ?? '(none)'}`);
      }
      return lines.join('\n');
    }
    case 'state':
      return r.message;
    case 'comment':
      return `:${r.text}`;
    case 'retry':
      return `retry: ${r.ms}`;
    case 'error':
      return r.message;
    case 'frame':
      return r.data;
    case 'diagnostic':
      return r.message;
  }
}
