/**
 * The app's side of `streamscope watch`: the same watch service the CLI runs (its /metrics served
 * on 127.0.0.1 too), started from a config the user opened, and a live session on any of its
 * streams on request. The streams' requests (with their `${VAR}` secrets expanded from the app's
 * environment) stay in the back end; the page only sees reports.
 */
import type { InspectorApi, OpenSessionOptions, SessionInfo } from '#shared/api';
import { fail, ok, type Result } from '#shared/result';
import type { WatchOverview } from '#shared/watch';
import type { WatchService } from '../watch/watch-service';

// The watch modules bring yaml and prom-client (and OpenTelemetry's API through it): loaded when a
// config is opened, so the app and `streamscope ui` start without them.
const loadWatchModules = () => Promise.all([import('../watch/config'), import('../watch/watch-service')]);

export type WatchArea = InspectorApi['watch'] & { close(): Promise<void> };

export function createWatchArea(
  openSession: (options: OpenSessionOptions) => Promise<Result<SessionInfo>>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): WatchArea {
  let running: { name: string; service: WatchService } | null = null;

  const overview = (): WatchOverview =>
    running
      ? { configName: running.name, metricsUrl: `${running.service.url}/metrics`, streams: running.service.reports() }
      : { configName: null, metricsUrl: null, streams: [] };

  async function stop(): Promise<void> {
    const current = running;
    running = null;
    await current?.service.close();
  }

  return {
    async openText(name, text) {
      const [{ parseWatchConfig, WatchConfigError }, { startWatchService }] = await loadWatchModules();
      let config;
      try {
        config = parseWatchConfig(text, name, env);
      } catch (err) {
        if (err instanceof WatchConfigError) return fail('format', err.message);
        throw err;
      }
      await stop();
      running = { name, service: await startWatchService({ config, port: 0 }) };
      return ok(overview());
    },
    async status() {
      return ok(overview());
    },
    async openSession(stream) {
      const watched = running?.service.config().streams.find((s) => s.name === stream);
      if (!watched) return fail('not-found', `no watched stream named "${stream.slice(0, 100)}"`);
      return openSession({ request: watched.request, latencyPath: watched.latency });
    },
    async stop() {
      await stop();
      return ok(undefined);
    },
    close: stop,
  };
}
