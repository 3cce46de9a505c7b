/**
 * Replaying a recorded graphql-ws session (subprotocol `graphql-transport-ws`) to a live client,
 * for `replay --serve`: a graphql-ws client speaks first and numbers its own operations, so the
 * recorded frames cannot simply be played from the handshake on. Instead the replay answers the
 * client's `connection_init` with the recorded `connection_ack`, its pings with pongs, and each
 * `subscribe` with the next recorded operation's messages (`next`, `error`, `complete`) at their
 * recorded offsets from the recorded subscribe (divided by the speed), the `id` rewritten to the
 * client's. The payloads stay exactly as recorded. A recorded server close follows once every
 * operation the client asked for was played; a client `complete` stops its operation.
 */
import type { WebSocket } from 'ws';
import type { StoredRecord } from '../../shared/recording-format';
import { createPacer, sleepUntil } from '../recording/precise-timer';

/** One recorded operation: what the server sent for it, at offsets from its subscribe. */
interface RecordedOperation {
  id: string;
  messages: Array<{ at: number; text: string }>;
}

export interface GraphqlWsReplayPlan {
  /** The recorded `connection_ack` text (a plain one when the recording has none). */
  ack: string;
  operations: RecordedOperation[];
}

/** The server's ending, as the generic WebSocket replay worked it out. */
export type GraphqlWsEnding = { how: 'close'; code: number; reason: string } | { how: 'abort' } | { how: 'hold' };

function parse(text: string): { type?: unknown; id?: unknown; payload?: unknown } | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Reads a recorded connection's frames as a graphql-ws dialogue. */
export function graphqlWsPlan(records: readonly StoredRecord[], connection: number): GraphqlWsReplayPlan {
  let ack = JSON.stringify({ type: 'connection_ack' });
  const operations: RecordedOperation[] = [];
  const byId = new Map<string, { op: RecordedOperation; pacer: ReturnType<typeof createPacer> }>();
  for (const r of records) {
    if (r.kind !== 'frame' || r.connection !== connection || r.opcode !== 'text') continue;
    const message = parse(r.data);
    if (!message || typeof message.type !== 'string') continue;
    const id = typeof message.id === 'string' ? message.id : undefined;
    if (r.dir === 'out') {
      if (message.type === 'subscribe' && id !== undefined) {
        const op: RecordedOperation = { id, messages: [] };
        operations.push(op);
        byId.set(id, { op, pacer: createPacer(r.t) });
      }
      continue;
    }
    if (message.type === 'connection_ack') ack = r.data;
    else if (id !== undefined && ['next', 'error', 'complete'].includes(message.type)) {
      const entry = byId.get(id);
      if (entry) entry.op.messages.push({ at: entry.pacer.offset(r.t), text: r.data });
    }
  }
  return { ack, operations };
}

/** `text` (a recorded message of operation `from`) as a message of the client's operation `to`. */
function withId(text: string, from: string, to: string): string {
  if (from === to) return text;
  const message = parse(text);
  return message ? JSON.stringify({ ...message, id: to }) : text;
}

/**
 * Serves `plan` to one connected client until it leaves or `stopping` aborts. The caller has
 * accepted the upgrade with the graphql-transport-ws subprotocol.
 */
export function serveGraphqlWs(
  ws: WebSocket,
  plan: GraphqlWsReplayPlan,
  options: { speed: number; ending: GraphqlWsEnding; stopping: AbortSignal },
): void {
  const gone = new AbortController();
  const onGone = (): void => gone.abort();
  ws.once('close', onGone);
  options.stopping.addEventListener('abort', onGone, { once: true });
  ws.once('close', () => options.stopping.removeEventListener('abort', onGone));
  let nextOperation = 0;
  let running = 0;
  let played = 0;
  /** The client's operations in flight, each stopped by the client's complete. */
  const active = new Map<string, AbortController>();

  const send = (text: string): void => {
    if (!gone.signal.aborted && ws.readyState === ws.OPEN) ws.send(text);
  };

  function end(): void {
    const { ending } = options;
    if (ending.how === 'hold' || gone.signal.aborted) return;
    if (ending.how === 'abort') ws.terminate();
    else if (ending.code === 1005) ws.close();
    else {
      try {
        ws.close(ending.code, ending.reason);
      } catch {
        ws.close();
      }
    }
  }

  async function play(op: RecordedOperation, clientId: string, stop: AbortSignal): Promise<void> {
    const start = performance.now();
    const signal = AbortSignal.any([gone.signal, stop]);
    for (const { at, text } of op.messages) {
      await sleepUntil(start + (options.speed === 0 ? 0 : at / options.speed), signal);
      if (signal.aborted) return;
      send(withId(text, op.id, clientId));
    }
  }

  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) return;
    const message = parse(data.toString('utf8'));
    if (!message) return;
    switch (message.type) {
      case 'connection_init':
        send(plan.ack);
        break;
      case 'ping':
        send(
          JSON.stringify(message.payload === undefined ? { type: 'pong' } : { type: 'pong', payload: message.payload }),
        );
        break;
      case 'subscribe': {
        if (typeof message.id !== 'string') break;
        const op = plan.operations[nextOperation++];
        if (!op) {
          // More operations than the recording holds: say so in the protocol's own terms.
          send(
            JSON.stringify({
              id: message.id,
              type: 'error',
              payload: [{ message: 'this recording has no more operations' }],
            }),
          );
          break;
        }
        const stop = new AbortController();
        active.set(message.id, stop);
        running++;
        const clientId = message.id;
        void play(op, clientId, stop.signal).finally(() => {
          active.delete(clientId);
          running--;
          played++;
          if (running === 0 && played >= plan.operations.length) end();
        });
        break;
      }
      case 'complete':
        if (typeof message.id === 'string') active.get(message.id)?.abort();
        break;
    }
  });
}
