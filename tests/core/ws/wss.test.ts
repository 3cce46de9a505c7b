// wss:// over a real TLS server on 127.0.0.1. The certificate in fixtures/ is a throwaway
// self-signed one for IP 127.0.0.1, made for these tests only (openssl req -x509 ... -days 3650).
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { createWsConnection } from '../../../src/core/ws/connection';
import { collect } from './helpers';
import { within } from '../../support/wait';

const cert = readFileSync(join(__dirname, 'fixtures', 'localhost-cert.pem'));
const key = readFileSync(join(__dirname, 'fixtures', 'localhost-key.pem'));

let https: Server | null = null;
let wss: WebSocketServer | null = null;

afterEach(async () => {
  for (const c of wss?.clients ?? []) c.terminate();
  wss?.close();
  wss = null;
  https?.closeAllConnections();
  await new Promise<void>((resolve) => (https ? https.close(() => resolve()) : resolve()));
  https = null;
});

async function startTls(): Promise<string> {
  https = createServer({ cert, key });
  wss = new WebSocketServer({ server: https });
  wss.on('connection', (ws) => {
    ws.send('over tls');
    ws.close(1000, 'bye');
  });
  await new Promise<void>((resolve) => https!.listen(0, '127.0.0.1', resolve));
  return `wss://127.0.0.1:${(https.address() as AddressInfo).port}/`;
}

describe('wss://', () => {
  it('connects over TLS when the certificate is trusted, with the same records as ws://', async () => {
    const url = await startTls();
    const c = collect();
    const conn = createWsConnection({ request: { url }, tls: { ca: cert } }, c.sink);
    await within(conn.done, 5000, 'done');
    expect(c.of('response')[0]).toMatchObject({ status: 101, url });
    expect(
      c
        .of('frame')
        .filter((f) => f.dir === 'in')
        .map((f) => f.data),
    ).toEqual(['over tls', '1000 bye']);
    expect(c.records.at(-1)).toMatchObject({ readyState: 3, reason: 'closed-by-server' });
  });

  it('refuses an untrusted certificate with a fatal network error naming the problem', async () => {
    const url = await startTls();
    const c = collect();
    const conn = createWsConnection({ request: { url } }, c.sink);
    await within(conn.done, 5000, 'done');
    expect(c.of('error')[0]).toMatchObject({ code: 'network', fatal: true });
    expect(c.of('error')[0]!.message).toMatch(/self[- ]signed/i);
    expect(c.of('frame')).toEqual([]);
  });
});
