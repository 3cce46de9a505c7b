import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    // eventsource-parser is ESM-only: bundle it so the CommonJS main never require()s an ES module.
    build: { externalizeDeps: { exclude: ['eventsource-parser'] } },
  },
  preload: {},
  renderer: {
    plugins: [react()],
  },
});
