import { useMemo, useRef, useState } from 'react';
import { formatBytes } from '#shared/byte-size';
import { rawWindow, visibleLineEndings } from '../lib/raw-block';
import { useScrollToMark } from '../lib/use-scroll-to-mark';

/**
 * Bytes shown as text at once. Layout is what costs: Chromium lays out a long wrapped line at
 * ~1.4 ms per KiB on the shared 2-core machine (256 KiB: 360 ms), so the whole of a 5 MiB event
 * held the page for 3.7 s. This, with the data view's 32 K characters, keeps a click on such an
 * event at 0.15–0.3 s there (tests/e2e/detail-huge-event.test.ts).
 */
const RAW_TEXT_MAX_BYTES = 32 * 1024;

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Raw wire bytes as text with CR/LF drawn as ␍/␊; the [start, end) byte range is highlighted (the
 * event's block) and scrolled into view, however far into a large chunk it lies. Past
 * RAW_TEXT_MAX_BYTES a window around the highlight is shown, and a note says which bytes of how
 * many, with a button to show them all.
 */
export function RawText({ bytes, highlight }: { bytes: Uint8Array; highlight: [number, number] | null }) {
  const ref = useRef<HTMLPreElement>(null);
  // "Show all" holds for the bytes it was pressed for: the next record starts cut again.
  const [allOf, setAllOf] = useState<Uint8Array | null>(null);
  const all = allOf === bytes;
  const view = useMemo(
    () => rawWindow(bytes, highlight, all ? bytes.byteLength : RAW_TEXT_MAX_BYTES),
    [bytes, highlight, all],
  );
  useScrollToMark(ref, view);
  const total = bytes.byteLength;
  const cut = view.from > 0 || view.to < total;
  const hlCut = highlight !== null && (highlight[0] < view.from || highlight[1] > view.to);
  return (
    <>
      {cut && (
        <p className="cut-note" role="note">
          Showing bytes {count(view.from)}–{count(view.to - 1)} of {count(total)} ({formatBytes(view.to - view.from)} of{' '}
          {formatBytes(total)}){hlCut ? '; the highlighted block goes on past them' : ''}.{' '}
          <button
            type="button"
            title={`Lays out all ${formatBytes(total)} as text at once: the page may not respond for a few seconds`}
            onClick={() => setAllOf(bytes)}
          >
            Show all {formatBytes(total)}
          </button>
        </p>
      )}
      <pre ref={ref} className="raw-text" aria-label="Raw bytes">
        {view.parts.map((p, i) => (
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
        ))}
      </pre>
    </>
  );
}
