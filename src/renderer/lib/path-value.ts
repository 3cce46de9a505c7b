import { evaluateJsonPathInText, jsonValueToString, type JsonPathSegment } from '#shared/json-path';
import type { StreamRecord } from '#shared/records';
import { formatJsonPath } from './json-path-format';
import { preview } from './format';

/** Characters of a value the list's path column shows (the detail pane has the whole event). */
export const PATH_VALUE_CHARS = 120;

/** The JSON-path column of the event list: its header, and each record's value as one line of text. */
export interface PathValueReader {
  /** The path as the column's header names it. */
  readonly path: string;
  /** The value at the path ("" where the record has none), truncated; read once per record. */
  read(record: StreamRecord): string;
}

/**
 * Values are read only when a row is drawn (the list is virtualised: the rows in view) and kept
 * per record object, so a row that scrolls or re-renders does not parse its JSON again; the
 * cache lets go of records the buffer drops.
 */
export function createPathValueReader(segments: readonly JsonPathSegment[]): PathValueReader {
  const cache = new WeakMap<StreamRecord, string>();
  return {
    path: formatJsonPath(segments),
    read(record) {
      let value = cache.get(record);
      if (value === undefined) {
        value = valueAt(record, segments);
        cache.set(record, value);
      }
      return value;
    },
  };
}

function valueAt(record: StreamRecord, segments: readonly JsonPathSegment[]): string {
  if (record.kind !== 'event' && record.kind !== 'frame') return '';
  const found = evaluateJsonPathInText(record.data, segments);
  return found.found ? preview(jsonValueToString(found.value), PATH_VALUE_CHARS) : '';
}
