/**
 * Test polling, one helper everywhere: `until(what, read, ok?, timeoutMs?)`.
 *
 * `read` (sync or async) is called until its value passes `ok`, and `until` resolves with that
 * value. Without `ok` a value passes when it is not undefined, null or false. After `timeoutMs`
 * (default 20 s) it rejects with "timed out waiting for <what> (last: <value>)". Assert on state
 * this way, never on a fixed sleep: it holds on a loaded machine and returns as soon as the state
 * is there. The first polls come quickly and then space out to every 100 ms, so a short wait
 * costs little and a long one does not keep a loaded machine busy.
 */
type Awaitable<T> = T | Promise<T>;

// The real clock and timer, taken before any test can install fake timers: polling goes on in
// real time while a test drives the code's own timers with vi.advanceTimersByTime().
const realNow = Date.now;
const realSetTimeout = globalThis.setTimeout;

export function until<T>(
  what: string,
  read: () => Awaitable<T | false | null | undefined>,
  timeoutMs?: number,
): Promise<T>;
export function until<T>(
  what: string,
  read: () => Awaitable<T>,
  ok: (value: T) => boolean,
  timeoutMs?: number,
): Promise<T>;
export async function until<T>(
  what: string,
  read: () => Awaitable<T>,
  okOrTimeout?: ((value: T) => boolean) | number,
  timeoutMs?: number,
): Promise<T> {
  const ok = typeof okOrTimeout === 'function' ? okOrTimeout : isSomething;
  const timeout = (typeof okOrTimeout === 'number' ? okOrTimeout : timeoutMs) ?? 20_000;
  const deadline = realNow() + timeout;
  for (let delay = 5; ; delay = Math.min(100, delay * 2)) {
    const value = await read();
    if (ok(value)) return value;
    if (realNow() > deadline) throw new Error(`timed out waiting for ${what} (last: ${describe(value)})`);
    await new Promise((r) => realSetTimeout(r, delay));
  }
}

function isSomething(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false;
}

function describe(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** Resolves within `ms` or rejects: keeps a hung promise from eating the whole test timeout. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
