/**
 * GraphQL subscriptions: the operation a request carries, and how a decoded GraphQL message is
 * named on one line. Used by every layer (the request crosses IPC and is stored in recordings),
 * so it lives here and depends on nothing.
 *
 * @see https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md
 * @see https://github.com/enisdenjo/graphql-sse/blob/master/PROTOCOL.md
 */
import type { GraphqlDecoded } from './decoded';

/** The WebSocket subprotocol of the graphql-ws library. */
export const GRAPHQL_WS_PROTOCOL = 'graphql-transport-ws';

/** graphql-sse: the header carrying a single connection's stream token. */
export const GRAPHQL_SSE_TOKEN_HEADER = 'x-graphql-event-stream-token';

/**
 * graphql-sse's two modes: 'distinct' POSTs the operation and reads the answer as its own event
 * stream; 'single' reserves a stream (PUT), listens to it (GET) and POSTs the operation into it.
 */
export type GraphqlSseMode = 'distinct' | 'single';
export const GRAPHQL_SSE_MODES: readonly GraphqlSseMode[] = ['distinct', 'single'];

/** A GraphQL operation to subscribe to: over graphql-ws for ws(s) URLs, graphql-sse for http(s). */
export interface GraphqlOperation {
  query: string;
  /**
   * The variables as JSON text of an object. Kept as text so a request stays a shallow value
   * (recordings and the bridge bound nesting depth) and shows exactly what the user typed.
   */
  variables?: string;
  operationName?: string;
  /** http(s) only; default 'distinct'. */
  sseMode?: GraphqlSseMode;
}

/** The largest query accepted, in UTF-16 code units. */
export const MAX_GRAPHQL_QUERY_CHARS = 256 * 1024;

/** Why `value` is not a GraphqlOperation, or null when it is (only known fields allowed). */
export function graphqlOperationProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object';
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) {
    if (!['query', 'variables', 'operationName', 'sseMode'].includes(key)) return `has an unknown field "${key}"`;
  }
  if (typeof v.query !== 'string' || v.query.trim() === '') return '.query must be a non-empty string';
  if (v.query.length > MAX_GRAPHQL_QUERY_CHARS) return `.query is longer than ${MAX_GRAPHQL_QUERY_CHARS} characters`;
  if (v.variables !== undefined) {
    if (typeof v.variables !== 'string') return '.variables must be JSON text';
    const problem = variablesProblem(v.variables);
    if (problem) return `.variables ${problem}`;
  }
  if (v.operationName !== undefined && (typeof v.operationName !== 'string' || v.operationName.length > 1024))
    return '.operationName must be a string';
  if (v.sseMode !== undefined && !GRAPHQL_SSE_MODES.includes(v.sseMode as GraphqlSseMode))
    return `.sseMode must be ${GRAPHQL_SSE_MODES.join(' or ')}`;
  return null;
}

/** Why `text` is not usable as variables (JSON text of an object), or null. */
export function variablesProblem(text: string): string | null {
  if (text.length > MAX_GRAPHQL_QUERY_CHARS) return `is longer than ${MAX_GRAPHQL_QUERY_CHARS} characters`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'is not valid JSON';
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? null : 'must be a JSON object';
}

/** A checked copy of `value` holding only the known fields (call after graphqlOperationProblem). */
export function copyGraphqlOperation(value: GraphqlOperation): GraphqlOperation {
  return {
    query: value.query,
    ...(value.variables !== undefined ? { variables: value.variables } : {}),
    ...(value.operationName !== undefined ? { operationName: value.operationName } : {}),
    ...(value.sseMode !== undefined ? { sseMode: value.sseMode } : {}),
  };
}

/** The payload both protocols send for an operation: `{query, variables?, operationName?}`. */
export function operationPayload(op: GraphqlOperation): Record<string, unknown> {
  return {
    query: op.query,
    ...(op.variables !== undefined ? { variables: JSON.parse(op.variables) as unknown } : {}),
    ...(op.operationName !== undefined ? { operationName: op.operationName } : {}),
  };
}

/**
 * One line for a decoded GraphQL message, shared by the CLI and the app:
 * "graphql-ws next #1 OnTick · 12.5 ms", "graphql-sse error #1: Cannot query field…".
 */
export function graphqlLabel(decoded: GraphqlDecoded): string {
  const parts: string[] = [decoded.protocol === GRAPHQL_WS_PROTOCOL ? 'graphql-ws' : 'graphql-sse', decoded.type];
  if (decoded.id !== undefined) parts.push(`#${decoded.id}`);
  if (decoded.operationName !== undefined) parts.push(decoded.operationName);
  let label = parts.join(' ');
  if (decoded.errors !== undefined && decoded.errors.length > 0) label += `: ${decoded.errors.join('; ')}`;
  if (decoded.sinceSubscribeMs !== undefined) label += ` · ${decoded.sinceSubscribeMs.toFixed(1)} ms`;
  return label;
}
