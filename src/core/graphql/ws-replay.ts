/**
 * Replaying a recorded graphql-ws session (subprotocol `graphql-transport-ws`) to a live client,
 * for `replay --serve`: a graphql-ws client speaks first and numbers its own operations, so the
 * recorded frames cannot simply be played from the handshake on. Instead the replay answers the
 * client's `connection_init` with the recorded `connection_ack`, its pings with pongs, and each
 * `subscribe` with the next recorded operation's messages (`next`, `error`, `complete`) at their
 * recorded offsets from the recorded subscribe (divided by the speed), the `id` rewritten to the
 * client's. The planning pass keeps only the ack and the operation ids; each operation's messages
 * are read from the recording as they are served, so memory stays flat for a recording of any size. The payloads stay exactly as recorded. A recorded server close follows once every
 * operation the client asked for was played; a client `complete` stops its operation.
 */
import type { WebSocket } from 'ws';
import type { StoredRecord } from '#shared/recording-format';
import { createPacer, sleepUntil } from '../recording/precise-timer';
import { parseGraphqlWsMessage } from './ws-message';

/** Bytes queued on a socket beyond which the replay waits for them to go out. */
const HIGH_WATER_BYTES = 1024 * 1024;

export interface GraphqlWsReplayPlan {
  /** The recorded `connection_ack` text (a plain one when the recording has none). */
  ack: string;
  /** The recorded operations' ids, in the order they were subscribed. */
  operations: string[];
}

/** The server's ending, as the generic WebSocket replay worked it out. */
export type GraphqlWsEnding = { how: 'close'; code: number; reason: string } | { how: 'abort' } | { how: 'hold' };

/** One recorded operation's messages from the server, at offsets from its subscribe; read as served. */
export type OperationMessages = (id: string, signal: AbortSignal) => AsyncIterable<{ at: number; text: string }>;

/** Builds a connection's plan from its records in order, keeping only the ack and the ids. */
export function createGraphqlWsPlanner(connection: number) {
  const plan: GraphqlWsReplayPlan = { ack: JSON.stringify({ type: 'connection_ack' }), operations: [] };
  let acked = false;
  return {
    add(r: StoredRecord): void {
      if (r.kind !== 'frame' || r.connection !== connection || r.opcode !== 'text') return;
      const message = parseGraphqlWsMessage(r.data);
      if (!message) return;
      if (r.dir === 'out' && message.type === 'subscribe' && typeof message.id === 'string')
        plan.operations.push(message.id);
      else if (r.dir === 'in' && message.type === 'connection_ack' && !acked) {
        acked = true;
        plan.ack = r.data;
      }
    },
    plan: (): GraphqlWsReplayPlan => plan,
  };
}

/** Operation `id`'s server messages among a connection's records (in order), at offsets from its subscribe. */
export async function* operationMessages(
  records: AsyncIterable<StoredRecord>,
  id: string,
): AsyncGenerator<{ at: number; text: string }> {
  let pacer: ReturnType<typeof createPacer> | null = null;
  for await (const r of records) {
    if (r.kind !== 'frame' || r.opcode !== 'text' || !r.data.includes(id)) continue;
    const message = parseGraphqlWsMessage(r.data);
    if (!message || message.id !== id) continue;
    if (r.dir === 'out') {
      if (message.type === 'subscribe') pacer ??= createPacer(r.t);
      continue;
    }
    if (!pacer || !['next', 'error', 'complete'].includes(message.type as string)) continue;
    yield { at: pacer.offset(r.t), text: r.data };
    if (message.type !== 'next') return;
  }
}

/** `text` (a recorded message of operation `from`) as a message of the client's operation `to`. */
function withId(text: string, from: string, to: string): string {
  if (from === to) return text;
  const message = parseGraphqlWsMessage(text);
  return message ? JSON.stringify({ ...message, id: to }) : text;
}

/**
 * Serves `plan` to one connected client until it leaves or `stopping` aborts. The caller has
 * accepted the upgrade with the graphql-transport-ws subprotocol.
 */
export function serveGraphqlWs(
  ws: WebSocket,
  plan: GraphqlWsReplayPlan,
  messagesOf: OperationMessages,
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

  async function play(recordedId: string, clientId: string, stop: AbortSignal): Promise<void> {
    const start = performance.now();
    const signal = AbortSignal.any([gone.signal, stop]);
    for await (const { at, text } of messagesOf(recordedId, signal)) {
      await sleepUntil(start + (options.speed === 0 ? 0 : at / options.speed), signal);
      if (signal.aborted) return;
      if (gone.signal.aborted || ws.readyState !== ws.OPEN) return;
      // A slow client holds the replay back rather than its messages piling up in memory.
      const written = new Promise<void>((resolve) => ws.send(withId(text, recordedId, clientId), () => resolve()));
      if (ws.bufferedAmount > HIGH_WATER_BYTES)
        await Promise.race([written, new Promise((r) => signal.addEventListener('abort', r, { once: true }))]);
    }
  }

  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) return;
    const message = parseGraphqlWsMessage(data.toString('utf8'));
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
        void play(op, clientId, stop.signal)
          .catch(() => ws.terminate())
          .finally(() => {
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
