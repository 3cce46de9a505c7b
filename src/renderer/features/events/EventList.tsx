import {
  useCallback,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type UIEvent,
} from 'react';
import { flushSync } from 'react-dom';
import { getRecords } from '../../stores/sessions';
import { useSessionView, useView } from '../../stores/view';
import { EventRow, ROW_HEIGHT } from './EventRow';
import { ListHeader } from './ListHeader';
import { fitColumns, listTemplate, useLayout } from '../../stores/layout';
import { JumpToLatest } from './JumpToLatest';
import { rowWindow, useViewportSize } from './use-row-window';
import type { FilteredRows } from './use-filtered-rows';
import type { Transport } from '#shared/records';

const NAV_KEYS = new Set(['ArrowDown', 'ArrowUp', 'Home', 'End', 'PageDown', 'PageUp']);

/** The row a navigation key moves the selection to (unclamped); with no selection, the newest row. */
function targetRow(key: string, row: number, count: number, page: number): number {
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  if (row < 0) return count - 1;
  if (key === 'ArrowDown') return row + 1;
  if (key === 'ArrowUp') return row - 1;
  return key === 'PageDown' ? row + page : row - page;
}

interface Props {
  sessionId: string;
  transport: Transport;
  rows: FilteredRows;
}

/** A row kept in place while the list does not follow: its record, and its top relative to the viewport. */
interface Anchor {
  seq: number;
  offset: number;
}

/** Rows rendered beyond each edge of the view while the user scrolls (one while following: see below). */
const OVERSCAN = 12;

/**
 * The virtualised live list (a grid named "Events", one row per record shown). It follows new rows
 * until the user selects a row or scrolls up; from then on the view is anchored on a record (the
 * selected one while it is in view, else the top row), not on an index, so what is on screen
 * stays put while rows are appended and the buffer drops its oldest. "N new · Jump to latest" (or
 * End, or scrolling back to the bottom) follows again.
 */
export function EventList({ sessionId, transport, rows }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const anchor = useRef<Anchor | null>(null);
  const view = useSessionView(sessionId, transport);
  const patchView = useView((s) => s.patchView);
  const { count, index } = rows;
  const ring = getRecords(sessionId);
  const following = view.followPausedAt === null;
  // The list's geometry is computed, never read per batch: reading the element's scroll height,
  // like writing its offset, makes the browser lay the list out there and then.
  const { width: listWidth, height: viewport } = useViewportSize(scrollRef);
  const maxTop = Math.max(0, count * ROW_HEIGHT - viewport);
  const clampTop = (top: number) => Math.max(0, Math.min(top, maxTop));
  // The scroll offset the list last wrote or saw in a scroll event (read by no render).
  const knownTop = useRef(0);
  // Re-renders the rows in view when the user scrolls to another first row.
  const [, setScrolledRow] = useState(0);

  // Back on this tab, not following: put the selected row (or where following stopped) in view.
  if (!following && anchor.current === null && count > 0 && viewport > 0)
    anchor.current = { seq: view.selectedSeq ?? view.followPausedAt ?? 0, offset: Math.round(viewport / 3) };

  /** Where the list itself keeps the view: the bottom while following, else the anchor's place. */
  const heldTop = (): number | null => {
    if (following) return maxTop;
    const a = anchor.current;
    return a ? clampTop(index.rowAtOrAfter(ring, a.seq) * ROW_HEIGHT - a.offset) : null;
  };

  /** The record to hold in place: the selected one while it is in view, else the top row. */
  const anchorFor = (el: HTMLElement, selectedSeq: number | null): Anchor | null => {
    if (selectedSeq !== null) {
      const row = index.rowAtOrAfter(ring, selectedSeq);
      const top = row * ROW_HEIGHT - el.scrollTop;
      if (index.rowRecord(ring, row)?.seq === selectedSeq && top > -ROW_HEIGHT && top < el.clientHeight)
        return { seq: selectedSeq, offset: top };
    }
    const row = Math.floor(el.scrollTop / ROW_HEIGHT);
    const record = index.rowRecord(ring, row);
    return record ? { seq: record.seq, offset: row * ROW_HEIGHT - el.scrollTop } : null;
  };

  const stopFollowing = (selectedSeq: number | null) => {
    const el = scrollRef.current;
    if (el) anchor.current = anchorFor(el, selectedSeq);
    if (!following) return;
    const newest = count > 0 ? (index.rowRecord(ring, count - 1)?.seq ?? -1) : -1;
    patchView(sessionId, transport, { followPausedAt: newest });
  };

  /** Moves the view (a user's action: reading the element's geometry here costs one layout). */
  const scrollTo = (el: HTMLElement, top: number) => {
    const target = Math.max(0, Math.min(top, el.scrollHeight - el.clientHeight));
    el.scrollTop = target;
    knownTop.current = target;
  };

  const follow = useCallback(() => {
    anchor.current = null;
    patchView(sessionId, transport, { followPausedAt: null });
    // Already following (so no render comes), but perhaps a little above the bottom.
    const el = scrollRef.current;
    if (el) {
      el.scrollTop = el.scrollHeight;
      knownTop.current = el.scrollTop;
    }
  }, [patchView, sessionId, transport]);

  // This render already shows the rows at the place the list holds, so only the offset is left to
  // write. Writing it makes the browser lay the list out there and then; the store renders the
  // views in an animation frame (stores/sessions.ts), so that is the frame's own layout, done a
  // little earlier, not a second one.
  const top = heldTop() ?? knownTop.current;
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || Math.abs(knownTop.current - top) < 1) return;
    el.scrollTop = top;
    knownTop.current = top;
  });

  const onScroll = (e: UIEvent<HTMLDivElement>) => {
    const el = scrollRef.current;
    if (!el) return;
    const at = el.scrollTop;
    // Scroll events the list caused (keeping its place, or the browser clamping after rows left)
    // land where the list holds the view, or where it last wrote (the browser's event for that
    // write comes a frame later, perhaps after a newer place is held): only a move away from
    // there is the user's. A scroll event dispatched by script moved nothing itself: only the
    // held place counts for it (the offset written for that place may not be written yet).
    const held = heldTop();
    const ours =
      (held !== null && Math.abs(at - held) < 1) || (e.nativeEvent.isTrusted && Math.abs(at - knownTop.current) < 1);
    knownTop.current = at;
    if (ours) return;
    const atBottom = el.scrollHeight - at - el.clientHeight < ROW_HEIGHT * 1.5;
    if (atBottom) {
      if (!following) follow();
    } else stopFollowing(view.selectedSeq);
    // Rendered now, before the frame is painted (as a scroll event's own update would not be).
    flushSync(() => setScrolledRow(Math.floor(at / ROW_HEIGHT)));
  };

  // Rows hold on to one stable onSelect (they are memoised); it reaches the current state through this.
  const stopFollowingNow = useRef(stopFollowing);
  stopFollowingNow.current = stopFollowing;
  const select = useCallback(
    (seq: number) => {
      patchView(sessionId, transport, { selectedSeq: seq });
      stopFollowingNow.current(seq);
    },
    [patchView, sessionId, transport],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === ' ') {
      e.preventDefault();
      patchView(sessionId, transport, { paused: !view.paused });
      return;
    }
    if (!NAV_KEYS.has(e.key) || count === 0) return;
    e.preventDefault();
    if (e.key === 'End') {
      // The newest row, and following again: End is the keyboard's "jump to latest".
      const newest = index.rowRecord(ring, count - 1);
      if (newest) patchView(sessionId, transport, { selectedSeq: newest.seq });
      follow();
      return;
    }
    let row = -1;
    if (view.selectedSeq !== null) {
      const at = index.rowAtOrAfter(ring, view.selectedSeq);
      if (index.rowRecord(ring, at)?.seq === view.selectedSeq) row = at;
    }
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / ROW_HEIGHT) - 1);
    const next = Math.max(0, Math.min(count - 1, targetRow(e.key, row, count, page)));
    const rec = index.rowRecord(ring, next);
    const el = scrollRef.current;
    if (!rec || !el) return;
    // Bring the row into view ourselves: this scroll must not read as the user's.
    const rowTop = next * ROW_HEIGHT;
    if (rowTop < el.scrollTop) scrollTo(el, rowTop);
    else if (rowTop + ROW_HEIGHT > el.scrollTop + el.clientHeight) scrollTo(el, rowTop + ROW_HEIGHT - el.clientHeight);
    select(rec.seq);
  };

  // Following a fast stream, every row in view is new in each frame, and each costs layout and
  // paint: rows out of view would be laid out for nothing (BENCHMARKS.md, row 5).
  const { from, to } = rowWindow(top, viewport, count, ROW_HEIGHT, following ? 1 : OVERSCAN);
  const rowIndexes = Array.from({ length: to - from }, (_, i) => from + i);
  const remembered = useLayout((s) => s.columns);
  const sized = useLayout((s) => s.sized);
  const columns = useMemo(() => fitColumns(remembered, sized, listWidth), [remembered, sized, listWidth]);
  const fresh = following ? 0 : count - index.rowAtOrAfter(ring, (view.followPausedAt ?? 0) + 1);
  // With nothing new and the newest row on screen (a selection in an ended session), there is
  // nothing to jump to.
  const lastRowInView = top + viewport >= count * ROW_HEIGHT;
  return (
    <div
      className="event-list"
      style={{ '--ev-columns': listTemplate(columns, rows.compiled.column !== null) } as CSSProperties}
    >
      <ListHeader columns={columns} valuePath={rows.compiled.column?.path ?? null} />
      <div
        ref={scrollRef}
        role="grid"
        aria-label="Events"
        aria-rowcount={count}
        aria-readonly="true"
        tabIndex={0}
        className="ev-scroll"
        onScroll={onScroll}
        onKeyDown={onKeyDown}
      >
        <div role="rowgroup" className="ev-body" style={{ height: count * ROW_HEIGHT }}>
          {rowIndexes.map((row) => {
            const record = index.rowRecord(ring, row);
            const prev = row > 0 ? index.rowRecord(ring, row - 1) : undefined;
            return (
              <EventRow
                key={row}
                record={record}
                prevT={prev?.t}
                rowIndex={row}
                top={row * ROW_HEIGHT}
                selected={record !== undefined && record.seq === view.selectedSeq}
                onSelect={select}
                find={rows.compiled.highlight}
                column={rows.compiled.column}
              />
            );
          })}
        </div>
      </div>
      {!following && (fresh > 0 || !lastRowInView) && <JumpToLatest fresh={fresh} onJump={follow} />}
    </div>
  );
}
