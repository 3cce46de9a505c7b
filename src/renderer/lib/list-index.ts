import { createFilteredIndex, type FilteredIndex } from './filtered-index';

// One incremental index per session, outside React: it survives tab switches and re-renders.
const indexes = new Map<string, FilteredIndex>();

export function getListIndex(sessionId: string): FilteredIndex {
  let index = indexes.get(sessionId);
  if (!index) {
    index = createFilteredIndex();
    indexes.set(sessionId, index);
  }
  return index;
}

export function dropListIndex(sessionId: string): void {
  indexes.delete(sessionId);
}
