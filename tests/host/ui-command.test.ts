/** `streamscope ui` as a black box (docs/cli.md): the built CLI, its first line, the token, a clean stop. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

const bin = join(__dirname, '..', '..', 'bin', 'streamscope.js');

describe('streamscope ui', () => {
  it('prints the tokened URL first, serves only with the token, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'ui', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const lines = createInterface({ input: child.stdout });
      const got: string[] = [];
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no output; got ${JSON.stringify(got)}`)), 15_000);
        lines.on('line', (l) => {
          got.push(l);
          if (got.length === 2) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const m = /^listening (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{22,}))$/.exec(got[0]!);
      expect(m, got[0]).not.toBeNull();
      expect(got[1]).toMatch(/^demo http:\/\/127\.0\.0\.1:\d+$/);
      const page = await fetch(m![1]!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      expect((await fetch(`http://127.0.0.1:${m![2]}/`)).status).toBe(403);
      const demo = await fetch(`${got[1]!.slice('demo '.length)}/metrics`);
      expect(demo.status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
