/**
 * A GraphQL subscription over WebSocket, speaking graphql-ws's `graphql-transport-ws` subprotocol
 * as its client does: `connection_init` once the socket opens, the `subscribe` once the server
 * acknowledged it, a `pong` for every `ping`, and a normal close once the operation ended (its
 * `complete` or `error`), as graphql-ws's lazy client closes when no subscription is left. The
 * messages travel through the WebSocket engine, so each is a frame record like any other.
 *
 * @see https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md
 */
import { GRAPHQL_WS_PROTOCOL, operationPayload, type GraphqlOperation } from '#shared/graphql';
import { now } from '../clock';
import type { RecordSink, StreamOptions, WsStreamConnection } from '../stream';
import { createWsConnection, type WsConnectionOptions } from '../ws/connection';
import { parseGraphqlWsMessage } from './ws-message';

/** The id of the one operation each connection subscribes (a new connection starts over). */
export const WS_OPERATION_ID = '1';

/** The messages of an `error` payload (a list of GraphQL errors), on one line. */
function errorsText(payload: unknown): string {
  if (!Array.isArray(payload)) return 'error';
  return payload
    .slice(0, 5)
    .map((e: unknown) =>
      typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string'
        ? (e as { message: string }).message
        : JSON.stringify(e),
    )
    .join('; ');
}

/** Opens `options.request` (a ws(s) URL carrying `graphql`) as a graphql-ws client. */
export function createGraphqlWsConnection(
  options: StreamOptions & Pick<WsConnectionOptions, 'backoff' | 'closeTimeoutMs' | 'tls'>,
  sink: RecordSink,
): WsStreamConnection {
  const operation: GraphqlOperation = options.request.graphql!;
  const protocols = options.request.protocols ?? [];
  const request = {
    ...options.request,
    protocols: protocols.includes(GRAPHQL_WS_PROTOCOL) ? protocols : [GRAPHQL_WS_PROTOCOL, ...protocols],
  };
  let connection: WsStreamConnection | null = null;
  /** The operation ended on this connection: nothing more to answer. */
  let closing = false;

  function send(message: Record<string, unknown>): void {
    try {
      connection?.send({ type: 'text', data: JSON.stringify(message) });
    } catch {
      // The socket is already closing: the engine's own records say so.
    }
  }

  // Answers after the record that caused it went on, so the records read cause, then answer.
  const answering: RecordSink = (draft) => {
    const seq = sink(draft);
    if (draft.kind === 'state' && draft.readyState === 0) closing = false;
    if (draft.kind !== 'frame' || draft.dir !== 'in' || draft.opcode !== 'text' || closing) return seq;
    const message = parseGraphqlWsMessage(draft.data);
    switch (message?.type) {
      case 'connection_ack':
        send({ id: WS_OPERATION_ID, type: 'subscribe', payload: operationPayload(operation) });
        break;
      case 'ping':
        send(message.payload === undefined ? { type: 'pong' } : { type: 'pong', payload: message.payload });
        break;
      case 'error':
        if (message.id === WS_OPERATION_ID) {
          // The server refused the operation (a validation error...): the session failed its purpose.
          sink({
            kind: 'error',
            t: now(),
            connection: draft.connection,
            code: 'graphql',
            message: `graphql operation ${WS_OPERATION_ID} failed: ${errorsText(message.payload)}`,
            fatal: true,
          });
          closing = true;
          connection?.close();
        }
        break;
      case 'complete':
        if (message.id === WS_OPERATION_ID) {
          closing = true;
          connection?.close();
        }
        break;
    }
    return seq;
  };

  connection = createWsConnection(
    {
      ...options,
      request,
      // connection_init first, on every attempt; the user's --send texts after it.
      sendOnOpen: [JSON.stringify({ type: 'connection_init' }), ...(options.sendOnOpen ?? [])],
    },
    answering,
  );
  return connection;
}
