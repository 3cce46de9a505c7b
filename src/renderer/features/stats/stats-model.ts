import type { SessionStats } from '#shared/api';
import type { Transport } from '#shared/records';
import { formatBytes } from '#shared/byte-size';
import { formatMs } from '../../lib/format';

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
