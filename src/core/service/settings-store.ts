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
import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Settings } from '#shared/api';
import { errorMessage } from '#shared/error-message';
import { isUiStateKey, savedTimes, UI_SAVED_AT_KEY, type UiStateKey } from '#shared/ui-state';
import { makeDirectory } from '../make-directory';
import { settingsPatch, DEFAULT_CAPACITY } from '#shared/validate';

export const DEFAULT_SETTINGS: Settings = { theme: 'system', defaultCapacity: DEFAULT_CAPACITY, redactSecrets: true };

const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface SettingsStore {
  get(): Settings;
  /** Merges a validated patch and persists it. Rejects only on a disk error. */
  set(patch: Partial<Settings>): Promise<Settings>;
  /** The page's remembered state (shared/ui-state.ts), each key's value as JSON text. */
  uiState(): Record<string, string>;
  /** Keeps one key of the page's remembered state (a validated key, parsed JSON) and persists it. */
  putUiState(key: UiStateKey, value: unknown): Promise<void>;
}

/** Where a settings problem is said: one line, no trailing newline. */
export type SettingsWarn = (line: string) => void;

const stderrWarn: SettingsWarn = (line) => process.stderr.write(`streamscope: ${line}\n`);

/** The file's key holding the page's remembered state, by UI_STATE_KEYS key. */
const UI_KEY = 'ui';

/** What a settings file holds, each part as this version reads it. */
interface FileParts {
  /** The known settings whose values are valid. */
  settings: Partial<Settings>;
  /** The page's remembered state, by key, its save times (UI_SAVED_AT_KEY) apart. */
  ui: Record<string, unknown>;
  times: Record<string, number>;
  /** Keys of the file this version does not know, kept for the next write. */
  others: Record<string, unknown>;
  /** What could not be used, one phrase each. */
  problems: string[];
}

/** The parts of a settings file's text; throws when it is not a JSON object. */
function parseFile(text: string): FileParts {
  const parsed: unknown = JSON.parse(text);
  if (!isRecord(parsed)) throw new Error('not a JSON object');
  const parts = emptyParts();
  for (const [key, value] of Object.entries(parsed)) {
    if (key === UI_KEY) {
      if (isRecord(value)) {
        const { [UI_SAVED_AT_KEY]: times, ...ui } = value;
        parts.ui = ui;
        parts.times = savedTimes(times);
      } else
        parts.problems.push(`settings.${UI_KEY} must be an object (the app's saved requests, environments and layout)`);
      continue;
    }
    if (!(SETTING_KEYS as string[]).includes(key)) {
      parts.others[key] = value;
      continue;
    }
    // Each known key on its own: one bad value must not take the others with it.
    const checked = settingsPatch({ [key]: value }, 'settings');
    if (checked.ok) Object.assign(parts.settings, checked.value);
    else parts.problems.push(checked.error.message);
  }
  return parts;
}

function emptyParts(): FileParts {
  return { settings: {}, ui: {}, times: {}, others: {}, problems: [] };
}

function readTextSync(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The file at start: what can be used is used, and what cannot is said in one line. */
function load(path: string, warn: SettingsWarn): FileParts {
  const text = readTextSync(path);
  // Missing (the first run) or unreadable: defaults; the next save creates it.
  if (text === null) return emptyParts();
  let parts: FileParts;
  try {
    parts = parseFile(text);
  } catch (err) {
    warn(
      `${path} is not valid JSON (${errorMessage(err).split('\n')[0]}): using default settings; ${keepCopy(path, text)}`,
    );
    return emptyParts();
  }
  const { problems } = parts;
  if (problems.length > 0) {
    warn(
      `${path}: ${problems.join('; ')}: using the default for ${problems.length > 1 ? 'these' : 'it'}; ${keepCopy(path, text)}`,
    );
  }
  return parts;
}

/**
 * The file's text as another process may have left it since, read again: null when it is missing,
 * unreadable or not a JSON object (then this process's copy is all there is).
 */
function partsOf(text: string | null): FileParts | null {
  if (text === null) return null;
  try {
    return parseFile(text);
  } catch {
    return null;
  }
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

/**
 * Several processes may share one file (two `streamscope ui` with the same settings path), each
 * with its own copy in memory. So every write reads the file again and merges it, item by item,
 * with this process's copy before it replaces the file, and takes in what it read:
 *
 * - the page's remembered state: per key, the copy saved later (UI_SAVED_AT_KEY's times; the file's
 *   on a tie, and a key only one side has is taken from it), except a key whose value this process
 *   was sent and whose time has not come yet (the page sends a value, then the times): that one is
 *   this process's newest save;
 * - settings: those this process changed since its last write are its own, the rest the file's;
 * - keys this version does not know: the file's.
 *
 * What is left: two processes writing within the same few milliseconds (between one's read and
 * its rename) can still lose the first one's change; nothing locks the file.
 */
export function createSettingsStore(path: string | null, warn: SettingsWarn = stderrWarn): SettingsStore {
  const loaded = path ? load(path, warn) : emptyParts();
  let current: Settings = { ...DEFAULT_SETTINGS, ...loaded.settings };
  const { ui, times } = loaded;
  let others = loaded.others;
  /** Settings set here since the last write: this process's word for them. */
  const changed = new Set<keyof Settings>();
  /** Keys of the page's state put here whose save time has not come yet. */
  const untimed = new Set<string>();

  function takeIn(file: FileParts): void {
    for (const key of SETTING_KEYS) {
      if (!changed.has(key) && file.settings[key] !== undefined) current = { ...current, [key]: file.settings[key] };
    }
    others = { ...others, ...file.others };
    for (const [key, value] of Object.entries(file.ui)) {
      if (untimed.has(key)) continue;
      const theirs = file.times[key] ?? -Infinity;
      const ours = times[key] ?? -Infinity;
      if (key in ui && ours > theirs) continue;
      ui[key] = value;
      if (file.times[key] !== undefined) times[key] = file.times[key];
    }
  }

  function fileText(): string {
    const state = { ...ui, ...(Object.keys(times).length > 0 ? { [UI_SAVED_AT_KEY]: times } : {}) };
    const withUi = Object.keys(state).length > 0 ? { [UI_KEY]: state } : {};
    return JSON.stringify({ ...others, ...current, ...withUi }, null, 2) + '\n';
  }

  // One write at a time, in call order: two at once would share the temporary file.
  let writing: Promise<void> = Promise.resolve();
  const persist = (): Promise<void> => {
    if (!path) return Promise.resolve();
    const write = async (): Promise<void> => {
      const file = partsOf(await readFile(path, 'utf8').catch(() => null));
      if (file) takeIn(file);
      const text = fileText();
      const written = [...changed];
      changed.clear();
      try {
        await makeDirectory(dirname(path));
        const tmp = `${path}.${process.pid}.tmp`;
        // Owner only: environments may hold secret variables.
        await writeFile(tmp, text, { mode: 0o600 });
        // writeFile's mode applies to a new file only; a temp file left by a crash keeps its own.
        await chmod(tmp, 0o600);
        await rename(tmp, path);
      } catch (err) {
        for (const key of written) changed.add(key);
        throw err;
      }
    };
    const next = writing.then(write, write);
    writing = next.catch(() => {});
    return next;
  };
  return {
    get: () => ({ ...current }),
    async set(patch) {
      current = { ...current, ...patch };
      for (const key of Object.keys(patch) as Array<keyof Settings>) changed.add(key);
      await persist();
      return { ...current };
    },
    uiState() {
      // A page that loads gets what another process sharing the file saved since, too.
      const file = path ? partsOf(readTextSync(path)) : null;
      if (file) takeIn(file);
      const out: Record<string, string> = {};
      for (const [key, value] of Object.entries(ui)) if (isUiStateKey(key)) out[key] = JSON.stringify(value);
      if (Object.keys(times).length > 0) out[UI_SAVED_AT_KEY] = JSON.stringify(times);
      return out;
    },
    async putUiState(key, value) {
      if (key === UI_SAVED_AT_KEY) {
        // The page's times: for a value it just sent, its save time; for the rest, only a later
        // time than this copy's is news (this copy may hold a newer save of another process).
        for (const [k, at] of Object.entries(savedTimes(value))) {
          if (untimed.has(k) || at > (times[k] ?? -Infinity)) times[k] = at;
        }
        // A value sent without a time among these keeps the time it had.
        untimed.clear();
      } else {
        ui[key] = value;
        untimed.add(key);
      }
      await persist();
    },
  };
}
