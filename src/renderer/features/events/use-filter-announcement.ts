import { useEffect, useRef, useState } from 'react';
import type { ListFilterSpec } from '../../lib/record-filter';

/** How long typing in a filter field must pause before the new count is said. */
const SETTLE_MS = 800;

/**
 * The text of the list's live region: the match count, said once when the user's filter changes
 * (after typing settles), never per batch. The visible count changes with every batch of a stream;
 * in a live region it was queued for a screen reader some 20 times a second.
 */
export function useFilterAnnouncement(spec: ListFilterSpec, count: number, total: number): string {
  const [said, setSaid] = useState('');
  const counts = useRef({ count, total });
  counts.current = { count, total };
  const key = JSON.stringify(spec);
  const shown = useRef(key);
  useEffect(() => {
    if (shown.current === key) return;
    shown.current = key;
    const timer = setTimeout(() => {
      const { count: n, total: m } = counts.current;
      setSaid(`${n.toLocaleString()} of ${m.toLocaleString()} records match`);
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [key]);
  return said;
}
