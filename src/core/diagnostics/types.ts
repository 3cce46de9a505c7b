/**
 * What rule modules share: how they report, and how a connection's end is described to them.
 */
import type { StateRecord, StreamRecord } from '#shared/records';
import type { EventRun } from '../stream';
import type { RuleId } from './catalog';

/** How far a report's "once" reaches: one per connection, or one per session. */
export type ReportScope = 'connection' | 'session';

/** One finding, before severity and link are looked up from the catalogue. */
export interface Finding {
  rule: RuleId;
  message: string;
  /** seq numbers of the records it points at (duplicates and negatives are dropped). */
  refs: number[];
  t: number;
  connection: number;
  /** Default 'connection'. */
  scope?: ReportScope;
}

/** Returns false when the finding was a repeat and nothing was emitted. */
export type Report = (finding: Finding) => boolean;

/**
 * Why a connection stopped. 'server' is the one that matters to most rules: the server ended
 * the body cleanly (with or without a reconnect following).
 */
export type EndCause = 'server' | 'network' | 'failed' | 'user' | 'finish';

/** A connection that stopped: its number, why, when, and the state record that said so. */
export interface ConnectionEnd {
  connection: number;
  cause: EndCause;
  t: number;
  /** The state record that ended it; null when finish() ended it. */
  record: StateRecord | null;
}

/** One group of rules. The index feeds every record and connection end to each. */
export interface RuleModule {
  observe(record: StreamRecord): void;
  /**
   * True when observing the events of `run` one by one could report nothing; only then are they
   * given to `observeEvents` (else the session takes them as records, through `observe`).
   */
  quietFor(run: EventRun): boolean;
  /** The events of a quiet run, numbered from `firstSeq`: what `observe` would do with each. */
  observeEvents(run: EventRun, firstSeq: number): void;
  ended(end: ConnectionEnd): void;
  tick(now: number): void;
}
