/**
 * Which records of a stream speak GraphQL, for the protocol decoding of src/core/jsonrpc/decorate.ts:
 * the text frames of a WebSocket whose handshake chose `graphql-transport-ws` (whoever opened it:
 * the --graphql engine, or a user's own --protocol and --send), and the events of a request that
 * carries a GraphQL operation over graphql-sse. Judged from the records alone, so a replay decodes
 * exactly as the live session did.
 */
import type { GraphqlDecoded } from '#shared/decoded';
import { GRAPHQL_WS_PROTOCOL } from '#shared/graphql';
import type { RecordDraft } from '#shared/records';
import type { StreamRequest } from '#shared/request';
import { createGraphqlDecoder, firstOperationName } from './decoder';
import { SINGLE_CONNECTION_OPERATION_ID } from './sse-connection';

type Draft = RecordDraft;

export interface GraphqlDecoration {
  /** Sees every record first; returns what a GraphQL decoder read in it, if anything. */
  decode(draft: Draft): GraphqlDecoded | undefined;
  /** False when `decode` returns nothing for every SSE event (no graphql-sse operation). */
  readonly decodesEvents: boolean;
}

export function createGraphqlDecoration(request: StreamRequest): GraphqlDecoration {
  const decoder = createGraphqlDecoder();
  const operation = request.graphql;
  const operationName =
    operation === undefined ? undefined : (operation.operationName ?? firstOperationName(operation.query));
  let wsGraphql = false;
  /** graphql-sse: when the operation went out (distinct: the POST; single: once the stream opened). */
  let subscribedAt = 0;

  return {
    decodesEvents: operation !== undefined,
    decode(draft) {
      switch (draft.kind) {
        case 'response':
          if (draft.protocol !== undefined) wsGraphql = draft.protocol === GRAPHQL_WS_PROTOCOL;
          if (operation !== undefined && draft.protocol === undefined) {
            // Single connection mode posts the operation right after its stream opened.
            subscribedAt = operation.sseMode === 'single' ? draft.t : draft.requestSentAt;
            if (operation.sseMode === 'single')
              decoder.subscribed(SINGLE_CONNECTION_OPERATION_ID, operationName, subscribedAt);
          }
          return undefined;
        case 'frame':
          return wsGraphql && draft.opcode === 'text' ? decoder.wsFrame(draft.data, draft.t, draft.dir) : undefined;
        case 'event':
          if (operation === undefined) return undefined;
          return decoder.sseEvent(draft.type, draft.data, draft.t, {
            ...(operationName !== undefined ? { operationName } : {}),
            t: subscribedAt,
          });
        default:
          return undefined;
      }
    },
  };
}
