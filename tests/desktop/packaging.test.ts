/**
 * Packaging: electron-builder.yml read by electron-builder itself (its schema), the production
 * fuses, the installer targets, the icons the repo's script generated, and `npm run dist`
 * failing with one line, and no artefact, where the Electron binary cannot be had.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { root } from './launch-helpers';

const require = createRequire(__filename);

interface BuilderConfig {
  files: Array<{ filter: string[] }>;
  asar: boolean;
  directories: { output: string; buildResources: string };
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
}

async function builderConfig(): Promise<BuilderConfig> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
    getConfig(dir: string, path: string | null, extra: null): Promise<BuilderConfig>;
    validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
  };
  const { DebugLogger } = require('builder-util/out/DebugLogger.js') as { DebugLogger: new (on: boolean) => unknown };
  const config = await getConfig(root, null, null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const pngSize = (png: Buffer): [number, number] => {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
};

describe('electron-builder configuration', () => {
  it("passes electron-builder's own schema and builds AppImage, deb, dmg and nsis", async () => {
    const config = await builderConfig();
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.asar).toBe(true);
    // Only the built app is packed, never sources or tests.
    expect(config.files.flatMap((f) => f.filter).filter((f) => !f.startsWith('!'))).toEqual([
      'out/main/**',
      'out/preload/**',
      'out/renderer/**',
      'package.json',
    ]);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('out/main/index.js');
  });

  it('sets the fuses of a production app', async () => {
    const fuses = (await builderConfig()).electronFuses;
    expect(fuses.runAsNode).toBe(false);
    expect(fuses.enableNodeOptionsEnvironmentVariable).toBe(false);
    expect(fuses.enableNodeCliInspectArguments).toBe(false);
    expect(fuses.enableCookieEncryption).toBe(true);
    expect(fuses.enableEmbeddedAsarIntegrityValidation).toBe(true);
    expect(fuses.onlyLoadAppFromAsar).toBe(true);
    expect(fuses.grantFileProtocolExtraPrivileges).toBe(false);
  });

  it('has the icons: an SVG source, PNGs of their stated sizes, ICNS and ICO containers of PNGs', async () => {
    const config = await builderConfig();
    expect(readFileSync(join(root, 'build', 'icon.svg'), 'utf8')).toMatch(/^<svg /);
    const pngs = readdirSync(join(root, config.linux.icon));
    expect(pngs).toContain('512x512.png');
    for (const name of pngs) {
      const n = Number(/^(\d+)x\1\.png$/.exec(name)?.[1]);
      expect(pngSize(readFileSync(join(root, config.linux.icon, name)))).toEqual([n, n]);
    }
    const icns = readFileSync(join(root, config.mac.icon));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types = new Map<string, Buffer>();
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4))
      types.set(icns.toString('ascii', at, at + 4), icns.subarray(at + 8, at + icns.readUInt32BE(at + 4)));
    expect(pngSize(types.get('ic10')!)).toEqual([1024, 1024]);
    expect(pngSize(types.get('ic07')!)).toEqual([128, 128]);
    const ico = readFileSync(join(root, config.win.icon));
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const entry = 6 + 16 * i;
      const png = ico.subarray(
        ico.readUInt32LE(entry + 12),
        ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8),
      );
      const [w] = pngSize(png);
      expect(ico.readUInt8(entry) || 256).toBe(w);
      sizes.push(w);
    }
    expect(sizes).toEqual([16, 32, 48, 64, 128, 256]);
  });
});

describe('npm run dist', () => {
  it('fails with one line and exit 1, making nothing, where the Electron binary cannot be had', () => {
    const empty = mkdtempSync(join(tmpdir(), 'streamscope-no-electron-'));
    try {
      const existedBefore = existsSync(join(root, 'release'));
      const run = spawnSync('npm', ['run', 'dist', '--silent'], {
        cwd: root,
        env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty },
        encoding: 'utf8',
      });
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toEqual([
        `streamscope: cannot package: Electron is not available: no Electron executable at ${join(empty, 'electron')}; to get it, run \`npx install-electron --no\` (behind a proxy or offline: set ELECTRON_MIRROR)`,
      ]);
      if (!existedBefore) expect(existsSync(join(root, 'release'))).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('the CI workflow', () => {
  it('is valid YAML that tests with the Electron binary on Linux (xvfb), macOS and Windows and builds installers', () => {
    const workflow = parseYaml(readFileSync(join(root, '.github', 'workflows', 'ci.yml'), 'utf8')) as {
      on: Record<string, unknown>;
      jobs: Record<
        string,
        { strategy: { matrix: { include: { os: string }[] } }; steps: { name: string; run?: string; uses?: string }[] }
      >;
    };
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    const job = Object.values(workflow.jobs)[0]!;
    expect(job.strategy.matrix.include.map((m) => m.os)).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest']);
    const runs = job.steps.map((s) => s.run ?? s.uses ?? '');
    const order = [
      'actions/checkout@v4',
      'actions/setup-node@v4',
      'npm ci --no-audit --no-fund',
      'npx install-electron --no',
      'npm run typecheck',
      'xvfb-run --auto-servernum npm test',
      'npm run dist',
      'actions/upload-artifact@v4',
    ];
    const positions = order.map((step) => runs.findIndex((r) => r.includes(step)));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(runs.join('\n')).toContain('chmod 4755 node_modules/electron/dist/chrome-sandbox');
    expect(job.steps.every((s) => typeof s.name === 'string' && s.name.length > 0)).toBe(true);
  });
});
