import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that start the built app, a browser or the benchmarks are the longest; started last,
 * one of them keeps a single worker busy after the other has run out of files. So they go first
 * (each group in vitest's own order: the longest of the last run, or the largest, first).
 */
/**
 * Files whose assertions are timing budgets (clicks under a firehose, chart frames, the benchmark
 * smoke run): with another file loading the same two cores they fail on the machine's account, not
 * the app's. `npm test` runs them last, one at a time, with nothing else running.
 */
const TIMING_BUDGETS = [
  'tests/bench/smoke.test.ts',
  'tests/e2e/charts.test.ts',
  'tests/e2e/detail-huge-event.test.ts',
  'tests/e2e/firehose.test.ts',
];

/**
 * One Chromium for the E2E files of a run (each app connects to it and closes its connection):
 * set on the projects that hold E2E files, since a project runs its own global setup.
 */
const CHROMIUM_SERVER = 'tests/e2e/chromium-server.ts';

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification): number => {
      const i = ['/tests/bench/', '/tests/e2e/', '/tests/desktop/'].findIndex((dir) => spec.moduleId.includes(dir));
      return i === -1 ? 3 : i;
    };
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // vi.stubEnv() changes end with the test (files share a process: see below).
    unstubEnvs: true,
    // Timing-sensitive tests share 2 cores: keep file parallelism modest.
    maxWorkers: 2,
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
          exclude: ['tests/desktop/**', ...TIMING_BUDGETS],
          globalSetup: [CHROMIUM_SERVER],
          // A worker runs its files one after another in one process and imports each module once:
          // a fresh process and a fresh module graph per file cost more CPU than most files' tests.
          // A file cleans up what it opens (servers, timers, fake timers, env), as it must anyway.
          isolate: false,
        },
      },
      {
        extends: true,
        test: { name: 'timing', include: TIMING_BUDGETS, isolate: false, globalSetup: [CHROMIUM_SERVER] },
      },
      {
        extends: true,
        test: {
          name: 'isolated',
          // The desktop tests run the built main bundle through require() with 'electron' mapped
          // to the double: that needs a fresh module cache (and v8 flags) per file.
          include: ['tests/desktop/**/*.test.ts'],
          isolate: true,
        },
      },
    ],
  },
});
