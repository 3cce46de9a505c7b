import { useRef } from 'react';
import { visibleLineEndings } from '../lib/raw-block';
import { useScrollToMark } from '../lib/use-scroll-to-mark';

/**
 * Raw wire text with CR/LF drawn as ␍/␊; the [start, end) range is highlighted (the event's block)
 * and scrolled into view, however far into a large chunk it lies.
 */
export function RawText({ text, highlight }: { text: string; highlight: [number, number] | null }) {
  const ref = useRef<HTMLPreElement>(null);
  useScrollToMark(ref, `${highlight?.join('-') ?? ''} ${text}`);
  const parts: Array<{ text: string; hl: boolean }> = highlight
    ? [
        { text: text.slice(0, highlight[0]), hl: false },
        { text: text.slice(highlight[0], highlight[1]), hl: true },
        { text: text.slice(highlight[1]), hl: false },
      ]
    : [{ text, hl: false }];
  return (
    <pre ref={ref} className="raw-text" aria-label="Raw bytes">
      {parts.map((p, i) =>
        p.text ? (
          <span key={i} className={p.hl ? 'raw-hl' : undefined}>
            {visibleLineEndings(p.text).map((s, j) =>
              s.ctrl ? (
                <span key={j} className="ctrl">
                  {s.text}
                </span>
              ) : (
                s.text
              ),
            )}
          </span>
        ) : null,
      )}
    </pre>
  );
}
