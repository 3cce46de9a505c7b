/**
 * What the page remembers, restored from the back end's copy (the real service, its settings in
 * memory) into the page's storage: a new origin's empty storage takes the back end's copy; after a
 * change and a quick reload, the page's own newer copy is kept (the back end's write was still on
 * its way) and sent to the back end; an older page copy gives way to a newer back end copy.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createInspectorService, type InspectorService } from '../../src/core/service/inspector-service';
import { restoreUiState } from '../../src/renderer/lib/ui-state-sync';
import { saveJson, setStorageSink } from '../../src/renderer/lib/storage';
import { UI_SAVED_AT_KEY } from '../../src/shared/ui-state';
import { tempDir } from '../support/temp';
import { until } from '../support/wait';

const KEY = 'streamscope.recentUrls';

/** A page's localStorage: one origin's storage, in memory. */
function storage(entries: Record<string, string> = {}): Storage {
  const map = new Map(Object.entries(entries));
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, String(v)),
    removeItem: (k) => void map.delete(k),
  };
}

let service: InspectorService;

beforeEach(() => {
  service = createInspectorService({ demo: null, recordingsDir: tempDir(), settingsPath: null });
  vi.stubGlobal('localStorage', storage());
});
afterEach(async () => {
  setStorageSink(null);
  vi.unstubAllGlobals();
  await service.close();
});

async function remote(key: string): Promise<string | undefined> {
  const answer = await service.settings.uiState();
  return answer.ok ? answer.value[key] : undefined;
}

describe('restoring what the page remembers', () => {
  it('a new origin takes the back end copy; a save goes back to the back end with its time', async () => {
    await service.settings.putUiState(KEY, '["http://a/"]');
    await restoreUiState(service);
    expect(localStorage.getItem(KEY)).toBe('["http://a/"]');
    saveJson(KEY, ['http://b/', 'http://a/']);
    await until(
      'the save reaches the back end',
      () => remote(KEY),
      (v) => v === '["http://b/","http://a/"]',
    );
    expect(JSON.parse((await remote(UI_SAVED_AT_KEY))!)).toHaveProperty(KEY);
  });

  it('after a change and a quick reload, the page’s newer copy is kept and sent back', async () => {
    await service.settings.putUiState(KEY, '["http://old/"]');
    await service.settings.putUiState(UI_SAVED_AT_KEY, JSON.stringify({ [KEY]: 1000 }));
    // The page saved later (time 2000) and reloaded before its write reached the back end.
    vi.stubGlobal(
      'localStorage',
      storage({ [KEY]: '["http://new/"]', [UI_SAVED_AT_KEY]: JSON.stringify({ [KEY]: 2000 }) }),
    );
    await restoreUiState(service);
    expect(localStorage.getItem(KEY)).toBe('["http://new/"]');
    await until(
      'the back end has the newer copy',
      () => remote(KEY),
      (v) => v === '["http://new/"]',
    );
  });

  it('an older page copy gives way to a newer back end copy', async () => {
    await service.settings.putUiState(KEY, '["http://newer/"]');
    await service.settings.putUiState(UI_SAVED_AT_KEY, JSON.stringify({ [KEY]: 5000 }));
    vi.stubGlobal(
      'localStorage',
      storage({ [KEY]: '["http://stale/"]', [UI_SAVED_AT_KEY]: JSON.stringify({ [KEY]: 10 }) }),
    );
    await restoreUiState(service);
    expect(localStorage.getItem(KEY)).toBe('["http://newer/"]');
    expect(await remote(KEY)).toBe('["http://newer/"]');
  });

  it('the save times go to the back end after the values they stamp, however many keys changed', async () => {
    const sent: string[] = [];
    const putUiState = service.settings.putUiState.bind(service.settings);
    const api = {
      settings: {
        ...service.settings,
        putUiState: (key: string, json: string) => {
          sent.push(key);
          return putUiState(key, json);
        },
      },
    };
    await restoreUiState(api);
    sent.length = 0;
    saveJson(KEY, ['http://a/']);
    saveJson('streamscope.layout', { side: 300 });
    await until(
      'the saves reach the back end',
      () => sent.length,
      (n) => n === 3,
    );
    expect(sent).toEqual([KEY, 'streamscope.layout', UI_SAVED_AT_KEY]);
  });
});
