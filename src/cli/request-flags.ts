/**
 * The request flags: one parser for every command that opens a stream (`tail`, `record`,
 * `check`), so they accept exactly the same flags, spelled and checked the same way. A command
 * spreads REQUEST_FLAGS into its own options, lists REQUEST_FLAGS_HELP in its help and calls
 * requestFromFlags(); a new request flag is added here and nowhere else.
 */
import { readFileSync } from 'node:fs';
import type { StreamRequest } from '#shared/request';
import { FRAMINGS, type Framing } from '#shared/records';
import { transportOf } from '#shared/request';
import { parseUrl } from '#shared/url';
import { boolFlag, listFlag, PAIR, stringFlag, type ParsedArgs } from './args';
import { socketIoFromFlags } from './socketio-flags';
import { UsageError } from './errors';
import {
  GRAPHQL_SSE_MODES,
  graphqlOperationProblem,
  variablesProblem,
  type GraphqlOperation,
  type GraphqlSseMode,
} from '#shared/graphql';

/** The parseArgs options of the request flags. */
export const REQUEST_FLAGS = {
  method: { type: 'string', short: 'X' },
  header: { type: 'string', short: 'H', multiple: true },
  data: { type: 'string', short: 'd' },
  'last-event-id': { type: 'string' },
  reconnect: { type: 'boolean' },
  'no-reconnect': { type: 'boolean' },
  protocol: { type: 'string', multiple: true },
  send: { type: 'string', multiple: true },
  format: { type: 'string' },
  mcp: { type: 'boolean' },
  graphql: { type: 'string' },
  variables: { type: 'string' },
  'operation-name': { type: 'string' },
  'graphql-mode': { type: 'string' },
  socketio: { type: 'boolean' },
  namespace: { type: 'string' },
  auth: { type: 'string' },
  emit: PAIR,
} as const;

/** Their names, for commands that must refuse them (a recording has no request to shape). */
export const REQUEST_FLAG_NAMES = Object.keys(REQUEST_FLAGS);

/** The help lines of the request flags, the same in every command's --help. */
export const REQUEST_FLAGS_HELP = `  -X, --method <M>          request method (default GET; POST when --data is given)
  -H, --header "Name: v"    request header, repeatable
  -d, --data <body>         request body; @path reads a file
      --last-event-id <id>  initial Last-Event-ID
      --reconnect / --no-reconnect
                            reconnect after the stream ends (default: yes for GET over SSE,
                            else no; check reconnects only with --reconnect)
      --protocol <p>        WebSocket subprotocol, repeatable
      --send <text>         WebSocket, repeatable: sent in order each time the socket opens
      --format <f>          read an http(s) body as sse, ndjson, json-seq or raw (chunks only),
                            whatever its Content-Type (default: from the Content-Type)
      --mcp                 MCP Streamable HTTP: initialize, then send the -d JSON-RPC message
                            (none: GET the server's stream) in that session and read the answer
      --graphql <query>     a GraphQL subscription (@path reads a file): graphql-ws
                            (graphql-transport-ws) for ws(s) URLs, graphql-sse for http(s)
      --variables <json>    its variables, a JSON object (@path reads a file)
      --operation-name <n>  which operation of the query document to run
      --graphql-mode <m>    graphql-sse: distinct (default; POST, the answer is the stream) or
                            single (PUT a stream token, GET the stream, POST the operation)
      --socketio            the URL (http(s) or ws(s)) is a Socket.IO v4 server; path /socket.io/
                            unless the URL names one; answers its pings, joins the namespace
      --namespace <nsp>     Socket.IO namespace to join (default /)
      --auth <json>         Socket.IO CONNECT payload, a JSON object (the server's handshake.auth)
      --emit <event> <json> Socket.IO, repeatable: emit <event> with the arguments in the JSON
                            array, in order, once the namespace is joined (each asks for an ack)`;

/** What the request flags describe: the request, and the texts to send once a WebSocket opens. */
export interface CliRequest {
  request: StreamRequest;
  /** WebSocket text messages to send, in order, on every open. Empty for SSE. */
  sendOnOpen: string[];
}

/** `@path` reads a file (as -d does); anything else is the value itself. */
function valueOrFile(value: string): string {
  if (!value.startsWith('@')) return value;
  try {
    return readFileSync(value.slice(1), 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${value.slice(1)}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/** --graphql and its companions, or undefined without --graphql (the companions alone are usage errors). */
function graphqlFromFlags(url: string, args: ParsedArgs, request: StreamRequest): GraphqlOperation | undefined {
  const query = stringFlag(args, 'graphql');
  const variables = stringFlag(args, 'variables');
  const operationName = stringFlag(args, 'operation-name');
  const mode = stringFlag(args, 'graphql-mode');
  if (query === undefined) {
    const stray = [variables && '--variables', operationName && '--operation-name', mode && '--graphql-mode'].find(
      Boolean,
    );
    if (stray) throw new UsageError(`${stray} needs --graphql`);
    return undefined;
  }
  if (request.body !== undefined) throw new UsageError('--graphql sends its own body: drop -d');
  if (request.preset !== undefined) throw new UsageError('--graphql and --mcp cannot be combined');
  if (request.format !== undefined) throw new UsageError('--graphql reads graphql-sse as SSE: drop --format');
  const operation: GraphqlOperation = { query: valueOrFile(query) };
  if (operation.query.trim() === '') throw new UsageError('--graphql: the query is empty');
  if (variables !== undefined) {
    operation.variables = valueOrFile(variables);
    const problem = variablesProblem(operation.variables);
    if (problem) throw new UsageError(`--variables ${problem}`);
  }
  if (operationName !== undefined) operation.operationName = operationName;
  if (mode !== undefined) {
    if (!GRAPHQL_SSE_MODES.includes(mode as GraphqlSseMode))
      throw new UsageError(`--graphql-mode expects ${GRAPHQL_SSE_MODES.join(' or ')}, got "${mode}"`);
    if (transportOf(url) === 'ws') throw new UsageError('--graphql-mode applies to graphql-sse (http(s) URLs)');
    operation.sseMode = mode as GraphqlSseMode;
  }
  const problem = graphqlOperationProblem(operation);
  if (problem) throw new UsageError(`--graphql: the operation ${problem}`);
  return operation;
}

export function parseHeader(raw: string): [string, string] {
  const colon = raw.indexOf(':');
  if (colon <= 0) throw new UsageError(`bad header "${raw}": expected "Name: value"`);
  const name = raw.slice(0, colon).trim();
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new UsageError(`bad header name "${name}"`);
  return [name, raw.slice(colon + 1).trim()];
}

/** Checks the URL the way the CLI promises: one line, exit 2, for anything not http(s)/ws(s). */
export function checkUrl(url: string): void {
  const parsed = parseUrl(url);
  if (typeof parsed === 'string') throw new UsageError(parsed);
  if (transportOf(parsed.href) === null) {
    throw new UsageError(`unsupported URL scheme "${parsed.protocol}" (use http, https, ws or wss)`);
  }
}

/** Reads the request flags of `args` for `url`; every mistake is a UsageError (exit 2). */
export function requestFromFlags(url: string, args: ParsedArgs): CliRequest {
  checkUrl(url);
  const request: StreamRequest = { url };
  const method = stringFlag(args, 'method');
  if (method !== undefined) {
    if (!/^[A-Za-z]+$/.test(method)) throw new UsageError(`bad method "${method}"`);
    request.method = method.toUpperCase();
  }
  const headers = listFlag(args, 'header').map(parseHeader);
  if (headers.length) request.headers = headers;
  const data = stringFlag(args, 'data');
  if (data !== undefined) {
    if (data.startsWith('@')) {
      try {
        request.body = readFileSync(data.slice(1), 'utf8');
      } catch (err) {
        throw new UsageError(`cannot read ${data.slice(1)}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
      }
    } else {
      request.body = data;
    }
  }
  const lastEventId = stringFlag(args, 'last-event-id');
  if (lastEventId !== undefined) request.lastEventId = lastEventId;
  if (boolFlag(args, 'reconnect') && boolFlag(args, 'no-reconnect')) {
    throw new UsageError('--reconnect and --no-reconnect contradict each other');
  }
  if (boolFlag(args, 'reconnect')) request.reconnect = true;
  if (boolFlag(args, 'no-reconnect')) request.reconnect = false;
  const format = stringFlag(args, 'format');
  if (format !== undefined) {
    if (!FRAMINGS.includes(format as Framing))
      throw new UsageError(`--format expects one of ${FRAMINGS.join(', ')}, got "${format}"`);
    if (transportOf(url) === 'ws') throw new UsageError('--format applies to http(s) streams, not WebSocket');
    request.format = format as Framing;
  }
  if (boolFlag(args, 'mcp')) {
    if (transportOf(url) === 'ws') throw new UsageError('--mcp applies to http(s) URLs (MCP Streamable HTTP)');
    request.preset = 'mcp';
  }
  const graphql = graphqlFromFlags(url, args, request);
  if (graphql) request.graphql = graphql;
  const protocols = listFlag(args, 'protocol');
  if (protocols.length) request.protocols = protocols;
  // A WebSocket handshake carries no body: it would be dropped without a word.
  if (request.body !== undefined && transportOf(url) === 'ws') {
    throw new UsageError('-d applies to http(s) requests: send WebSocket messages with --send');
  }
  // Like curl: a body without an explicit method is a POST (fetch refuses a GET with a body).
  if (request.body !== undefined && method === undefined) request.method = 'POST';
  // Said here, before anything is sent: fetch would refuse it as a failed connection (exit 1).
  if (request.body !== undefined && (request.method === 'GET' || request.method === 'HEAD')) {
    throw new UsageError(`a ${request.method} request cannot have a body: drop -d or use -X POST`);
  }
  const socketio = socketIoFromFlags(args);
  if (socketio !== undefined) request.socketio = socketio;
  const sendOnOpen = listFlag(args, 'send');
  if (sendOnOpen.length && transportOf(request.url) !== 'ws') {
    throw new UsageError('--send works with ws:// and wss:// URLs only');
  }
  return { request, sendOnOpen };
}
