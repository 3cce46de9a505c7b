/**
 * `streamscope ui` as a real child process against hostile recordings opened through the bridge:
 * a bad file is an error for that call, never for the process, and the temp recordings folder
 * is removed on every way out (SIGINT, SIGTERM, an uncaught error). Needs `npm run build`.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startUiProcess, type UiProcess } from '../support/host';

interface Ui extends UiProcess {
  scratch: string;
}

const started: Ui[] = [];

afterEach(() => {
  for (const ui of started.splice(0)) {
    if (ui.child.exitCode === null && ui.child.signalCode === null) ui.child.kill('SIGKILL');
    rmSync(ui.scratch, { recursive: true, force: true });
  }
});

/** Starts `ui --no-demo` with its own TMPDIR, so its temp folder can be watched. */
async function startUi(nodeArgs: string[] = []): Promise<Ui> {
  const scratch = mkdtempSync(join(tmpdir(), 'streamscope-ui-hostile-'));
  const tmp = join(scratch, 'tmp');
  mkdirSync(tmp);
  const running = await startUiProcess({
    args: ['--no-demo'],
    nodeArgs,
    env: { TMPDIR: tmp, STREAMSCOPE_SETTINGS: join(scratch, 'settings.json') },
  });
  const ui: Ui = { ...running, scratch };
  started.push(ui);
  return ui;
}

const tempFolders = (ui: Ui): string[] =>
  readdirSync(join(ui.scratch, 'tmp')).filter((n) => n.startsWith('streamscope-recordings-'));

interface Bridge {
  call(
    method: string,
    params: unknown[],
  ): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
  close(): void;
}

async function connect(ui: Ui): Promise<Bridge> {
  const ws = new WebSocket(`ws://127.0.0.1:${ui.port}/api?token=${ui.token}`, {
    origin: `http://127.0.0.1:${ui.port}`,
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const waiting = new Map<number, (result: never) => void>();
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: never };
    if (typeof message.id === 'number') waiting.get(message.id)?.(message.result!);
  });
  let nextId = 1;
  return {
    call(method, params) {
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ id, method, params }));
      });
    },
    close: () => ws.close(),
  };
}

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
const HEADER =
  '{"format":"streamscope-recording","version":1,"app":"t","created":"2026-01-01T00:00:00.000Z","transport":"sse","request":{"url":"http://127.0.0.1:1/sse"';

describe('streamscope ui against hostile recordings', () => {
  it('answers a recording nested 100,000 deep with an error, keeps serving, and removes its temp folder on SIGINT', async () => {
    const ui = await startUi();
    expect(tempFolders(ui)).toHaveLength(1);
    const bridge = await connect(ui);
    const deepBody = `${HEADER},"body":${nested(100_000)}}}\n`;
    const deepExtra = `${HEADER}},"extra":${nested(100_000)}}\n{"kind":"state","t":1,"connection":1,"readyState":0,"reason":"connecting","message":"m","extra":${nested(100_000)}}\n`;
    for (const text of [deepBody, deepExtra]) {
      const result = await bridge.call('replay.openText', ['deep.ssrec', text]);
      expect(result.ok).toBe(false);
      expect(result.error!.code).toBe('format');
      expect(result.error!.message).toMatch(/^deep\.ssrec: line 1: JSON nested deeper than 8 levels$/);
    }
    // Extra fields of an ordinary depth are dropped; the recording opens and its info travels.
    const extra = `${HEADER},"extra":{"a":[1]}},"extra":"x"}\n{"kind":"state","t":1,"connection":1,"readyState":0,"reason":"connecting","message":"m","extra":[[1]]}\n`;
    const opened = await bridge.call('replay.openText', ['extra.ssrec', extra]);
    expect(opened.ok, JSON.stringify(opened.error)).toBe(true);
    expect((opened.value as { request: unknown }).request).toEqual({ url: 'http://127.0.0.1:1/sse' });
    const list = await bridge.call('sessions.list', []);
    expect(list.ok && (list.value as unknown[]).length).toBe(1);
    bridge.close();
    expect(ui.child.exitCode).toBeNull();
    ui.child.kill('SIGINT');
    expect(await ui.exited).toBe(0);
    expect(tempFolders(ui)).toEqual([]);
  });

  it('removes its temp folder on SIGTERM and on an uncaught error', async () => {
    const term = await startUi();
    expect(tempFolders(term)).toHaveLength(1);
    term.child.kill('SIGTERM');
    expect(await term.exited).toBe(0);
    expect(tempFolders(term)).toEqual([]);

    // A real uncaught exception inside the running ui process, raised on demand.
    const preload = join(term.scratch, 'throw-on-usr2.cjs');
    writeFileSync(preload, "process.on('SIGUSR2', () => { throw new Error('boom (test)'); });\n");
    const crash = await startUi(['--require', preload]);
    expect(tempFolders(crash)).toHaveLength(1);
    crash.child.kill('SIGUSR2');
    expect(await crash.exited).not.toBe(0);
    expect(crash.stderr()).toContain('boom (test)');
    expect(tempFolders(crash)).toEqual([]);
  });
});
