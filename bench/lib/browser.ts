/**
 * Launches Debian's Chromium headless for the UI rows, through playwright-core, WITHOUT DevTools
 * network tracking: nothing here enables the CDP Network domain or listens to page
 * 'request'/'response' events, which on their own slow Chromium's network path ~10×.
 * `--enable-precise-memory-info` makes performance.memory report unquantised heap sizes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium here; CI on other systems points CHROMIUM_PATH at the Chrome its runners carry. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Flags for Debian's Chromium on these machines: no sandbox as root, no GPU, and no
 * background networking, which the closed network would refuse by the hundred. Shared with the
 * E2E harness.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BenchBrowser {
  context: BrowserContext;
  /** A fresh page (tab) in the one persistent context. */
  newPage(): Promise<Page>;
  /** Chromium's version string, for the report. */
  version(): string;
  close(): Promise<void>;
}

export async function launchBenchBrowser(): Promise<BenchBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'streamscope-bench-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      viewport: { width: 1280, height: 800 },
      timeout: 60_000,
      args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
    });
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
  let closed = false;
  return {
    context,
    newPage: () => context.newPage(),
    version: () => context.browser()?.version() ?? 'chromium',
    async close() {
      if (closed) return;
      closed = true;
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Offset of the page's wall clock (performance.timeOrigin + performance.now()) from Node's, by a
 * round trip: the page's reading is compared with the midpoint of Node's readings before and
 * after. Returns the median offset (page − node, ms) and the median round trip over `samples`.
 */
export async function measureClockOffset(page: Page, samples = 15): Promise<{ offsetMs: number; rttMs: number }> {
  const offsets: { offset: number; rtt: number }[] = [];
  for (let i = 0; i < samples; i++) {
    const before = performance.timeOrigin + performance.now();
    const pageNow = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = performance.timeOrigin + performance.now();
    offsets.push({ offset: pageNow - (before + after) / 2, rtt: after - before });
  }
  // The tightest round trips bound the offset best; take the median of the better half.
  offsets.sort((a, b) => a.rtt - b.rtt);
  const best = offsets.slice(0, Math.max(1, Math.ceil(offsets.length / 2)));
  const sortedOff = best.map((o) => o.offset).sort((a, b) => a - b);
  return { offsetMs: sortedOff[Math.floor(sortedOff.length / 2)]!, rttMs: best[Math.floor(best.length / 2)]!.rtt };
}

export interface ProfileSummary {
  /** The raw .cpuprofile (Chrome DevTools format). */
  profile: unknown;
  /** Sampled ms. */
  totalMs: number;
  /** Functions by self time, largest first: "name file:line". */
  top: { name: string; ms: number }[];
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Samples the page's main thread with the CDP Profiler (not the Network domain) until the
 * returned stop() is called; stop() summarises self time per function.
 */
export async function startCpuProfile(page: Page): Promise<{ stop(): Promise<ProfileSummary> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return {
    async stop() {
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
      await cdp.detach();
      const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
      const self = new Map<string, number>();
      let totalMs = 0;
      profile.samples.forEach((id, i) => {
        const cf = frames.get(id);
        const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
        totalMs += ms;
        if (!cf) return;
        const key =
          `${cf.functionName || '(anonymous)'} ${cf.url ? `${cf.url.split('/').pop()}:${cf.lineNumber + 1}` : ''}`.trim();
        self.set(key, (self.get(key) ?? 0) + ms);
      });
      const top = [...self.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12)
        .map(([name, ms]) => ({ name, ms }));
      return { profile, totalMs, top };
    },
  };
}
