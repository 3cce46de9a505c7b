/**
 * `npm start` as a user runs it: Electron is resolved the way the electron package resolves
 * itself (a stub executable via its own ELECTRON_OVERRIDE_DIST_PATH stands in for the binary),
 * the browser host takes over with one line where the binary cannot be had, and SIGINT/SIGTERM to
 * the npm process end every process it started. `npm test` builds first, so no rebuild happens.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { resolveElectron } from '../../scripts/electron-binary.mjs';
import {
  alive,
  closedPort,
  killLeftovers,
  descendants,
  npmStart,
  readReport,
  root,
  writeElectronStub,
} from './launch-helpers';
import { until } from '../support/wait';

const scratch = mkdtempSync(join(tmpdir(), 'streamscope-launch-'));
afterEach(killLeftovers);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Sends `signal` to npm only and expects npm and everything below it gone within 5 s. */
async function expectAllEnd(npmPid: number, signal: NodeJS.Signals, extra: number[] = []): Promise<void> {
  const tree = [npmPid, ...descendants(npmPid), ...extra];
  expect(tree.length).toBeGreaterThanOrEqual(3);
  process.kill(npmPid, signal);
  await until(`every process to end after ${signal}`, () => (tree.some(alive) ? null : true), 5000).catch(() => {
    const left = tree.filter(alive);
    for (const pid of left) process.kill(pid, 'SIGKILL');
    throw new Error(`still running 5 s after ${signal}: ${left.join(', ')}`);
  });
}

describe('npm start', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`starts the resolved Electron with the app, and ${signal} to npm ends it and its children`, async () => {
      const dist = join(scratch, `dist-${signal}`);
      const { reportPath } = writeElectronStub(dist);
      const run = npmStart({
        DISPLAY: ':99',
        ELECTRON_OVERRIDE_DIST_PATH: dist,
        // Inherited from some other tool: neither may reach the app.
        ELECTRON_RENDERER_URL: 'http://127.0.0.1:1/',
        ELECTRON_RUN_AS_NODE: '1',
      });
      const report = await until('the stub to start', () => readReport(reportPath));
      expect(report.argv).toEqual([root]);
      expect(report.env).toEqual({ rendererUrl: null, runAsNode: null });
      expect(descendants(run.npm.pid!)).toEqual(expect.arrayContaining([report.pid, report.grandchild]));
      await expectAllEnd(run.npm.pid!, signal, [report.pid, report.grandchild]);
      expect(run.stderr()).toBe('');
    });
  }

  it('without an Electron binary, says why in one line and runs the browser host; SIGTERM ends it', async () => {
    const empty = join(scratch, 'empty-dist');
    mkdirSync(empty);
    const run = npmStart({ DISPLAY: ':99', ELECTRON_OVERRIDE_DIST_PATH: empty });
    const url = await until(
      'the host URL',
      () => /^listening (http:\/\/127\.0\.0\.1:\d+\/\S*)$/m.exec(run.stdout())?.[1],
    );
    expect(url).toMatch(/token=/);
    const lines = run.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      `streamscope: Electron is not available: no Electron executable at ${join(empty, 'electron')}; to get it, run \`npx install-electron --no\` (behind a proxy or offline: set ELECTRON_MIRROR). Starting the browser host instead (open the URL below)`,
    );
    await expectAllEnd(run.npm.pid!, 'SIGTERM');
  });

  it('without a display on Linux, runs the browser host and says so (elsewhere, Electron); SIGINT ends it', async () => {
    const dist = join(scratch, 'dist-headless');
    const { reportPath } = writeElectronStub(dist);
    const run = npmStart({ DISPLAY: undefined, WAYLAND_DISPLAY: undefined, ELECTRON_OVERRIDE_DIST_PATH: dist });
    if (process.platform === 'linux') {
      await until('the host URL', () => /^listening http:\/\/127\.0\.0\.1:\d+\//m.exec(run.stdout()));
      expect(run.stderr().trim()).toBe(
        'streamscope: no display found (DISPLAY/WAYLAND_DISPLAY unset); starting the browser host instead (open the URL below)',
      );
    } else {
      // macOS has a display without DISPLAY: Electron starts.
      await until('the stub to start', () => readReport(reportPath));
    }
    await expectAllEnd(run.npm.pid!, 'SIGINT');
  });
});

describe('resolving Electron like the electron package', () => {
  it('a first run that cannot fetch the binary gives one line with the cause, quickly', async () => {
    // A copy of the electron package as installed (no binary fetched yet), in a project of its own.
    const project = join(scratch, 'fresh-project');
    const pkg = join(project, 'node_modules', 'electron');
    mkdirSync(pkg, { recursive: true });
    for (const f of ['index.js', 'install.js', 'package.json', 'checksums.json'])
      cpSync(join(root, 'node_modules', 'electron', f), join(pkg, f));
    symlinkSync(join(root, 'node_modules', '@electron'), join(project, 'node_modules', '@electron'));
    const started = Date.now();
    const result = (await resolveElectron(project, {
      env: {
        ...process.env,
        ELECTRON_OVERRIDE_DIST_PATH: '',
        // A closed port on this machine: the download fails at once, never reaching the internet.
        ELECTRON_MIRROR: `http://127.0.0.1:${await closedPort()}/`,
        electron_config_cache: join(scratch, 'electron-cache'),
      },
    })) as { path?: string; reason?: string };
    expect(result.path).toBeUndefined();
    expect(result.reason).toMatch(/^the binary could not be fetched \(.+\)$/);
    expect(result.reason).not.toContain('\n');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('ELECTRON_OVERRIDE_DIST_PATH is honoured as the package does', async () => {
    const dist = join(scratch, 'override');
    writeElectronStub(dist);
    const result = (await resolveElectron(root, { env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: dist } })) as {
      path?: string;
    };
    expect(result.path).toBe(join(dist, 'electron'));
  });
});
