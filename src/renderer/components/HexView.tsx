import { hexDump } from '../lib/raw-block';

/** A hex dump of bytes (first 4 KiB). */
export function HexView({ bytes }: { bytes: Uint8Array }) {
  const { lines, truncated } = hexDump(bytes);
  return (
    <pre className="hex-view" aria-label="Hex">
      {lines.join('\n')}
      {truncated && `\n… ${bytes.byteLength - 4096} more bytes`}
    </pre>
  );
}
