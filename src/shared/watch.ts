import type { Transport } from './records';
/**
 * What the app shows of `watch`: one report per watched stream. Crosses the bridge, so nothing in
 * it may hold a secret (URLs are shown as written in the config, variables unexpanded).
 */

/** The health of one watched stream. */
export interface WatchStreamReport {
  name: string;
  /** The URL as written in the config. */
  url: string;
  transport: Transport;
  up: boolean;
  readyState: number;
  connections: number;
  reconnects: number;
  events: number;
  stalled: boolean;
  lastEvent: { type: string; t: number } | null;
  lastError: { code: string; message: string; t: number } | null;
  /** Verdicts of the last complete window; `ok` null before the first window ends. */
  assertions: Array<{ spec: string; ok: boolean | null; observed: string | null }>;
}

/** A running watch: its config's name, where its metrics are served, its streams. */
export interface WatchOverview {
  /** The config file's name; null when nothing is watched. */
  configName: string | null;
  /** http://127.0.0.1:<port>/metrics while a watch runs. */
  metricsUrl: string | null;
  streams: WatchStreamReport[];
}
