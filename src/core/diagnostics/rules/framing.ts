/**
 * Rules for bodies read as NDJSON or JSON text sequences: every record there is meant to be one
 * JSON text. A record that is not still shows as an event; this says that a JSON reader (Ollama's
 * client, `jq`, a JSON Lines library) would fail on it.
 */
import type { Framing, StreamRecord } from '#shared/records';
import type { Report, RuleModule } from '../types';
import { errorMessage } from '#shared/error-message';

const JSON_FRAMINGS: ReadonlySet<Framing> = new Set(['ndjson', 'json-seq']);

export function createFramingRules(report: Report): RuleModule {
  // The connection currently read as JSON records, and its framing.
  let jsonConnection: { connection: number; framing: Framing } | null = null;

  return {
    observe(record: StreamRecord) {
      if (record.kind === 'response') {
        jsonConnection =
          record.framing !== undefined && JSON_FRAMINGS.has(record.framing)
            ? { connection: record.connection, framing: record.framing }
            : null;
        return;
      }
      if (record.kind !== 'event' || jsonConnection?.connection !== record.connection) return;
      try {
        JSON.parse(record.data);
      } catch (err) {
        const what = jsonConnection.framing === 'ndjson' ? 'an NDJSON line' : 'a JSON-seq text';
        const preview = record.data.length > 60 ? `${record.data.slice(0, 60)}…` : record.data;
        report({
          rule: 'line-not-json',
          message: `${what} is not JSON (${errorMessage(err)}): ${JSON.stringify(preview)}`,
          refs: [record.seq, ...record.chunks],
          t: record.t,
          connection: record.connection,
        });
      }
    },
    // A connection read as JSON checks every event's data: its runs go through observe.
    quietFor: (run) => jsonConnection?.connection !== run.chunk.connection,
    observeEvents() {},
    ended() {},
    tick() {},
  };
}
