/**
 * Two `streamscope ui` processes sharing one settings file: two real services on one file, each
 * saving what its page sends (a value, then the save times, as ui-state-sync.ts sends them). A
 * write merges, item by item, with what the other wrote since: the newer save of each item wins,
 * and nobody's saved requests, environments or settings are wiped by the other's unrelated save.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createInspectorService, type InspectorService } from '../../../src/core/service/inspector-service';
import { UI_SAVED_AT_KEY } from '../../../src/shared/ui-state';
import { tempDir } from '../../support/temp';

const COLLECTIONS = 'streamscope.collections';
const ENVIRONMENTS = 'streamscope.environments';
const RECENT = 'streamscope.recentUrls';

const services: InspectorService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});

function start(settingsPath: string): InspectorService {
  const service = createInspectorService({ demo: null, recordingsDir: tempDir(), settingsPath });
  services.push(service);
  return service;
}

/** What a page's save sends: the value, then every save time it knows (its own newest for `key`). */
async function save(service: InspectorService, page: Record<string, number>, key: string, value: unknown, at: number) {
  page[key] = at;
  expect(await service.settings.putUiState(key, JSON.stringify(value))).toEqual({ ok: true, value: undefined });
  expect(await service.settings.putUiState(UI_SAVED_AT_KEY, JSON.stringify(page))).toEqual({
    ok: true,
    value: undefined,
  });
}

function onDisk(path: string): { ui: Record<string, unknown>; [key: string]: unknown } {
  return JSON.parse(readFileSync(path, 'utf8')) as { ui: Record<string, unknown> };
}

async function uiState(service: InspectorService): Promise<Record<string, unknown>> {
  const answer = await service.settings.uiState();
  if (!answer.ok) throw new Error(answer.error.message);
  return Object.fromEntries(Object.entries(answer.value).map(([k, v]) => [k, JSON.parse(v) as unknown]));
}

const requests = (...names: string[]) => [{ name: 'Saved', requests: names.map((name) => ({ name })) }];

describe('two processes sharing one settings file', () => {
  it("keep each other's newer items: a save of one key does not wipe another's save of another", async () => {
    const path = join(tempDir('streamscope-shared-settings-'), 'settings.json');
    const a = start(path);
    const b = start(path);
    const pageA: Record<string, number> = {};
    const pageB: Record<string, number> = {};

    await save(a, pageA, COLLECTIONS, requests('from A'), 1000);
    await save(b, pageB, RECENT, ['http://b/'], 2000);
    expect(onDisk(path).ui).toEqual({
      [COLLECTIONS]: requests('from A'),
      [RECENT]: ['http://b/'],
      [UI_SAVED_AT_KEY]: { [COLLECTIONS]: 1000, [RECENT]: 2000 },
    });

    // B saves the same key later: its copy is the newer one, and A's next save (of another key)
    // keeps it rather than writing back the copy A had.
    await save(b, pageB, COLLECTIONS, requests('from A', 'from B'), 3000);
    await save(a, pageA, ENVIRONMENTS, [{ name: 'dev' }], 4000);
    const file = onDisk(path);
    expect(file.ui[COLLECTIONS]).toEqual(requests('from A', 'from B'));
    expect(file.ui[ENVIRONMENTS]).toEqual([{ name: 'dev' }]);
    expect(file.ui[RECENT]).toEqual(['http://b/']);
    expect(file.ui[UI_SAVED_AT_KEY]).toEqual({ [COLLECTIONS]: 3000, [RECENT]: 2000, [ENVIRONMENTS]: 4000 });

    // A page of A that loads now gets B's newer saved requests.
    expect((await uiState(a))[COLLECTIONS]).toEqual(requests('from A', 'from B'));

    // And A's own newer save of that key wins over B's copy in turn.
    await save(a, pageA, COLLECTIONS, requests('only A'), 5000);
    await save(b, pageB, RECENT, ['http://b2/', 'http://b/'], 6000);
    expect(onDisk(path).ui[COLLECTIONS]).toEqual(requests('only A'));
    expect(onDisk(path).ui[RECENT]).toEqual(['http://b2/', 'http://b/']);
  });

  it('a page time older than the file’s copy does not bring an older value back', async () => {
    const path = join(tempDir('streamscope-shared-settings-'), 'settings.json');
    const a = start(path);
    const b = start(path);
    const pageA: Record<string, number> = {};
    await save(a, pageA, COLLECTIONS, requests('old'), 1000);
    await save(b, {}, COLLECTIONS, requests('new'), 2000);
    // A's page knows its own time (1000) only; sending it again with another save changes nothing.
    await save(a, pageA, RECENT, ['http://a/'], 3000);
    expect(onDisk(path).ui[COLLECTIONS]).toEqual(requests('new'));
    expect((onDisk(path).ui[UI_SAVED_AT_KEY] as Record<string, number>)[COLLECTIONS]).toBe(2000);
  });

  it("settings changed in one process are not undone by the other's save", async () => {
    const path = join(tempDir('streamscope-shared-settings-'), 'settings.json');
    const a = start(path);
    const b = start(path);
    await a.settings.set({ theme: 'dark' });
    await b.settings.set({ defaultCapacity: 2000 });
    await save(b, {}, RECENT, ['http://b/'], 1000);
    expect(onDisk(path)).toMatchObject({ theme: 'dark', defaultCapacity: 2000 });
    // The later change of the same setting wins.
    await b.settings.set({ theme: 'light' });
    await save(a, {}, ENVIRONMENTS, [], 2000);
    expect(onDisk(path)).toMatchObject({ theme: 'light', defaultCapacity: 2000 });
  });
});
