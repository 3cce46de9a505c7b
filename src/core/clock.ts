/** Wall-clock ms since the epoch with sub-ms precision; taken the moment bytes arrive. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}
