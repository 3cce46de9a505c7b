import type { SessionStats } from '../../../shared/api';
import type { Transport } from '../../../shared/records';

/** 1536 → "1.5 KiB". */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (n < 1024) return `${Math.round(n)} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`;
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

function formatRate(n: number, unit: string): string {
  if (!Number.isFinite(n)) return '–';
  return `${n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1)} ${unit}`;
}

/** One figure of the stats grid. */
export interface StatItem {
  label: string;
  value: string;
  /** Longer explanation for a tooltip. */
  hint: string;
}

/** The figures the stats panel shows, in order: the seed demo's three first, then the rest. */
export function statItems(stats: SessionStats, transport: Transport): StatItem[] {
  const received = transport === 'ws' ? stats.framesIn : stats.events;
  const lat = stats.latency;
  const items: StatItem[] = [
    { label: 'Connection time', value: formatMs(stats.connectedMs), hint: 'How long the session has been connected' },
    {
      label: 'Messages received',
      value: received.toLocaleString('en-US'),
      hint: transport === 'ws' ? 'Inbound WebSocket frames' : 'SSE events dispatched',
    },
    {
      label: 'Average latency',
      value: lat ? formatMs(lat.mean) : '–',
      hint: 'Arrival time minus the send timestamp in the payload (sentAt, timestamp, created, ts)',
    },
    { label: 'p95 latency', value: lat ? formatMs(lat.p95) : '–', hint: '95% of messages arrived at least this fast' },
    { label: 'p99 latency', value: lat ? formatMs(lat.p99) : '–', hint: '99% of messages arrived at least this fast' },
    { label: 'Reconnects', value: String(stats.reconnects), hint: 'Connection attempts after the first' },
    { label: 'Bytes', value: formatBytes(stats.bytes), hint: 'Bytes received on the wire' },
    {
      label: 'Rate',
      value: formatRate(stats.eventRate, 'msg/s'),
      hint: 'Messages per second over the last few seconds',
    },
    {
      label: 'Byte rate',
      value: `${formatBytes(stats.bytesRate)}/s`,
      hint: 'Bytes per second over the last few seconds',
    },
    { label: 'TTFB', value: formatMs(stats.ttfbMs), hint: 'From the first request to the response head' },
    { label: 'First event', value: formatMs(stats.firstEventMs), hint: 'From the first request to the first message' },
  ];
  if (transport === 'ws')
    items.splice(2, 0, {
      label: 'Messages sent',
      value: stats.framesOut.toLocaleString('en-US'),
      hint: 'Outbound WebSocket frames',
    });
  if (stats.errors > 0)
    items.push({ label: 'Errors', value: String(stats.errors), hint: 'Error records in this session' });
  return items;
}
