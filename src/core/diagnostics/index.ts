/**
 * Stream diagnostics: rules that watch a session's records (live or replayed) and say what is
 * wrong with the stream, each finding as a 'diagnostic' record pointing at the records involved.
 *
 * Feed every record to `observe` in seq order (diagnostic records are ignored, so a session can
 * feed its whole record stream back in); call `tick(now)` about once a second for a live session
 * so silences are noticed while they last; call `finish()` when the session ends.
 */
import type { DiagnosticRecord, StateReason, StreamRecord } from '#shared/records';
import { RULES } from './catalog';
import { createDeliveryRules, type DeliveryOptions } from './rules/delivery';
import { createReconnectionRules, type ReconnectionOptions } from './rules/reconnection';
import { createSpecRules } from './rules/spec';
import { createFramingRules } from './rules/framing';
import type { ConnectionEnd, EndCause, Finding, RuleModule } from './types';
import type { EventRun } from '../stream';

export { RULES, RULE_IDS, severityRank, isSeverity, type RuleId, type RuleInfo, type RuleArea } from './catalog';

/** A diagnostic record before the session assigns its identity. */
export type DiagnosticDraft = Omit<DiagnosticRecord, 'sessionId' | 'seq'>;

/** Options of {@link createDiagnostics}. */
export interface DiagnosticsOptions extends DeliveryOptions, ReconnectionOptions {
  /**
   * Skip the rules about the response head (content-type, charset, compression, cache-control):
   * for replays whose head is synthetic, such as a raw .sse body imported as a recording.
   * Default false.
   */
  skipHeaderRules?: boolean;
}

/** A running set of diagnostic rules for one session. */
export interface Diagnostics {
  /** Feed one record (any kind; diagnostics are skipped). Records must come in seq order. */
  observe(record: StreamRecord): void;
  /**
   * True when the events of `run` (on the connection running now) can go to `observeEvents`:
   * taken one by one they would report nothing. Otherwise feed them to `observe` as records.
   */
  acceptsEvents(run: EventRun): boolean;
  /** The events of an accepted run, just numbered from `firstSeq`. */
  observeEvents(run: EventRun, firstSeq: number): void;
  /**
   * Lets the idle rules notice a silence while it lasts. `now` must be on the same clock as the
   * records' `t` (wall-clock ms): call it for live sessions, not for replays of old recordings.
   */
  tick(now: number): void;
  /** The session is over: settles what is still open (a pending line, a burst, a silence). */
  finish(): void;
}

/**
 * Creates the rules of src/core/diagnostics/catalog.ts. Each rule reports at most once per
 * connection (rules about the response head or the whole session, once per session), with
 * `refs` naming the records it is about.
 *
 * @param emit - receives each finding as a diagnostic draft, synchronously.
 * @param options - thresholds; the defaults match the rule texts (30 s/60 s idle, 1 MiB, ...).
 */
export function createDiagnostics(
  emit: (draft: DiagnosticDraft) => void,
  options: DiagnosticsOptions = {},
): Diagnostics {
  const reported = new Set<string>();

  function report(finding: Finding): boolean {
    const key = finding.scope === 'session' ? finding.rule : `${finding.rule}#${finding.connection}`;
    if (reported.has(key)) return false;
    reported.add(key);
    const info = RULES[finding.rule];
    const refs = [...new Set(finding.refs.filter((r) => Number.isInteger(r) && r >= 0))].sort((a, b) => a - b);
    emit({
      kind: 'diagnostic',
      t: finding.t,
      connection: finding.connection,
      severity: info.severity,
      rule: finding.rule,
      message: finding.message,
      refs,
      link: info.link,
    });
    return true;
  }

  const modules: RuleModule[] = [
    createSpecRules(report, options),
    createDeliveryRules(report, options),
    createReconnectionRules(report, options),
    createFramingRules(report),
  ];

  // The connection currently running (opened or being opened), and whether it saw a network error.
  let current: { connection: number; networkError: boolean } | null = null;
  let lastT = 0;

  function endCurrent(cause: EndCause, t: number, record: ConnectionEnd['record']): void {
    if (current === null) return;
    const end: ConnectionEnd = { connection: current.connection, cause, t, record };
    current = null;
    for (const m of modules) m.ended(end);
  }

  return {
    observe(record) {
      if (record.kind === 'diagnostic') return;
      lastT = Math.max(lastT, record.t);
      if (record.kind === 'state') {
        if (record.reason === 'connecting' || record.reason === 'reconnecting') {
          endCurrent('finish', record.t, null);
          current = { connection: record.connection, networkError: false };
        }
      } else if (record.kind === 'error' && record.code === 'network' && current) {
        current.networkError = true;
      } else if (current === null || current.connection !== record.connection) {
        // Replays of plain .sse files and partial recordings may lack the state records.
        endCurrent('finish', record.t, null);
        current = { connection: record.connection, networkError: false };
      }
      for (const m of modules) m.observe(record);
      if (record.kind === 'state') {
        const cause = endCauseOf(record.reason, current?.networkError ?? false);
        if (cause) endCurrent(cause, record.t, record);
      }
    },
    acceptsEvents(run) {
      // A record of another connection would end the current one first (see observe).
      if (current === null || current.connection !== run.chunk.connection) return false;
      for (const m of modules) if (!m.quietFor(run)) return false;
      return true;
    },
    observeEvents(run, firstSeq) {
      lastT = Math.max(lastT, run.chunk.t);
      for (const m of modules) m.observeEvents(run, firstSeq);
    },
    tick(now) {
      for (const m of modules) m.tick(now);
    },
    finish() {
      endCurrent('finish', lastT, null);
    },
  };
}

/** How a state change ends the connection, or null when it does not. */
function endCauseOf(reason: StateReason, networkError: boolean): EndCause | null {
  switch (reason) {
    case 'stream-ended':
    case 'replay-ended':
    case 'closed-by-server':
      return 'server';
    case 'waiting-retry':
      // The engine waits after both a clean end and a network error; the error record came first.
      return networkError ? 'network' : 'server';
    case 'network-error':
      return 'network';
    case 'http-status':
    case 'content-type':
    case 'event-too-large':
    case 'invalid-request':
      return 'failed';
    case 'closed-by-user':
    case 'closing':
      return 'user';
    case 'connecting':
    case 'reconnecting':
    case 'open':
      return null;
  }
}
