import { defineConfig } from 'vite';

// The benchmarks run as a Node bundle (like the CLI) so they measure the same code users run.
// Row 12's proxy runs in a process of its own, from an entry of its own (bench/proxy-child.ts).
export default defineConfig({
  build: {
    ssr: true,
    outDir: 'out/bench',
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: {
      input: { index: 'bench/index.ts', 'proxy-child': 'bench/proxy-child.ts' },
      output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
    },
  },
});
