/** `streamscope ui` as a black box (docs/cli.md): the built CLI, its first line, the token, a clean stop. */
import { describe, expect, it } from 'vitest';
import { startUiProcess } from '../support/host';

describe('streamscope ui', () => {
  it('prints the tokened URL first, serves only with the token, and stops cleanly on SIGTERM', async () => {
    // startUiProcess reads exactly `listening http://127.0.0.1:<port>/?token=<token>`, then
    // `demo http://127.0.0.1:<port>`, and fails on anything else.
    const ui = await startUiProcess();
    try {
      expect(ui.token).toMatch(/^[A-Za-z0-9_-]{22,}$/);
      const page = await fetch(ui.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      expect((await fetch(`${ui.origin}/`)).status).toBe(403);
      const demo = await fetch(`${ui.demoUrl}/metrics`);
      expect(demo.status).toBe(200);
      ui.child.kill('SIGTERM');
      expect(await ui.exited).toBe(0);
    } finally {
      if (ui.child.exitCode === null) ui.child.kill('SIGKILL');
    }
  });
});
