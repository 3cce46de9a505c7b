/**
 * Test polling, one shape everywhere: `until(what, probe, timeoutMs)` calls `probe` (sync or
 * async) until it gives something other than undefined, null or false, and resolves with that;
 * after `timeoutMs` it rejects with "timed out waiting for <what>". Assert on state this way, never
 * on a fixed sleep: it holds on a loaded machine and returns as soon as the state is there.
 */
export async function until<T>(
  what: string,
  probe: () => T | false | null | undefined | Promise<T | false | null | undefined>,
  timeoutMs = 10_000,
  everyMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
