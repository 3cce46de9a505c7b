import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { errorMessage, networkErrorMessage } from '../../src/shared/error-message';

/** A port on 127.0.0.1 that nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('errorMessage', () => {
  it("gives an Error's message and anything else as text", () => {
    expect(errorMessage(new TypeError('bad'))).toBe('bad');
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage(42)).toBe('42');
  });
});

describe('networkErrorMessage', () => {
  it('says why a fetch failed, not only that it did', async () => {
    const port = await closedPort();
    const err = await fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(networkErrorMessage(err)).toMatch(new RegExp(`^fetch failed: .*ECONNREFUSED 127\\.0\\.0\\.1:${port}`));
  });

  it('falls back to the code of a cause without a message, and to the message without a cause', () => {
    const cause = Object.assign(new Error(''), { code: 'ECONNRESET' });
    expect(networkErrorMessage(new Error('fetch failed', { cause }))).toBe('fetch failed: ECONNRESET');
    expect(networkErrorMessage(new Error('aborted'))).toBe('aborted');
    expect(networkErrorMessage(undefined)).toBe('undefined');
  });
});
