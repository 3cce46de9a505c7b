/**
 * The desktop app's Open: the dialog hands the service a path, and the service plays the file as
 * it reads it (record-index.ts), serving it from the same file. What the session shows must be
 * the recording, whatever its size.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingToText } from '../../../src/core/recording/codec';
import { createInspectorService, type InspectorService } from '../../../src/core/service/inspector-service';
import { syntheticRecording } from '../recording/helpers';
import { until } from '../../support/wait';

let dir: string;
let service: InspectorService;
let picked: { name: string; path: string } | null = null;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'streamscope-open-file-'));
  service = createInspectorService({
    demo: null,
    recordingsDir: join(dir, 'rec'),
    settingsPath: null,
    // The Electron open dialog's stand-in: the user picked `picked`.
    dialogs: {
      saveRecording: async () => null,
      saveHar: async () => null,
      openRecording: async () => picked,
    },
  });
});

afterAll(async () => {
  await service.close();
  await rm(dir, { recursive: true, force: true });
});

describe('Open recording… in the desktop app', () => {
  it('an empty file is refused as empty, naming it, in the one line the app shows', async () => {
    const path = join(dir, 'empty.ssrec');
    await writeFile(path, '');
    picked = { name: 'empty.ssrec', path };
    const opened = await service.replay.openDialog();
    expect(opened).toEqual({
      ok: false,
      error: { code: 'format', message: 'empty.ssrec: the file is empty (0 bytes)' },
    });
    // The browser's page sends the file's text instead: the same answer.
    expect(await service.replay.openText('empty.ssrec', '')).toEqual(opened);
  });

  it('plays, seeks and serves a recording read from its file', async () => {
    const chunks = Array.from({ length: 9_000 }, (_, i) => ({ at: i * 0.5, text: `id: ${i}\ndata: e${i}\n\n` }));
    const path = join(dir, 'long.ssrec');
    await writeFile(path, recordingToText(syntheticRecording(chunks)));
    picked = { name: 'long.ssrec', path };
    const opened = await service.replay.openDialog();
    if (!opened.ok || !opened.value) throw new Error(opened.ok ? 'cancelled' : opened.error.message);
    const id = opened.value.id;
    const session = service.manager.get(id)!;
    expect(session.info().replay?.total).toBe(9_000 + 4);
    await service.replay.seek(id, { index: 6_000 });
    await service.replay.setSpeed(id, 0);
    await service.replay.play(id);
    await until(
      'the replay to end',
      () => session.info().replay?.playing === false && session.info().replay?.index === 9_004,
    );
    const events = session.ring.slice(session.ring.firstSeq, session.ring.size).filter((r) => r.kind === 'event');
    expect(events.at(-1)).toMatchObject({ data: 'e8999', lastEventId: '8999' });
    expect(events.length).toBe(9_000);

    const served = await service.replay.serve(id);
    if (!served.ok) throw new Error(served.error.message);
    const body = await (await fetch(served.value.url)).text();
    expect(body).toBe(chunks.map((c) => c.text).join(''));
  }, 60_000);

  it('says in one line why a damaged file cannot be opened', async () => {
    const path = join(dir, 'damaged.ssrec');
    const text = recordingToText(syntheticRecording([{ at: 0, text: 'data: a\n\n' }])).split('\n');
    text[2] = '{"kind":"chunk",';
    await writeFile(path, text.join('\n'));
    picked = { name: 'damaged.ssrec', path };
    const opened = await service.replay.openDialog();
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.error.message).toBe('damaged.ssrec: line 3: invalid JSON');
  });
});
