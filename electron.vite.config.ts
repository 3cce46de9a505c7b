import { createHash } from 'node:crypto';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/**
 * Dev server only: React Fast Refresh injects an inline preamble script, which the page's CSP
 * (`script-src 'self'`) rightly refuses. Allow exactly those scripts by their hashes, never
 * 'unsafe-inline'; builds are untouched.
 */
function allowDevInlineScriptsByHash(): Plugin {
  return {
    name: 'streamscope:dev-csp-hashes',
    apply: 'serve',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
          (m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`,
        );
        if (hashes.length === 0) return html;
        return html.replace(/(script-src 'self')/, `$1 ${hashes.join(' ')}`);
      },
    },
  };
}

export default defineConfig({
  main: {
    // eventsource-parser is ESM-only: bundle it so the CommonJS main never require()s an ES module.
    build: { externalizeDeps: { exclude: ['eventsource-parser'] } },
  },
  preload: {},
  renderer: {
    plugins: [react(), allowDevInlineScriptsByHash()],
    // Minified: the page parses a third of the bytes before the launcher can paint (bench row 13).
    build: { minify: true },
    // The dev server listens on loopback only (main trusts no other origin).
    server: { host: '127.0.0.1' },
  },
});
