/**
 * The settings file a user may have edited by hand, or that a crash of another program damaged:
 * the app starts with what it can use, says what it could not in one line, and the next save
 * loses nothing (a damaged file is kept beside it; keys it does not know are written back).
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSettingsStore, DEFAULT_SETTINGS } from '../../../src/core/service/settings-store';
import { tempDir } from '../../support/temp';

function store(text: string | null) {
  const dir = tempDir('streamscope-settings-');
  const path = join(dir, 'settings.json');
  if (text !== null) writeFileSync(path, text);
  const lines: string[] = [];
  const settings = createSettingsStore(path, (line) => lines.push(line));
  return { dir, path, lines, settings };
}

describe('settings file', () => {
  it('a missing file is the defaults, silently', () => {
    const { lines, settings } = store(null);
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
    expect(lines).toEqual([]);
  });

  it('a file that is not JSON: defaults, one line naming the file, and a copy the next save leaves alone', async () => {
    const broken = '{"theme": "dark", "defaultCapacity": 5000,, }';
    const { dir, path, lines, settings } = store(broken);
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(lines[0]).toContain(path);
    expect(lines[0]).toMatch(/not valid JSON/);
    const copies = readdirSync(dir).filter((n) => n.startsWith('settings.json.bad'));
    expect(copies).toHaveLength(1);
    expect(lines[0]).toContain(copies[0]);
    // A second start with the same file says the same and makes no second copy.
    const again: string[] = [];
    createSettingsStore(path, (line) => again.push(line));
    expect(again).toEqual(lines);
    await settings.set({ theme: 'light' });
    expect(readFileSync(join(dir, copies[0]!), 'utf8')).toBe(broken);
    expect(readdirSync(dir).filter((n) => n.startsWith('settings.json.bad'))).toEqual(copies);
  });

  it('one bad value costs that value only; unknown keys are kept on the next save', async () => {
    const { path, lines, settings } = store(
      JSON.stringify({ theme: 'blue', defaultCapacity: 5000, redactSecrets: false, fontSize: 14 }),
    );
    expect(settings.get()).toEqual({ theme: 'system', defaultCapacity: 5000, redactSecrets: false });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/theme/);
    await settings.set({ defaultCapacity: 2000 });
    const written = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(written).toEqual({ theme: 'system', defaultCapacity: 2000, redactSecrets: false, fontSize: 14 });
  });

  it.runIf(existsSync('/proc/self'))(
    'a folder that cannot be made fails the save with its reason instead of never answering',
    async () => {
      const settings = createSettingsStore('/proc/x/streamscope/settings.json', () => {});
      await expect(settings.set({ theme: 'dark' })).rejects.toThrow(
        "ENOENT: no such file or directory, mkdir '/proc/x'",
      );
    },
  );

  it('is written readable by its owner only (it may hold secret variables)', async () => {
    const { path, settings } = store(null);
    await settings.set({ theme: 'dark' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("keeps the page's remembered state under ui, beside the settings, for the next start", async () => {
    const { path, settings } = store(JSON.stringify({ theme: 'dark' }));
    await settings.putUiState('streamscope.recentUrls', ['http://127.0.0.1:1/sse']);
    await settings.set({ defaultCapacity: 2000 });
    const next = createSettingsStore(path, () => {});
    expect(next.get()).toMatchObject({ theme: 'dark', defaultCapacity: 2000 });
    expect(next.uiState()).toEqual({ 'streamscope.recentUrls': '["http://127.0.0.1:1/sse"]' });
  });
});
