import type { SessionInfo } from '#shared/api';

/** What a session tab shows: a label that tells it apart from its neighbours, and a full tooltip. */
export interface TabLabel {
  label: string;
  tooltip: string;
}

type LabelSource = Pick<SessionInfo, 'title' | 'source' | 'transport' | 'request' | 'proxy'>;

/** Host and path of a URL ("api.example.com/v1/stream"), or the text itself when it is no URL. */
export function hostAndPath(url: string): string {
  try {
    const u = new URL(url);
    const path = u.pathname === '/' ? '' : u.pathname;
    return `${u.host}${path}` || url;
  } catch {
    return url;
  }
}

function baseLabel(info: LabelSource): TabLabel {
  if (info.source === 'replay') return { label: info.title, tooltip: `Replay of ${info.title}\n${info.request.url}` };
  if (info.proxy) return { label: info.title, tooltip: `Intercepted ${info.proxy.method} ${info.proxy.path}` };
  const method = info.transport === 'ws' ? 'WebSocket' : info.request.method;
  return { label: hostAndPath(info.request.url), tooltip: `${method} ${info.request.url}` };
}

/**
 * Labels for a whole strip, in tab order. A name the user gave wins; tabs that would still read
 * the same get " · 2", " · 3"… in order, so no two tabs look alike.
 */
export function tabLabels(infos: readonly LabelSource[], names: readonly (string | undefined)[]): TabLabel[] {
  const labels = infos.map((info, i) => {
    const base = baseLabel(info);
    const name = names[i]?.trim();
    return name ? { label: name, tooltip: `${name}\n${base.tooltip}` } : base;
  });
  const seen = new Map<string, number>();
  return labels.map((l) => {
    const n = (seen.get(l.label) ?? 0) + 1;
    seen.set(l.label, n);
    return n === 1 ? l : { ...l, label: `${l.label} · ${n}` };
  });
}
