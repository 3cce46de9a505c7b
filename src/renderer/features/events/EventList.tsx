import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import { getRecords } from '../../stores/sessions';
import { useSessionView, useView } from '../../stores/view';
import { EventRow, ROW_HEIGHT } from './EventRow';
import type { FilteredRows } from './use-filtered-rows';
import type { Transport } from '../../../shared/records';

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
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
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
    const next = Math.max(0, Math.min(count - 1, row < 0 ? count - 1 : row + (e.key === 'ArrowDown' ? 1 : -1)));
    const rec = index.rowRecord(ring, next);
    if (rec) {
      select(rec.seq);
      virtualizer.scrollToIndex(next);
    }
  };

  const items = virtualizer.getVirtualItems();
  return (
    <div className="event-list">
      <div className="ev-head" aria-hidden="true">
        <span className="c-seq">#</span>
        <span className="c-time">time</span>
        <span className="c-delta">Δ</span>
        <span className="c-type">type</span>
        <span className="c-id">id</span>
        <span className="c-size">size</span>
        <span className="c-data">data</span>
      </div>
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
