/**
 * `streamscope watch <config> [--listen host:port] [--otlp url]`: follow every configured stream
 * forever and expose what they do as Prometheus/OpenMetrics (and OTLP when asked). The first
 * stdout line is `listening http://…/metrics`. SIGHUP reloads the config (a bad one is reported
 * and the running one kept); SIGINT/SIGTERM stop cleanly with exit 0.
 */
import { isListenError, listenProblem } from '../../core/listen-problem';
import { readFile } from 'node:fs/promises';
import { numberFlag, commandArgs, requirePositionals, stringFlag } from '../args';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from '../errors';
import { createOutput, printError } from '../output';
import { parseWatchConfig, WatchConfigError, type WatchConfig } from '../../core/watch/config';
import { createOtlpMetrics } from '../../core/watch/otlp';
import { startWatchService, type WatchService } from '../../core/watch/watch-service';
import type { StreamStatus } from '../../core/watch/metrics';

const HELP = `usage: streamscope watch <config.json|config.yaml> [options]

Follows every stream of the config forever (reconnecting) and serves their metrics.
The first line printed is "listening http://<host>:<port>/metrics"; /healthz and /streams too.
SIGHUP reloads the config (unchanged streams keep their connection); Ctrl-C or SIGTERM stops.

options:
  --listen <host:port>   where /metrics listens (default 127.0.0.1:9464; port 0 picks one)
  --otlp <url>           also push the metrics over OTLP/HTTP to this endpoint
                         (e.g. http://127.0.0.1:4318/v1/metrics)
  --otlp-interval <s>    seconds between OTLP pushes (default 15)
  -h, --help             show this help

The config (JSON, or YAML for .yaml/.yml) is {"streams": [ … ]}, each stream with:
  name (required), url (required), method, headers, body, protocols, send, lastEventId,
  expect (check assertions), expectWindow (s, default 60), latency (JSON path of the send
  time, default sentAt), stallAfter (s, default 30). \${NAME} takes an environment variable.`;

export async function run(argv: string[]): Promise<number> {
  const args = commandArgs(
    argv,
    {
      listen: { type: 'string' },
      otlp: { type: 'string' },
      'otlp-interval': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    HELP,
  );
  if (!args) return EXIT_OK;
  const [file] = requirePositionals(args, ['config']);
  const { host, port } = parseListen(stringFlag(args, 'listen') ?? '127.0.0.1:9464');
  const otlpUrl = stringFlag(args, 'otlp');
  if (otlpUrl !== undefined && !/^https?:\/\//i.test(otlpUrl)) {
    throw new UsageError(`--otlp expects an http(s) URL, got "${otlpUrl}"`);
  }
  const intervalS = numberFlag(args, 'otlp-interval', { min: 0.1 }) ?? 15;

  const loaded = await loadConfig(file!);
  if (typeof loaded === 'number') return loaded;

  // Read by the OTLP pusher at each export; set once the service runs.
  let service: WatchService | null = null;
  const status = (): StreamStatus[] => service?.status() ?? [];
  const extraBackends =
    otlpUrl === undefined ? [] : [createOtlpMetrics({ url: otlpUrl, intervalMs: intervalS * 1000, status })];

  try {
    service = await startWatchService({ config: loaded, host, port, extraBackends });
  } catch (err) {
    if (isListenError(err)) {
      printError(listenProblem(err, host, port));
      return EXIT_USAGE;
    }
    throw err;
  }
  // Only once it runs: a handler installed before would outlive a failed start and swallow the
  // first Ctrl-C of a process that had nothing left to stop.
  const stopRequested = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });

  const out = createOutput();
  out.line(`listening ${service.url}/metrics`);
  await out.flush();
  if (!isLoopback(host))
    process.stderr.write(`streamscope: warning: /metrics is reachable from other machines (${host})\n`);
  for (const stream of loaded.streams) out.line(`  ${stream.name}  ${stream.displayUrl}`);

  const onHangup = (): void => {
    void (async () => {
      const next = await loadConfig(file!);
      if (typeof next === 'number' || service === null) {
        process.stderr.write('streamscope: config not reloaded; the running streams go on\n');
        return;
      }
      const change = await service.reload(next);
      out.line(
        `reloaded: ${change.kept.length} kept, ${change.started.length} started, ${change.stopped.length} stopped`,
      );
    })();
  };
  process.on('SIGHUP', onHangup);
  await stopRequested;
  process.off('SIGHUP', onHangup);
  await service.close();
  await out.flush();
  return EXIT_OK;
}

/** The config, or an exit code after one line on stderr (1 unreadable, 2 invalid). */
async function loadConfig(file: string): Promise<WatchConfig | number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    printError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    return EXIT_FAILED;
  }
  try {
    return parseWatchConfig(text, file);
  } catch (err) {
    if (err instanceof WatchConfigError) {
      printError(err.message);
      return EXIT_USAGE;
    }
    throw err;
  }
}

function parseListen(text: string): { host: string; port: number } {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:\s]+):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) throw new UsageError(`--listen expects host:port, e.g. 127.0.0.1:9464, got "${text}"`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
