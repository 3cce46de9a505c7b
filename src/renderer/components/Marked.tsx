import type { MatchFinder } from '../lib/record-filter';

/**
 * Text with the filter's matches wrapped in <mark>: the string is split into text nodes and
 * mark elements, never parsed as markup.
 */
export function Marked({ text, find }: { text: string; find: MatchFinder | null | undefined }) {
  const ranges = find ? find(text) : [];
  if (ranges.length === 0) return <>{text}</>;
  const parts: Array<string | { mark: string }> = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at) continue;
    if (start > at) parts.push(text.slice(at, start));
    parts.push({ mark: text.slice(start, end) });
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return (
    <>
      {parts.map((p, i) =>
        typeof p === 'string' ? (
          p
        ) : (
          <mark key={i} className="filter-match">
            {p.mark}
          </mark>
        ),
      )}
    </>
  );
}
