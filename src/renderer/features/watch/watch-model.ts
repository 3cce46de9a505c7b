/** How the Watch view words a stream's health. Pure, so it is tested without a page. */
import type { WatchStreamReport } from '#shared/watch';
import { readyStateLabel } from '../../lib/format';

export type HealthTone = 'ok' | 'warn' | 'bad';

/** One word and a tone for a stream: open, stalled, connecting, down. */
export function healthOf(report: WatchStreamReport): { label: string; tone: HealthTone } {
  if (report.up && report.stalled) return { label: 'stalled', tone: 'warn' };
  if (report.up) return { label: 'open', tone: 'ok' };
  const state = readyStateLabel(report.transport, report.readyState);
  if (state === 'CONNECTING') return { label: report.connections > 1 ? 'reconnecting' : 'connecting', tone: 'warn' };
  return { label: 'down', tone: 'bad' };
}

/** "3 s ago", "2 min ago", "—" before the first event. */
export function ageText(t: number | null, now: number): string {
  if (t === null) return '—';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  return `${Math.floor(s / 3600)} h ago`;
}

/** "2 of 3 hold", "waiting for the first window", or "" without assertions. */
export function assertionsText(report: WatchStreamReport): string {
  const judged = report.assertions.filter((a) => a.ok !== null);
  if (report.assertions.length === 0) return '';
  if (judged.length === 0) return 'waiting for the first window';
  const holding = judged.filter((a) => a.ok).length;
  return `${holding} of ${judged.length} hold`;
}
