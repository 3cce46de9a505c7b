/**
 * User settings in one JSON file (or in memory when no path is given). A missing or damaged file
 * means defaults; writes go to a temporary file first so a crash never leaves half a file.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Settings } from '#shared/api';
import { settingsPatch, DEFAULT_CAPACITY } from '#shared/validate';

export const DEFAULT_SETTINGS: Settings = { theme: 'system', defaultCapacity: DEFAULT_CAPACITY, redactSecrets: true };

export interface SettingsStore {
  get(): Settings;
  /** Merges a validated patch and persists it. Rejects only on a disk error. */
  set(patch: Partial<Settings>): Promise<Settings>;
}

export function createSettingsStore(path: string | null): SettingsStore {
  let current: Settings = { ...DEFAULT_SETTINGS };
  if (path) {
    try {
      // Read once at start-up; the file is ours, but check it like any other input.
      const checked = settingsPatch(JSON.parse(readFileSync(path, 'utf8')), 'settings file');
      if (checked.ok) current = { ...current, ...checked.value };
    } catch {
      // Missing or unreadable: defaults.
    }
  }
  return {
    get: () => ({ ...current }),
    async set(patch) {
      current = { ...current, ...patch };
      if (path) {
        await mkdir(dirname(path), { recursive: true });
        const tmp = `${path}.${process.pid}.tmp`;
        await writeFile(tmp, JSON.stringify(current, null, 2) + '\n');
        await rename(tmp, path);
      }
      return { ...current };
    },
  };
}
