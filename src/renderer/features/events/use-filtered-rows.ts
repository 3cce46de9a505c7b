import { useMemo, useRef } from 'react';
import type { FilteredIndex } from '../../lib/filtered-index';
import { compileFilter, type CompiledFilter, type ListFilterSpec } from '../../lib/record-filter';
import { getListIndex } from '../../lib/list-index';
import { getRecords, useSessionVersion } from '../../stores/sessions';

export interface FilteredRows {
  index: FilteredIndex;
  count: number;
  compiled: CompiledFilter;
  /** Records in the renderer's ring (all kinds) when the view was last brought up to date. */
  total: number;
}

/**
 * The list's rows for the current version and filter. Only new records are tested per batch;
 * while paused the index stops at the record where the pause began, so the view stays frozen as
 * records keep arriving (changing the filter still applies to what is shown).
 */
export function useFilteredRows(sessionId: string, spec: ListFilterSpec, paused: boolean): FilteredRows {
  const version = useSessionVersion(sessionId);
  const compiled = useMemo(() => compileFilter(spec), [spec]);
  // Where the view froze: a paused list may still be re-filtered, but only up to this point.
  const frozenAt = useRef<number | null>(null);
  return useMemo(() => {
    const index = getListIndex(sessionId);
    const ring = getRecords(sessionId);
    if (paused) frozenAt.current ??= ring.total;
    else frozenAt.current = null;
    index.update(ring, compiled, frozenAt.current ?? ring.total);
    return { index, count: index.count, compiled, total: ring.length };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version says when the ring, mutated in place, changed
  }, [sessionId, compiled, paused, version]);
}
