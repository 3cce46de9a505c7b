/**
 * A session's list filter in its recording (issue 16, item 4): the recorder writes it into the end
 * line, every reader gives it back (text, file stream, file index), a replay session starts with
 * it, and a bad one costs one warning line, never the recording.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRecorder,
  fileIndex,
  parseRecordingText,
  readRecordingFile,
  recordingToText,
} from '../../../src/core/recording';
import { createInspectorService, type InspectorService } from '../../../src/core/service/inspector-service';
import type { ListFilterSpec } from '../../../src/shared/list-filter';
import { validateCall } from '../../../src/shared/validate';
import { syntheticRecording } from './helpers';

const FILTER: ListFilterSpec = {
  kinds: ['event', 'comment'],
  types: ['status'],
  text: 'Message 1',
  regex: false,
  jsonPath: 'message',
  pathColumn: true,
};

let dir: string;
let service: InspectorService;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'streamscope-rec-filter-'));
  service = createInspectorService({ demo: null, recordingsDir: join(dir, 'rec'), settingsPath: null });
});

afterAll(async () => {
  await service.close();
  await rm(dir, { recursive: true, force: true });
});

const recording = () => syntheticRecording([{ at: 5, text: 'data: {"message":"Message 1"}\n\n' }]);

/** The recording's text with its end line's filter replaced by `filter` (any JSON value). */
function withEndFilter(filter: unknown): string {
  const lines = recordingToText(recording(), 1_700_000_001_000).trimEnd().split('\n');
  const end = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
  lines[lines.length - 1] = JSON.stringify({ ...end, filter });
  return lines.join('\n') + '\n';
}

describe('a recording keeps the list filter', () => {
  it('the recorder writes it into the end line; the file stream and the file index read it back', async () => {
    const path = join(dir, 'filtered.ssrec');
    const rec = createRecorder(path, { transport: 'sse', request: { url: 'http://x/' } });
    for (const r of recording().records) rec.write(r);
    await rec.close(FILTER);
    const end = JSON.parse((await readFile(path, 'utf8')).trimEnd().split('\n').at(-1)!) as Record<string, unknown>;
    expect(end).toMatchObject({ kind: 'end', records: recording().records.length, filter: FILTER });
    const read = await readRecordingFile(path);
    expect(read.filter).toEqual(FILTER);
    expect(read.warnings).toEqual([]);
    expect((await fileIndex(path)).filter).toEqual(FILTER);
  });

  it('a file without one (older files, the CLI) reads as before', async () => {
    const path = join(dir, 'plain.ssrec');
    const rec = createRecorder(path, { transport: 'sse', request: { url: 'http://x/' } });
    for (const r of recording().records) rec.write(r);
    await rec.close();
    expect(await readFile(path, 'utf8')).not.toContain('"filter"');
    const read = await readRecordingFile(path);
    expect(read.filter).toBeUndefined();
    expect(read.warnings).toEqual([]);
  });

  it('a bad filter is one warning line naming it; the records all load', () => {
    const cases: Array<[unknown, RegExp]> = [
      ['everything', /"filter" must be an object, got string/],
      [{ ...FILTER, kinds: ['<img src=x onerror=alert(1)>'] }, /"filter"\.kinds: unknown record kind "<img/],
      [{ ...FILTER, text: 'x'.repeat(100_000) }, /"filter"\.text is too long/],
      [{ ...FILTER, __proto__: { polluted: true }, extra: 1 }, /"filter": unknown field "extra"/],
    ];
    for (const [filter, expected] of cases) {
      const read = parseRecordingText(withEndFilter(filter));
      expect(read.records).toHaveLength(recording().records.length);
      expect(read.filter).toBeUndefined();
      expect(read.warnings).toHaveLength(1);
      expect(read.warnings[0]).toMatch(/^line \d+: end record: /);
      expect(read.warnings[0]).toMatch(expected);
      expect(read.warnings[0]).toMatch(/the filter was not restored$/);
      expect(read.warnings[0]!.length).toBeLessThan(300);
    }
  });

  it('a replay session starts with its recording filter; setFilter keeps a new one in the session info', async () => {
    const opened = await service.replay.openText('f.ssrec', withEndFilter(FILTER));
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.filter).toEqual(FILTER);
    const next: ListFilterSpec = { ...FILTER, text: 'other', pathColumn: false };
    expect((await service.sessions.setFilter(opened.value.id, next)).ok).toBe(true);
    const listed = await service.sessions.list();
    expect(listed.ok && listed.value.find((s) => s.id === opened.value.id)?.filter).toEqual(next);
    const missing = await service.sessions.setFilter('s999', next);
    expect(!missing.ok && missing.error.code).toBe('not-found');
  });

  it('the bridge checks a filter before the service sees it', () => {
    expect(validateCall('sessions.setFilter', ['s1', FILTER]).ok).toBe(true);
    const bad = validateCall('sessions.setFilter', ['s1', { ...FILTER, regex: 'yes' }]);
    expect(!bad.ok && bad.error.message).toBe('sessions.setFilter: filter.regex must be true or false, got string');
  });
});
