import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Transport } from '#shared/records';
import { Menu, menuBelow } from '../../components/Menu';
import { useSessionView, useView } from '../../stores/view';

type SideTab = string;
import { SIDE_PANELS } from './side-panels';

/**
 * The right-hand pane: the selected record's detail and the other panels as sub-tabs. Tabs that do
 * not fit the pane's width fold into a "More" menu (the selected one always stays in view).
 */
export function SidePanel({ sessionId, transport }: { sessionId: string; transport: Transport }) {
  const view = useSessionView(sessionId, transport);
  const patchView = useView((s) => s.patchView);
  const tabs = SIDE_PANELS.filter((p) => !p.only || p.only === transport);
  const activePanel = tabs.find((p) => p.id === view.sideTab) ?? tabs[0]!;
  const active = activePanel.id;
  const choose = (id: SideTab) => patchView(sessionId, transport, { sideTab: id });
  const fold = useTabFolding(
    tabs.map((t) => t.id),
    active,
  );
  const shown = tabs.filter((t) => !fold.hidden.includes(t.id));
  const hidden = tabs.filter((t) => fold.hidden.includes(t.id));
  const [menuAt, setMenuAt] = useState<{ x: number; y: number } | null>(null);
  const listRef = useRef<HTMLDivElement>(null);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = shown.findIndex((t) => t.id === active);
    let next: (typeof shown)[number] | undefined;
    if (e.key === 'ArrowRight') next = shown[(i + 1) % shown.length];
    else if (e.key === 'ArrowLeft') next = shown[(i - 1 + shown.length) % shown.length];
    else if (e.key === 'Home') next = shown[0];
    else if (e.key === 'End') next = shown[shown.length - 1];
    if (!next) return;
    e.preventDefault();
    choose(next.id);
    const id = next.id;
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLElement>(`[data-panel="${id}"]`)?.focus());
  };

  return (
    <aside className="side-pane">
      <div className="subtabs-bar" ref={fold.barRef}>
        <div role="tablist" aria-label="Panels" className="subtabs" ref={listRef} onKeyDown={onKeyDown}>
          {shown.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              data-panel={t.id}
              aria-selected={t.id === active}
              tabIndex={t.id === active ? 0 : -1}
              className={t.id === active ? 'active' : ''}
              onClick={() => choose(t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
        {hidden.length > 0 && (
          <button
            type="button"
            className="subtabs-more"
            aria-haspopup="menu"
            aria-expanded={menuAt !== null}
            onClick={(e) => setMenuAt(menuAt ? null : menuBelow(e.currentTarget))}
          >
            More ▾
          </button>
        )}
        <div className="subtabs-measure" aria-hidden="true" ref={fold.measureRef}>
          {tabs.map((t) => (
            <span key={t.id} data-panel={t.id}>
              {t.label}
            </span>
          ))}
        </div>
      </div>
      {/* Opened like the Record menu (menuBelow); only its label and items are its own. */}
      {menuAt && (
        <Menu
          label="More panels"
          at={menuAt}
          onClose={() => setMenuAt(null)}
          items={hidden.map((t) => ({ label: t.label, onSelect: () => choose(t.id) }))}
        />
      )}
      <div role="tabpanel" className="side-body" aria-label={activePanel.label}>
        {activePanel.render({ sessionId, selectedSeq: view.selectedSeq })}
      </div>
    </aside>
  );
}

/** Room kept for the "More" button when some tabs fold away. */
const MORE_WIDTH = 84;
const TAB_GAP = 2;

/**
 * Which tabs fold into the menu at the bar's current width: as many as fit stay, in order, and
 * the selected one takes the last place when it would otherwise fold. Widths are measured from
 * hidden copies of the labels, so a folded tab still has its width known.
 */
function useTabFolding(ids: SideTab[], active: SideTab) {
  const barRef = useRef<HTMLDivElement>(null);
  const measureRef = useRef<HTMLDivElement>(null);
  const [barWidth, setBarWidth] = useState(Number.POSITIVE_INFINITY);
  const [widths, setWidths] = useState<Partial<Record<SideTab, number>>>({});
  useLayoutEffect(() => {
    const bar = barRef.current;
    const measure = measureRef.current;
    if (!bar || !measure) return;
    // Observing both: the bar's width changes with the window, the copies' with the tabs shown.
    // The observer also reports once right away, which does the first measurement.
    const observer = new ResizeObserver(() => {
      const measured: Partial<Record<SideTab, number>> = {};
      for (const el of measure.querySelectorAll<HTMLElement>('[data-panel]')) {
        measured[el.dataset.panel as SideTab] = Math.ceil(el.getBoundingClientRect().width);
      }
      setWidths(measured);
      setBarWidth(bar.clientWidth);
    });
    observer.observe(bar);
    observer.observe(measure);
    return () => observer.disconnect();
  }, []);
  const total = ids.reduce((sum, id) => sum + (widths[id] ?? 0) + TAB_GAP, 0);
  if (total <= barWidth) return { barRef, measureRef, hidden: [] as SideTab[] };
  const room = barWidth - MORE_WIDTH;
  const shown: SideTab[] = [];
  let used = 0;
  for (const id of ids) {
    const w = (widths[id] ?? 0) + TAB_GAP;
    if (used + w > room) break;
    shown.push(id);
    used += w;
  }
  if (!shown.includes(active)) {
    // The selected tab stays visible: it replaces the last ones that fit until it fits itself.
    while (shown.length > 0 && used + (widths[active] ?? 0) + TAB_GAP > room) {
      used -= (widths[shown.pop()!] ?? 0) + TAB_GAP;
    }
    shown.push(active);
  }
  return { barRef, measureRef, hidden: ids.filter((id) => !shown.includes(id)) };
}
