/** Display formatting shared by the list, detail pane and toolbar. Pure. */
import { showBidiControls } from '#shared/control-chars';
import { READY_STATE_NAMES, type ReadyStateName, type Transport } from '#shared/records';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Wall-clock time of day with milliseconds: "14:03:07.512" (local time). */
export function formatClock(t: number): string {
  const d = new Date(t);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** A duration in ms, compact: "+12.3 ms", "+1.20 s", "+3 m 05 s". */
export function formatDelta(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const sign = ms < 0 ? '−' : '+';
  const a = Math.abs(ms);
  if (a < 10) return `${sign}${a.toFixed(2)} ms`;
  if (a < 1000) return `${sign}${a.toFixed(1)} ms`;
  if (a < 60_000) return `${sign}${(a / 1000).toFixed(2)} s`;
  return `${sign}${Math.floor(a / 60_000)} m ${pad(Math.floor((a % 60_000) / 1000))} s`;
}

/** Milliseconds for people: "850 ms", "12.4 s", "3 min 05 s". */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(ms < 100 ? 1 : 0)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** One line of at most `max` characters, newlines shown as ⏎ so rows keep a fixed height. */
export function preview(text: string, max = 200): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return showBidiControls(cut.replace(/\r\n|\r|\n/g, '⏎'));
}

/** ReadyState as the word the status pill shows. SSE: 0/1/2; WebSocket: 0/1/2/3. */
export function readyStateLabel(transport: Transport, readyState: number): ReadyStateName {
  return READY_STATE_NAMES[transport][readyState] ?? 'CLOSED';
}

/** True when the session still holds (or is establishing) a connection. */
export function isLive(transport: Transport, readyState: number): boolean {
  return transport === 'ws' ? readyState < 2 : readyState < 2;
}

/** True when the connection is over: CLOSED (an SSE session's 2, a WebSocket's 3, after CLOSING). */
export function isClosed(transport: Transport, readyState: number): boolean {
  return readyState === (transport === 'ws' ? 3 : 2);
}
