import { visibleLineEndings } from '../lib/raw-block';

/** Raw wire text with CR/LF drawn as ␍/␊; the [start, end) range is highlighted (the event's block). */
export function RawText({ text, highlight }: { text: string; highlight: [number, number] | null }) {
  const parts: Array<{ text: string; hl: boolean }> = highlight
    ? [
        { text: text.slice(0, highlight[0]), hl: false },
        { text: text.slice(highlight[0], highlight[1]), hl: true },
        { text: text.slice(highlight[1]), hl: false },
      ]
    : [{ text, hl: false }];
  return (
    <pre className="raw-text" aria-label="Raw bytes">
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
