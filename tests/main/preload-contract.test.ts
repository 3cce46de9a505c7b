/**
 * The IPC contract: the preload and the browser host client both implement every InspectorApi
 * method, and the preload exposes nothing but that object. The preload imports electron, which
 * cannot load here, so it is checked from its source; the compiler already checks its shape.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_METHODS, INVOKE_METHODS } from '../../src/shared/channels';
import { createHostClient } from '../../src/renderer/bridge/host-client';

const root = join(__dirname, '..', '..');
const preload = readFileSync(join(root, 'src/preload/index.ts'), 'utf8');

/** A WebSocket stand-in that never connects: enough to build the client and list its methods. */
class OfflineSocket {
  static readonly OPEN = 1;
  readonly readyState = 0;
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: (() => void) | null = null;
  onerror: (() => void) | null = null;
  send(): void {}
  close(): void {}
}

function methodsOf(api: object): string[] {
  return Object.entries(api).flatMap(([group, methods]) =>
    typeof methods === 'object' && methods !== null ? Object.keys(methods).map((m) => `${group}.${m}`) : [],
  );
}

describe('the IPC contract', () => {
  it('the canonical list covers every InspectorApi method once', () => {
    expect(new Set(API_METHODS).size).toBe(API_METHODS.length);
    expect(API_METHODS).toContain('sessions.subscribe');
    expect(INVOKE_METHODS).not.toContain('sessions.subscribe');
    expect(INVOKE_METHODS.length).toBe(API_METHODS.length - 1);
  });

  it('the preload invokes exactly the request methods, each on its named channel', () => {
    const invoked = [...preload.matchAll(/invoke\('([a-zA-Z]+\.[a-zA-Z]+)'/g)].map((m) => m[1]);
    expect([...invoked].sort()).toEqual([...INVOKE_METHODS].sort());
    expect(preload).toMatch(/subscribe\(listener\)/);
    expect(preload).toMatch(/ipcRenderer\.on\(BATCH_CHANNEL/);
    // The one message the preload sends: the batch acknowledgement (backpressure).
    expect([...preload.matchAll(/ipcRenderer\.send\(([^,]+),/g)].map((m) => m[1])).toEqual(['BATCH_ACK_CHANNEL']);
  });

  it('the preload exposes one object, window.streamscope, and never ipcRenderer itself', () => {
    const exposures = [...preload.matchAll(/exposeInMainWorld\(([^)]*)\)/g)].map((m) => m[1]);
    expect(exposures).toEqual(["'streamscope', api"]);
    expect(preload).toMatch(/const api: InspectorApi = \{/);
    // ipcRenderer only appears in invoke/on/send calls and the import.
    const uses = [
      ...preload
        .split('\n')
        .filter((l) => !/^\s*(\*|\/\/|\/\*)/.test(l))
        .join('\n')
        .matchAll(/ipcRenderer(\.\w+)?/g),
    ].map((m) => m[1] ?? '(bare)');
    expect(new Set(uses)).toEqual(new Set(['(bare)', '.invoke', '.on', '.send']));
    const code = preload.split('\n').filter((l) => !/^\s*(\*|\/\/|\/\*)/.test(l));
    const bare = code.filter((l) => /\bipcRenderer\b(?!\.)/.test(l));
    expect(bare.every((l) => l.startsWith('import '))).toBe(true);
    expect(preload).not.toMatch(/\bsend\s*:\s*\(channel/);
  });

  it('the browser host client implements every method', () => {
    const client = createHostClient({
      url: 'ws://127.0.0.1:1/api',
      WebSocketImpl: OfflineSocket as unknown as typeof WebSocket,
    });
    try {
      const { dispose: _dispose, ...api } = client;
      expect(methodsOf(api).sort()).toEqual([...API_METHODS].sort());
    } finally {
      client.dispose();
    }
  });
});
