import { defineConfig } from 'vite';

// The CLI and the browser host run in plain Node: one SSR bundle, npm dependencies left external.
export default defineConfig({
  build: {
    ssr: 'src/cli/index.ts',
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    rollupOptions: {
      output: { format: 'es', entryFileNames: 'index.mjs' },
    },
  },
});
