import { useLayoutEffect, useRef, useState } from 'react';
import { hexDump, type HexSegment } from '../lib/raw-block';
import { useScrollToMark } from '../lib/use-scroll-to-mark';

// Characters per line: offset (8) + 2 + hex (3 per byte + 1) + " |" + ASCII + "|".
const lineChars = (perRow: number) => 8 + 2 + perRow * 3 + 1 + 2 + perRow + 1;

function Segments({ list }: { list: HexSegment[] }) {
  return list.map((s, i) =>
    s.hl ? (
      <span key={i} className="raw-hl">
        {s.text}
      </span>
    ) : (
      s.text
    ),
  );
}

/**
 * A hex dump of bytes (at most 4 KiB, around the highlight when there is one), 16 bytes a line,
 * or 8 where the pane is too narrow to show 16 with their ASCII column in full. The highlighted
 * bytes (an event's block) are marked in both columns and scrolled into view.
 */
export function HexView({ bytes, highlight = null }: { bytes: Uint8Array; highlight?: [number, number] | null }) {
  const ref = useRef<HTMLPreElement>(null);
  const [perRow, setPerRow] = useState(16);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const fit = () => {
      const probe = document.createElement('span');
      probe.textContent = '0'.repeat(10);
      el.appendChild(probe);
      const charWidth = probe.getBoundingClientRect().width / 10;
      probe.remove();
      const style = getComputedStyle(el);
      const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      setPerRow(charWidth > 0 && room < lineChars(16) * charWidth ? 8 : 16);
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const dump = hexDump(bytes, { perRow, highlight });
  useScrollToMark(ref, `${perRow} ${highlight?.join('-') ?? ''} ${bytes.byteLength}`);
  return (
    <pre ref={ref} className="hex-view" aria-label="Hex" data-per-row={perRow}>
      {dump.before > 0 && `… ${dump.before} bytes before\n`}
      {dump.rows.map((row, i) => (
        <span key={row.offset} className="hex-row">
          {i > 0 && '\n'}
          {row.offset}
          {'  '}
          <Segments list={row.hex} />
          {' |'}
          <span className="hex-ascii">
            <Segments list={row.ascii} />
          </span>
          {'|'}
        </span>
      ))}
      {dump.after > 0 && `\n… ${dump.after} more bytes`}
    </pre>
  );
}
