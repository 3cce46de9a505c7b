/**
 * The one typed API between the UI and the app's back end. The Electron preload implements it
 * over IPC (src/preload), the browser host client implements it over a WebSocket
 * (src/renderer/bridge). Requests resolve to Result values and never throw across the boundary;
 * live updates arrive as batches, at most one message per flush (~16–50 ms).
 */
import type { Result } from './result';
import type { StreamRequest } from './request';
import type { Severity, StreamRecord, Transport } from './records';
import type { WatchOverview } from './watch';
import type { ListFilterSpec } from './list-filter';

/** Live counters of one session, recomputed by the back end and sent with each batch. */
export interface SessionStats {
  records: number;
  events: number;
  /** WS frames received. */
  framesIn: number;
  framesOut: number;
  comments: number;
  errors: number;
  bytes: number;
  reconnects: number;
  /** Events (or inbound frames) per second over the last few seconds. */
  eventRate: number;
  bytesRate: number;
  /** ms from the first request to the first response head; null until known. */
  ttfbMs: number | null;
  /** ms from the first request to the first event; null until known. */
  firstEventMs: number | null;
  /** Latency (arrival − payload timestamp) summary in ms; null without timestamps. */
  latency: { count: number; mean: number; p50: number; p95: number; p99: number } | null;
  /** Inter-arrival summary in ms; null before two events. */
  interArrival: { mean: number; p50: number; p95: number; p99: number } | null;
  /** When the session started (ms since epoch). */
  startedAt: number;
  connectedMs: number;
}

export type SessionSource = 'live' | 'replay';

export interface SessionInfo {
  id: string;
  transport: Transport;
  source: SessionSource;
  title: string;
  request: StreamRequest;
  readyState: number;
  /** Ring buffer capacity (records). */
  capacity: number;
  /**
   * seq before which records were removed on purpose (Clear, or a replay's seek rebuilding its
   * view): a consumer holding older records drops them; nothing before it counts as missed.
   */
  clearedSeq: number;
  /** Records the session's buffer holds now (at most `capacity`): what a recording can include. */
  buffered: number;
  recording: boolean;
  stats: SessionStats;
  /** Replay sessions only. */
  replay?: ReplayStatus;
  /** Sessions of requests through an Intercept proxy: which request it was, and its status. */
  proxy?: ProxiedRequest;
  /**
   * The event list's filter the UI last set for this session (a replay starts with its
   * recording's): a page that loads or reloads shows the session with it.
   */
  filter?: ListFilterSpec;
}

/** One request through an Intercept proxy, as its session shows it. */
export interface ProxiedRequest {
  proxyId: string;
  method: string;
  /** Path and query as the client sent them. */
  path: string;
  /** The upstream's status once its response head arrived. */
  status: number | null;
}

export interface StartProxyOptions {
  /** The upstream base URL (http or https); its path prefixes every request path. */
  upstream: string;
  /** Default 0: a free port. The proxy always listens on 127.0.0.1. */
  port?: number;
}

/** A running Intercept proxy. */
export interface ProxyInfo {
  id: string;
  upstream: string;
  /** `http://127.0.0.1:<port>`: what the user's app uses in place of the upstream. */
  url: string;
  /** Requests received so far, and how many are still streaming. */
  requests: number;
  open: number;
}

export interface ReplayStatus {
  playing: boolean;
  speed: number;
  /** Position in the recording, ms from its first record. */
  positionMs: number;
  durationMs: number;
  /** Index of the next record to emit, and the total. */
  index: number;
  total: number;
  /** URL when the recording is being served as a live endpoint. */
  servingUrl: string | null;
  warnings: string[];
}

/** One flush of the batcher: everything new since the previous flush, for all sessions. */
export interface Batch {
  records: StreamRecord[];
  /** Sessions whose consumer fell behind the ring buffer: how many records it never got. */
  skipped: Array<{ sessionId: string; count: number }>;
  /** Fresh stats and state for every session that changed. */
  sessions: SessionInfo[];
}

export interface RecordingStartOptions {
  /** Include the records the session already holds (its buffer), not only what comes next. */
  includeBuffered?: boolean;
}

export interface OpenSessionOptions {
  request: StreamRequest;
  /** Ring buffer capacity; default 100,000 records. */
  capacity?: number;
  /** Start recording immediately. */
  record?: boolean;
  /** A JSON path whose value is the send timestamp, for latency; default auto-detect. */
  latencyPath?: string;
  /**
   * Values of secret variables substituted into the request: replaced by "[redacted]" wherever
   * they appear in its recording or HAR (URL, any header, body), whatever the redaction setting.
   */
  secrets?: string[];
}

export type WsOutgoing =
  | { type: 'text'; data: string }
  | { type: 'binary'; encoding: 'hex' | 'base64'; data: string }
  | { type: 'ping'; data?: string }
  /** Socket.IO sessions: an event on the joined namespace, asking for an acknowledgement. */
  | { type: 'event'; event: string; args: unknown[] };

export interface ScenarioInfo {
  name: string;
  description: string;
  /** Path relative to the demo base URL, with suggested query. */
  path: string;
  method: 'GET' | 'POST';
}

export interface DemoMetrics {
  sseConnections: number;
  wsConnections: number;
  messagesSent: number;
  bytesSent: number;
  errors: number;
  uptimeMs: number;
  memory: { rss: number; heapUsed: number };
}

export interface DemoInfo {
  baseUrl: string;
}

export interface Settings {
  theme: 'light' | 'dark' | 'system';
  defaultCapacity: number;
  redactSecrets: boolean;
}

export interface DiagnosticSummary {
  counts: Record<Severity, number>;
}

export interface InspectorApi {
  sessions: {
    open(options: OpenSessionOptions): Promise<Result<SessionInfo>>;
    close(sessionId: string): Promise<Result<void>>;
    /** Close if open and forget the session. */
    remove(sessionId: string): Promise<Result<void>>;
    list(): Promise<Result<SessionInfo[]>>;
    /** Empty the ring buffer (the stream goes on). */
    clear(sessionId: string): Promise<Result<void>>;
    /** Records still in the ring buffer with seq >= fromSeq, at most `limit`. */
    records(sessionId: string, fromSeq: number, limit: number): Promise<Result<StreamRecord[]>>;
    /** WebSocket sessions only. */
    send(sessionId: string, message: WsOutgoing): Promise<Result<void>>;
    /** Keep the session's list filter (sent again in its info; written into its recording's end line). */
    setFilter(sessionId: string, filter: ListFilterSpec): Promise<Result<void>>;
    /** Receive batches; returns the unsubscribe function. */
    subscribe(listener: (batch: Batch) => void): () => void;
  };
  recording: {
    /**
     * Start recording a live session: from now on (default), or with `includeBuffered` from the
     * oldest record the session still holds. Either way the recording carries what a replay needs
     * from before its first record (the open connection's head, last event ID, retry).
     */
    start(sessionId: string, options?: RecordingStartOptions): Promise<Result<void>>;
    stop(sessionId: string): Promise<Result<void>>;
    /**
     * Save the session's recording. Electron: a save dialog (or `path`); browser host: the
     * recording's text, which the UI offers as a download.
     */
    save(sessionId: string, path?: string): Promise<Result<{ path: string | null; text: string | null }>>;
    /**
     * The session as a HAR 1.2 file (SSE bodies, WebSocket messages as `_webSocketMessages`),
     * secrets redacted: a live session's records still in memory, a replay's whole recording.
     * Electron: a save dialog (path null when cancelled); browser host: the text, for a download.
     */
    exportHar(sessionId: string): Promise<Result<{ path: string | null; text: string | null }>>;
  };
  replay: {
    /** Open a recording (or a raw .sse body or HAR) from its text. */
    openText(name: string, text: string): Promise<Result<SessionInfo>>;
    /** Electron: an open dialog. Browser host: 'unsupported' (the UI uses a file input). */
    openDialog(): Promise<Result<SessionInfo | null>>;
    play(sessionId: string): Promise<Result<void>>;
    pause(sessionId: string): Promise<Result<void>>;
    seek(sessionId: string, to: { ms: number } | { index: number }): Promise<Result<void>>;
    step(sessionId: string): Promise<Result<void>>;
    setSpeed(sessionId: string, speed: number): Promise<Result<void>>;
    /** Serve as a live endpoint on 127.0.0.1; returns its URL. */
    serve(sessionId: string): Promise<Result<{ url: string }>>;
    unserve(sessionId: string): Promise<Result<void>>;
  };
  demo: {
    info(): Promise<Result<DemoInfo>>;
    scenarios(): Promise<Result<ScenarioInfo[]>>;
    metrics(): Promise<Result<DemoMetrics>>;
  };
  watch: {
    /**
     * Follow the streams of a `watch` config (JSON, or YAML when the name ends in .yaml/.yml;
     * `${VAR}` from the app's environment), replacing any running watch.
     */
    openText(name: string, text: string): Promise<Result<WatchOverview>>;
    /** The watched streams' health now. */
    status(): Promise<Result<WatchOverview>>;
    /** A live session on one watched stream, with its configured request. */
    openSession(stream: string): Promise<Result<SessionInfo>>;
    stop(): Promise<Result<void>>;
  };
  settings: {
    get(): Promise<Result<Settings>>;
    set(patch: Partial<Settings>): Promise<Result<Settings>>;
    /** The page's remembered state kept in the settings file, as JSON text per key (shared/ui-state.ts). */
    uiState(): Promise<Result<Record<string, string>>>;
    /** Keeps one key of the page's remembered state (JSON text) in the settings file. */
    putUiState(key: string, json: string): Promise<Result<void>>;
  };
  /** Intercept: reverse proxies whose every request opens a session. */
  proxy: {
    start(options: StartProxyOptions): Promise<Result<ProxyInfo>>;
    /** Stops listening and cuts the requests still open; says how many there were. */
    stop(proxyId: string): Promise<Result<{ openRequests: number }>>;
    list(): Promise<Result<ProxyInfo[]>>;
  };
}
