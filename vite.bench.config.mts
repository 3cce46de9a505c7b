import { defineConfig } from 'vite';

// The benchmarks run as one Node bundle (like the CLI) so they measure the same code users run.
export default defineConfig({
  build: {
    ssr: 'bench/index.ts',
    outDir: 'out/bench',
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: { output: { format: 'es', entryFileNames: 'index.mjs' } },
  },
});
