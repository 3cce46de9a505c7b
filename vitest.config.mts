import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Timing-sensitive tests share 2 cores: keep file parallelism modest.
    maxWorkers: 2,
  },
});
