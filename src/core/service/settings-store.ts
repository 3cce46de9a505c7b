/**
 * User settings in one JSON file (or in memory when no path is given). Writes go to a temporary
 * file first so a crash never leaves half a file, and are readable by the owner only.
 *
 * The file may have been edited by hand: what can be used is used, and what cannot costs only
 * itself, said in one line (`warn`). A file that is not JSON at all means defaults, and a copy of
 * it is kept beside it (`settings.json.bad-<time>`) before the next save replaces it; keys this
 * version does not know (a newer version's) are written back as they were.
 */
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Settings } from '#shared/api';
import { errorMessage } from '#shared/error-message';
import { settingsPatch, DEFAULT_CAPACITY } from '#shared/validate';

export const DEFAULT_SETTINGS: Settings = { theme: 'system', defaultCapacity: DEFAULT_CAPACITY, redactSecrets: true };

const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface SettingsStore {
  get(): Settings;
  /** Merges a validated patch and persists it. Rejects only on a disk error. */
  set(patch: Partial<Settings>): Promise<Settings>;
}

/** Where a settings problem is said: one line, no trailing newline. */
export type SettingsWarn = (line: string) => void;

const stderrWarn: SettingsWarn = (line) => process.stderr.write(`streamscope: ${line}\n`);

interface Loaded {
  settings: Settings;
  /** Keys of the file this version does not know, kept for the next write. */
  others: Record<string, unknown>;
}

function load(path: string, warn: SettingsWarn): Loaded {
  const loaded: Loaded = { settings: { ...DEFAULT_SETTINGS }, others: {} };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return loaded; // Missing (the first run) or unreadable: defaults; the next save creates it.
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
    if (!isRecord(parsed)) throw new Error('not a JSON object');
  } catch (err) {
    warn(
      `${path} is not valid JSON (${errorMessage(err).split('\n')[0]}): using default settings; ${keepCopy(path, text)}`,
    );
    return loaded;
  }
  const problems: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (!(SETTING_KEYS as string[]).includes(key)) {
      loaded.others[key] = value;
      continue;
    }
    // Each known key on its own: one bad value must not take the others with it.
    const checked = settingsPatch({ [key]: value }, 'settings');
    if (checked.ok) Object.assign(loaded.settings, checked.value);
    else problems.push(checked.error.message);
  }
  if (problems.length > 0) {
    warn(
      `${path}: ${problems.join('; ')}: using the default for ${problems.length > 1 ? 'these' : 'it'}; ${keepCopy(path, text)}`,
    );
  }
  return loaded;
}

/**
 * Copies the file the user will want back before a save replaces it; says where (or why not). A
 * copy of the same text from an earlier start is reused, so restarts do not pile copies up.
 */
function keepCopy(path: string, text: string): string {
  try {
    const prefix = `${basename(path)}.bad-`;
    const same = readdirSync(dirname(path)).find(
      (n) => n.startsWith(prefix) && readFileSync(join(dirname(path), n), 'utf8') === text,
    );
    if (same) return `the file as it was is kept as ${same}`;
    const copy = `${path}.bad-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    copyFileSync(path, copy);
    return `the file as it was is kept as ${basename(copy)}`;
  } catch (err) {
    return `its copy failed (${errorMessage(err)})`;
  }
}

export function createSettingsStore(path: string | null, warn: SettingsWarn = stderrWarn): SettingsStore {
  const loaded: Loaded = path ? load(path, warn) : { settings: { ...DEFAULT_SETTINGS }, others: {} };
  let current = loaded.settings;
  return {
    get: () => ({ ...current }),
    async set(patch) {
      current = { ...current, ...patch };
      if (path) {
        await mkdir(dirname(path), { recursive: true });
        const tmp = `${path}.${process.pid}.tmp`;
        await writeFile(tmp, JSON.stringify({ ...loaded.others, ...current }, null, 2) + '\n', { mode: 0o600 });
        // writeFile's mode applies to a new file only; a temp file left by a crash keeps its own.
        await chmod(tmp, 0o600);
        await rename(tmp, path);
      }
      return { ...current };
    },
  };
}
