/**
 * A byte count for people, in binary units: "512 B", "1.5 KiB", "150 KiB", "3.2 GiB" (one
 * decimal below 100, none from 100 up); "–" for a count that is not a number. The one
 * definition used by the CLI's summaries and every panel of the renderer.
 */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (n < 1024) return `${Math.round(n)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`;
}
