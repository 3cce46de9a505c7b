import { defineConfig } from 'vite';

// The benchmarks run as a Node bundle (like the CLI) so they measure the same code users run.
// Row 12's upstream and proxy, and row 7's reader, each run in a process of their own, from entries
// of their own.
export default defineConfig({
  build: {
    ssr: true,
    outDir: 'out/bench',
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: {
      input: {
        index: 'bench/index.ts',
        'proxy-child': 'bench/proxy-child.ts',
        'upstream-child': 'bench/upstream-child.ts',
        'replay-reader-child': 'bench/replay-reader-child.ts',
      },
      output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
    },
  },
});
