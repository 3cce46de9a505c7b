import { useCallback, useEffect, useRef, useState, type HTMLAttributes, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Menu } from '../../components/Menu';
import { requestToDraft } from '../../lib/request-draft';
import { closeTab, connectDraft, newSession } from '../../lib/session-actions';
import { useRequest } from '../../stores/request';
import { useSessions } from '../../stores/sessions';
import { useView } from '../../stores/view';
import { StatusPill } from './StatusPill';
import { tabLabels } from './tab-label';
import { focusUrlField } from '../../lib/url-field';

interface MenuState {
  id: string;
  at: { x: number; y: number };
}

/**
 * One tab per session with its status pill; "+" shows the launcher for a new connection. The
 * strip is one Tab stop: arrow keys, Home and End move between tabs (roving tabindex), Delete
 * closes one, the context menu (right click, Shift+F10 or the menu key) duplicates, renames or
 * closes. Middle-click closes. When the tabs overflow, arrow buttons at both ends scroll them.
 */
export function SessionTabs() {
  const order = useSessions(useShallow((s) => s.order));
  const activeId = useSessions((s) => s.activeId);
  const hasCompare = useView((s) => s.compare !== null);
  const showCompare = useView((s) => s.showCompare);
  // Flat [label, tooltip, label, tooltip, …]: strings, so the selector's result compares cheaply.
  const texts = useSessions(
    useShallow((s) => {
      const names = useView.getState().tabNames;
      const infos = s.order.map((id) => s.sessions[id]).filter((i) => i !== undefined);
      return tabLabels(
        infos,
        infos.map((i) => names[i.id]),
      ).flatMap((l) => [l.label, l.tooltip]);
    }),
  );
  // Names live in the view store: re-render when one changes.
  useView((s) => s.tabNames);
  const [menu, setMenu] = useState<MenuState | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const scroll = useTabScroll(listRef, order.length + (hasCompare ? 1 : 0));

  const select = (id: string) => {
    useSessions.getState().setActive(id);
    useView.getState().setShowCompare(false);
    const info = useSessions.getState().sessions[id];
    // The request bar follows the tab, so Connect reopens what this tab shows.
    if (info && info.source === 'live') useRequest.getState().replace(requestToDraft(info.request));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const tabs = [...(listRef.current?.querySelectorAll<HTMLElement>('[role="tab"]') ?? [])];
    const i = tabs.findIndex((t) => t.contains(document.activeElement));
    if (i < 0 || (e.target as HTMLElement).tagName === 'INPUT') return;
    let next: HTMLElement | undefined;
    if (e.key === 'ArrowRight') next = tabs[(i + 1) % tabs.length];
    else if (e.key === 'ArrowLeft') next = tabs[(i - 1 + tabs.length) % tabs.length];
    else if (e.key === 'Home') next = tabs[0];
    else if (e.key === 'End') next = tabs[tabs.length - 1];
    else if (e.key === 'Delete' && tabs[i]!.dataset.sessionId) {
      e.preventDefault();
      const goes = tabs[i]!.dataset.sessionId;
      void closeTab(goes).then(() => focusSelectedTab(listRef.current));
      return;
    } else if ((e.key === 'F10' && e.shiftKey) || e.key === 'ContextMenu') {
      const id = tabs[i]!.dataset.sessionId;
      if (!id) return;
      e.preventDefault();
      const r = tabs[i]!.getBoundingClientRect();
      setMenu({ id, at: { x: r.left, y: r.bottom } });
      return;
    } else return;
    e.preventDefault();
    next?.focus();
    // Selection follows focus: the strip behaves like one control with a current value.
    next?.click();
  };

  const sessionCount = order.length;
  const anySelected = showCompare || order.includes(activeId ?? '');
  useNewProxyTabsInView(listRef, order, !anySelected);
  const menuInfo = menu ? useSessions.getState().sessions[menu.id] : undefined;
  return (
    <nav className="tabs" aria-label="Sessions">
      {scroll.overflowing && <ScrollButton side="left" disabled={!scroll.canLeft} onClick={() => scroll.by(-1)} />}
      <div ref={listRef} role="tablist" aria-label="Session tabs" className="tablist" onKeyDown={onKeyDown}>
        {order.map((id, i) => (
          <SessionTab
            key={id}
            id={id}
            label={texts[i * 2] ?? id}
            tooltip={texts[i * 2 + 1] ?? id}
            active={!showCompare && id === activeId}
            focusable={!showCompare && id === activeId ? true : !anySelected && i === 0}
            renaming={renaming === id}
            onSelect={() => select(id)}
            onMenu={(at) => setMenu({ id, at })}
            onRenamed={() => setRenaming(null)}
          />
        ))}
        {hasCompare && (
          <CompareTab selected={showCompare} focusable={showCompare || (!anySelected && sessionCount === 0)} />
        )}
      </div>
      {scroll.overflowing && <ScrollButton side="right" disabled={!scroll.canRight} onClick={() => scroll.by(1)} />}
      <button
        type="button"
        className="new-tab"
        aria-label="New session"
        title="New session from a clean request (shows the launcher)"
        onClick={() => {
          newSession();
          // The launcher's first step is the URL: the focus goes there, not back to "+".
          focusUrlField();
        }}
      >
        +
      </button>
      {menu && (
        <Menu
          label="Tab actions"
          at={menu.at}
          onClose={() => setMenu(null)}
          items={[
            {
              label: 'Duplicate',
              disabled: menuInfo?.source !== 'live' || menuInfo.proxy !== undefined,
              onSelect: () => {
                if (menuInfo) void connectDraft(requestToDraft(menuInfo.request));
              },
            },
            { label: 'Rename…', onSelect: () => setRenaming(menu.id) },
            { label: 'Close', onSelect: () => void closeTab(menu.id) },
            {
              label: 'Close others',
              disabled: sessionCount < 2,
              onSelect: () => {
                for (const other of order) if (other !== menu.id) void closeTab(other);
                select(menu.id);
              },
            },
          ]}
        />
      )}
    </nav>
  );
}

function focusSelectedTab(list: HTMLElement | null): void {
  list?.querySelector<HTMLElement>('[role="tab"][tabindex="0"]')?.focus();
}

interface TabProps {
  id: string;
  label: string;
  tooltip: string;
  active: boolean;
  /** The strip's one Tab stop: the selected tab, or the first when none is selected. */
  focusable: boolean;
  renaming: boolean;
  onSelect(): void;
  onMenu(at: { x: number; y: number }): void;
  onRenamed(): void;
}

interface StripTabProps extends Omit<HTMLAttributes<HTMLDivElement>, 'onClick' | 'onKeyDown'> {
  active: boolean;
  focusable: boolean;
  onSelect(): void;
}

/**
 * One tab of the strip: selected by a click, or by Enter or Space on the tab itself (not in a
 * rename box inside it); the strip's one Tab stop when `focusable`. A new or selected tab may sit
 * beyond the scrolled strip: it is brought into view when it becomes active.
 */
function StripTab({ active, focusable, onSelect, children, ...rest }: StripTabProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (active) ref.current?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [active]);
  return (
    <div
      {...rest}
      ref={ref}
      role="tab"
      aria-selected={active}
      tabIndex={focusable ? 0 : -1}
      className={`tab ${active ? 'active' : ''}`}
      onClick={onSelect}
      onKeyDown={(e) => {
        if ((e.key === 'Enter' || e.key === ' ') && e.target === e.currentTarget) {
          e.preventDefault();
          onSelect();
        }
      }}
    >
      {children}
    </div>
  );
}

function SessionTab({ id, label, tooltip, active, focusable, renaming, onSelect, onMenu, onRenamed }: TabProps) {
  const transport = useSessions((s) => s.sessions[id]?.transport ?? 'sse');
  const source = useSessions((s) => s.sessions[id]?.source ?? 'live');
  const recording = useSessions((s) => s.sessions[id]?.recording ?? false);
  const proxied = useSessions((s) => s.sessions[id]?.proxy !== undefined);
  const proxyStatus = useSessions((s) => s.sessions[id]?.proxy?.status ?? null);
  return (
    <StripTab
      active={active}
      focusable={focusable}
      onSelect={onSelect}
      data-session-id={id}
      onMouseDown={(e) => {
        // No auto-scroll cursor on middle-click: it closes the tab.
        if (e.button === 1) e.preventDefault();
      }}
      onAuxClick={(e) => {
        if (e.button !== 1) return;
        e.preventDefault();
        void closeTab(id);
      }}
      onContextMenu={(e) => {
        e.preventDefault();
        onMenu({ x: e.clientX, y: e.clientY });
      }}
      title={tooltip}
      aria-keyshortcuts="Delete Shift+F10"
    >
      <span className="tab-kind">{source === 'replay' ? 'REPLAY' : proxied ? 'PROXY' : transport.toUpperCase()}</span>
      {recording && <span className="rec-dot" aria-label="recording" />}
      {renaming ? <RenameBox id={id} initial={label} onDone={onRenamed} /> : <TabTitle label={label} />}
      {proxyStatus !== null && (
        <span className="tab-http-status" title="HTTP status from the upstream">
          {proxyStatus}
        </span>
      )}
      <StatusPill sessionId={id} />
      {/* A mouse shortcut only: inside a tab a focusable button would be nested interactive
          content; keyboard and screen reader users close with Delete or the tab's menu. */}
      <span
        className="tab-close"
        aria-hidden="true"
        title="Close (Delete)"
        onClick={(e) => {
          e.stopPropagation();
          void closeTab(id);
        }}
      >
        ×
      </span>
    </StripTab>
  );
}

/** The host gives way first when the tab is narrow: the path is what tells neighbours apart. */
function TabTitle({ label }: { label: string }) {
  const slash = label.indexOf('/');
  if (slash <= 0) return <span className="tab-title">{label}</span>;
  return (
    <span className="tab-title">
      <span className="tab-host">{label.slice(0, slash)}</span>
      <span className="tab-path">{label.slice(slash)}</span>
    </span>
  );
}

function RenameBox({ id, initial, onDone }: { id: string; initial: string; onDone(): void }) {
  const [value, setValue] = useState(useView.getState().tabNames[id] ?? initial);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  const finish = (save: boolean) => {
    if (save) useView.getState().renameTab(id, value);
    // Back to the tab itself, so the keyboard user carries on from there.
    ref.current?.closest<HTMLElement>('[role="tab"]')?.focus();
    onDone();
  };
  return (
    <input
      ref={ref}
      className="tab-rename"
      aria-label="Tab name"
      value={value}
      size={Math.max(8, Math.min(30, value.length))}
      onChange={(e) => setValue(e.target.value)}
      onClick={(e) => e.stopPropagation()}
      onBlur={() => finish(true)}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter') finish(true);
        else if (e.key === 'Escape') {
          e.nativeEvent.stopImmediatePropagation();
          finish(false);
        }
      }}
    />
  );
}

function CompareTab({ selected, focusable }: { selected: boolean; focusable: boolean }) {
  return (
    <StripTab active={selected} focusable={focusable} onSelect={() => useView.getState().setShowCompare(true)}>
      SSE vs WS
    </StripTab>
  );
}

/**
 * A request through an Intercept proxy opens its tab without selecting it (an app making many
 * requests must not pull the view away); the launcher, where Intercept runs, says "opens a tab
 * here", so while it shows, the newest proxy tab is kept in view, also as the strip and its tabs
 * change width. With a tab selected, that tab keeps its place in view instead.
 */
function useNewProxyTabsInView(
  ref: React.RefObject<HTMLDivElement | null>,
  order: readonly string[],
  launcherShown: boolean,
): void {
  // Tabs there before: null until the first render, so the tabs a page loads with are not "new".
  const known = useRef<ReadonlySet<string> | null>(null);
  const newest = useRef<string | null>(null);
  useEffect(() => {
    const before = known.current;
    known.current = new Set(order);
    // Once a tab is selected, the tab that was newest is no longer news.
    if (!launcherShown) {
      newest.current = null;
      return;
    }
    if (before !== null) {
      const sessions = useSessions.getState().sessions;
      const added = order.filter((id) => !before.has(id) && sessions[id]?.proxy !== undefined).at(-1);
      if (added !== undefined) newest.current = added;
    }
    const list = ref.current;
    const id = newest.current;
    const tab = id === null ? null : list?.querySelector(`[data-session-id="${CSS.escape(id)}"]`);
    if (!list || !tab) return;
    const show = () => tab.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    // Called once now, then whenever the strip's width (the scroll arrows appear) or a tab's (a
    // status, a pill) changes and moves the tab.
    const observer = new ResizeObserver(show);
    observer.observe(list);
    for (const child of list.children) observer.observe(child);
    return () => observer.disconnect();
  }, [ref, order, launcherShown]);
}

/** Whether the strip overflows, whether it can scroll either way, and a scroll by most of a page. */
function useTabScroll(ref: React.RefObject<HTMLDivElement | null>, count: number) {
  const [state, setState] = useState({ overflowing: false, canLeft: false, canRight: false });
  const measure = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    const next = {
      overflowing: el.scrollWidth > el.clientWidth + 1,
      canLeft: el.scrollLeft > 0,
      canRight: el.scrollLeft + el.clientWidth < el.scrollWidth - 1,
    };
    setState((s) =>
      s.overflowing === next.overflowing && s.canLeft === next.canLeft && s.canRight === next.canRight ? s : next,
    );
  }, [ref]);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    el.addEventListener('scroll', measure, { passive: true });
    return () => {
      observer.disconnect();
      el.removeEventListener('scroll', measure);
    };
  }, [ref, measure, count]);
  return {
    ...state,
    by(direction: -1 | 1) {
      const el = ref.current;
      if (el) el.scrollBy({ left: direction * Math.max(120, el.clientWidth * 0.8) });
    },
  };
}

/** The arrows either side of an overflowing tab strip (out of the Tab order: the keys scroll too). */
function ScrollButton({ side, disabled, onClick }: { side: 'left' | 'right'; disabled: boolean; onClick: () => void }) {
  return (
    <button
      type="button"
      className="tab-scroll"
      aria-label={`Scroll tabs ${side}`}
      tabIndex={-1}
      disabled={disabled}
      onClick={onClick}
    >
      {side === 'left' ? '‹' : '›'}
    </button>
  );
}
