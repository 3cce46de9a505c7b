/**
 * `npm run bench`: every row of BENCHMARKS.md, each measured side by side with its reference in
 * the same run. Flags: --json (machine-readable rows), --quick (tiny sizes, one run: the smoke
 * mode `npm test` uses), --only 1,2,… (row groups; group 4 is row 4b, group 5 the rest of the UI;
 * group 9, the 10-minute watch row, runs only when named), --profile DIR (one extra profiled run of
 * row 4b and of row 5 at 10k ev/s: .cpuprofile files in DIR, the top self times logged).
 */
import { benchParse } from './parse';
import { benchProxy } from './proxy';
import { benchIngest } from './ingest';
import { benchMemory } from './memory';
import { benchReplay } from './replay';
import { benchCli } from './cli';
import { benchUi } from './ui';
import { benchColdStart } from './cold-start';
import { benchWatchScale } from './watch-scale';
import { benchWsIngest } from './ws-ingest';
import { gc } from './lib/measure';
import { renderTable, type BenchRow } from './lib/table';

export interface BenchOptions {
  quick: boolean;
  only: Set<string> | null;
  profileDir?: string;
}

export async function runBenchmarks(
  options: BenchOptions,
  log: (line: string) => void = () => {},
): Promise<BenchRow[]> {
  const q = options.quick;
  const runs = q ? 1 : 3;
  const want = (group: string) => !options.only || options.only.has(group);
  const rows: BenchRow[] = [];
  const step = async (group: string, label: string, fn: () => Promise<BenchRow[]>) => {
    if (!want(group)) return;
    log(`running ${label}…`);
    rows.push(...(await fn()));
    // What a group leaves behind (row 6 alone a million records) is collected now, not by V8's
    // memory reducer in the middle of a later row, on the cores that row measures.
    gc();
  };
  await step('1', 'parse ceiling', () => benchParse({ runs, totalBytes: q ? 1e6 : 32e6 }));
  await step('2', 'engine ingest, recording, latency', () => benchIngest({ runs, events: q ? 20_000 : 500_000 }));
  await step('10', 'WebSocket ingest', () => benchWsIngest({ runs, frames: q ? 5_000 : 300_000 }));
  await step('6', 'memory', () => benchMemory({ runs, events: q ? 20_000 : 1_000_000, capacity: q ? 5_000 : 100_000 }));
  await step('7', 'replay fidelity', () => benchReplay({ runs, chunks: q ? 30 : 300 }));
  await step('11', 'command line (tail into a pipe, a large recording)', () =>
    benchCli({ runs, events: q ? 5_000 : 500_000, fileBytes: q ? 1024 * 1024 : 1e9 }),
  );
  await step('12', 'Intercept proxy', () =>
    benchProxy({
      runs,
      latencyEvents: q ? 100 : 2000,
      firehoseEvents: q ? 2_000 : 1_000_000,
      requests: q ? 150 : 1000,
    }),
  );
  // Group 4 is row 4b (write → row painted), group 5 the UI under load: one Chromium for both.
  const ui = { latency: want('4'), load: want('5') };
  if (ui.latency || ui.load)
    await step(ui.load ? '5' : '4', ui.load ? 'UI in Chromium (rows 4b and 5)' : 'UI in Chromium (row 4b)', () =>
      benchUi({ runs, quick: q, log: (l) => log(l), profileDir: options.profileDir, ...ui }),
    );
  await step('13', 'browser host cold start', () => benchColdStart({ runs }));
  // Ten minutes: part of a full run only when named (`--only 9`); the smoke run takes a small one.
  if (q || options.only?.has('9')) {
    await step('9', 'watch at scale', () =>
      benchWatchScale(
        q
          ? { streams: 20, durationMs: 2000, warmupMs: 500, sampleMs: 500 }
          : { streams: 1000, durationMs: 600_000, warmupMs: 60_000, sampleMs: 10_000, log },
      ),
    );
  }
  return rows;
}

function parseArgs(argv: string[]): BenchOptions & { json: boolean } {
  const onlyIndex = argv.indexOf('--only');
  const only = onlyIndex >= 0 ? new Set((argv[onlyIndex + 1] ?? '').split(',').filter(Boolean)) : null;
  const profileIndex = argv.indexOf('--profile');
  const profileDir = profileIndex >= 0 ? argv[profileIndex + 1] : undefined;
  return { json: argv.includes('--json'), quick: argv.includes('--quick'), only, profileDir };
}

// Run only when executed as the bench bundle, not when a test imports this module.
if (process.argv[1]?.endsWith('bench/index.mjs')) {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  runBenchmarks(args, (l) => process.stderr.write(`${l}\n`)).then(
    (rows) => {
      if (args.json) process.stdout.write(`${JSON.stringify({ date: new Date().toISOString(), rows }, null, 2)}\n`);
      else {
        process.stdout.write(`${renderTable(rows)}\n`);
        const missed = rows.filter((r) => r.met === false).length;
        process.stdout.write(
          `\n${rows.filter((r) => r.met !== null).length - missed} budgets met, ${missed} missed (${((Date.now() - started) / 1000).toFixed(0)} s)\n`,
        );
      }
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
