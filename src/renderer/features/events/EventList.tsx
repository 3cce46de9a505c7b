import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useRef, type CSSProperties, type KeyboardEvent } from 'react';
import { getRecords } from '../../stores/sessions';
import { useSessionView, useView } from '../../stores/view';
import { EventRow, ROW_HEIGHT } from './EventRow';
import { ListHeader } from './ListHeader';
import { listTemplate, useLayout } from '../../stores/layout';
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

/**
 * The virtualised live list (a grid named "Events", one row per record shown). It follows new
 * rows only while the user is scrolled to the bottom; scrolling up holds the view still.
 */
export function EventList({ sessionId, transport, rows }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const view = useSessionView(sessionId, transport);
  const patchView = useView((s) => s.patchView);
  const { count, index } = rows;
  const ring = getRecords(sessionId);

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && atBottom.current && count > 0) el.scrollTop = el.scrollHeight;
  }, [count, rows]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 1.5;
  };

  const select = useCallback(
    (seq: number) => patchView(sessionId, transport, { selectedSeq: seq }),
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
    // Find the selected row (search near the end first: selection usually follows the tail).
    let row = -1;
    if (view.selectedSeq !== null) {
      for (let i = count - 1; i >= 0; i--) {
        const r = index.rowRecord(ring, i);
        if (r && r.seq <= view.selectedSeq) {
          row = r.seq === view.selectedSeq ? i : -1;
          break;
        }
      }
    }
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / ROW_HEIGHT) - 1);
    const next = Math.max(0, Math.min(count - 1, targetRow(e.key, row, count, page)));
    const rec = index.rowRecord(ring, next);
    if (rec) {
      // Moving off the last row stops following the tail now, not after the scroll event
      // arrives: the re-render this selection causes would otherwise jump back to the bottom.
      atBottom.current = next === count - 1;
      select(rec.seq);
      virtualizer.scrollToIndex(next);
    }
  };

  const items = virtualizer.getVirtualItems();
  const columns = useLayout((s) => s.columns);
  return (
    <div className="event-list" style={{ '--ev-columns': listTemplate(columns) } as CSSProperties}>
      <ListHeader />
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
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
