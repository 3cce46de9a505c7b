// `npm test`: build (the CLI and E2E tests run the built app), run every vitest suite, and end
// with the plain `N passed, N failed` line CI reads. Extra arguments go to vitest.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, '.vitest-results.json');

const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) {
  console.log('build failed');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

/**
 * Two phases: every project but 'timing' (files in parallel), then the timing-budget files alone,
 * one at a time (vitest.config.mts says why). Each phase writes its own JSON report; the counts add.
 */
const phases = [
  ['--project', 'shared', '--project', 'isolated'],
  ['--project', 'timing', '--no-file-parallelism'],
];
let passed = 0;
let failed = 0;
let status = 0;
for (const phase of phases) {
  rmSync(results, { force: true });
  const vitest = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${results}`,
      // Extra arguments may name files of one phase only.
      '--passWithNoTests',
      ...phase,
      ...process.argv.slice(2),
    ],
    { cwd: root, stdio: 'inherit' },
  );
  let phaseFailed = 0;
  if (existsSync(results)) {
    const report = JSON.parse(readFileSync(results, 'utf8'));
    passed += report.numPassedTests ?? 0;
    phaseFailed =
      (report.numFailedTests ?? 0) +
      (report.numRuntimeErrorTestSuites ?? 0) +
      (report.numFailedTestSuites && !report.numFailedTests ? report.numFailedTestSuites : 0);
  }
  if (vitest.status !== 0 && phaseFailed === 0) phaseFailed = 1;
  failed += phaseFailed;
  status ||= vitest.status ?? 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || status !== 0 ? 1 : 0);
