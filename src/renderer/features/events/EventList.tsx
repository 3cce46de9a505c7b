import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useRef, type CSSProperties, type KeyboardEvent } from 'react';
import { getRecords } from '../../stores/sessions';
import { useSessionView, useView } from '../../stores/view';
import { EventRow, ROW_HEIGHT } from './EventRow';
import { ListHeader } from './ListHeader';
import { listTemplate, useLayout } from '../../stores/layout';
import { JumpToLatest } from './JumpToLatest';
import type { FilteredRows } from './use-filtered-rows';
import type { Transport } from '../../../shared/records';

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

const clampTop = (el: HTMLElement, top: number) => Math.max(0, Math.min(top, el.scrollHeight - el.clientHeight));

function setScrollTop(el: HTMLElement, top: number): void {
  const target = clampTop(el, top);
  if (Math.abs(el.scrollTop - target) < 1) return;
  el.scrollTop = target;
  // Let the virtualiser read the new offset now, so the rows in view are rendered before the
  // next paint instead of after the browser's scroll event (a frame of blank or wrong rows).
  el.dispatchEvent(new Event('scroll'));
}

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

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  /** Where the list itself keeps the view: the bottom while following, else the anchor's place. */
  const heldTop = (el: HTMLElement): number | null => {
    if (following) return clampTop(el, el.scrollHeight);
    const a = anchor.current;
    return a ? clampTop(el, index.rowAtOrAfter(ring, a.seq) * ROW_HEIGHT - a.offset) : null;
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

  const follow = useCallback(() => {
    anchor.current = null;
    patchView(sessionId, transport, { followPausedAt: null });
    const el = scrollRef.current;
    if (el) setScrollTop(el, el.scrollHeight);
  }, [patchView, sessionId, transport]);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || count === 0) return;
    if (following) {
      setScrollTop(el, el.scrollHeight);
      return;
    }
    // Back on this tab: no anchor yet, so put the selected row (or where following stopped) in view.
    anchor.current ??= { seq: view.selectedSeq ?? view.followPausedAt ?? 0, offset: Math.round(el.clientHeight / 3) };
    const a = anchor.current;
    setScrollTop(el, index.rowAtOrAfter(ring, a.seq) * ROW_HEIGHT - a.offset);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- rows changes once per batch; the ring is read in place
  }, [count, rows, following]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    // Scroll events the list caused (keeping its place, or the browser clamping after rows left)
    // land where the list holds the view: only a move away from there is the user's.
    const held = heldTop(el);
    if (held !== null && Math.abs(el.scrollTop - held) < 1) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 1.5;
    if (atBottom) {
      if (!following) follow();
      return;
    }
    stopFollowing(view.selectedSeq);
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
    const top = next * ROW_HEIGHT;
    if (top < el.scrollTop) setScrollTop(el, top);
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) setScrollTop(el, top + ROW_HEIGHT - el.clientHeight);
    select(rec.seq);
  };

  const items = virtualizer.getVirtualItems();
  const columns = useLayout((s) => s.columns);
  const fresh = following ? 0 : count - index.rowAtOrAfter(ring, (view.followPausedAt ?? 0) + 1);
  return (
    <div
      className="event-list"
      style={{ '--ev-columns': listTemplate(columns, rows.compiled.column !== null) } as CSSProperties}
    >
      <ListHeader valuePath={rows.compiled.column?.path ?? null} />
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
        <div role="rowgroup" className="ev-body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const record = index.rowRecord(ring, item.index);
            const prev = item.index > 0 ? index.rowRecord(ring, item.index - 1) : undefined;
            return (
              <EventRow
                key={item.key}
                record={record}
                prevT={prev?.t}
                rowIndex={item.index}
                top={item.start}
                selected={record !== undefined && record.seq === view.selectedSeq}
                onSelect={select}
                find={rows.compiled.highlight}
                column={rows.compiled.column}
              />
            );
          })}
        </div>
      </div>
      {!following && <JumpToLatest fresh={fresh} onJump={follow} />}
    </div>
  );
}
