// One extension for recordings: the name the desktop's save dialog proposes, and the temp files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInspectorService, type InspectorService } from '../../../src/core/service/inspector-service';
import { startSseServer, type SseServer } from '../../support/servers';

let dir: string;
let sse: SseServer;
let service: InspectorService;
const proposed: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'streamscope-ext-'));
  sse = await startSseServer(2, 5);
  service = createInspectorService({
    demo: null,
    recordingsDir: join(dir, 'rec'),
    settingsPath: join(dir, 'settings.json'),
    // The Electron save dialog's stand-in: it accepts the proposed name in our folder.
    dialogs: {
      saveRecording: async (name) => {
        proposed.push(name);
        return join(dir, name);
      },
      saveHar: async (name) => {
        proposed.push(name);
        return join(dir, name);
      },
      openRecording: async () => null,
    },
  });
});

afterAll(async () => {
  await service.close();
  await sse.close();
  await rm(dir, { recursive: true, force: true });
});

describe('recording file names', () => {
  it('the save dialog proposes <session>.ssrec and the temporary recording is a .ssrec too', async () => {
    const opened = await service.sessions.open({ request: { url: sse.url, reconnect: false }, record: true });
    if (!opened.ok) throw new Error(opened.error.message);
    expect((await readdir(join(dir, 'rec'))).every((f) => f.endsWith('.ssrec'))).toBe(true);
    const saved = await service.recording.save(opened.value.id);
    if (!saved.ok) throw new Error(saved.error.message);
    expect(proposed).toEqual([`${opened.value.id}.ssrec`]);
    expect(saved.value.path).toBe(join(dir, proposed[0]!));
    expect((await readFile(saved.value.path!, 'utf8')).split('\n')[0]).toContain('"streamscope-recording"');
  });
});
