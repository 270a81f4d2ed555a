import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'core', include: ['packages/core/test/**/*.test.ts'] } },
      { test: { name: 'web', include: ['packages/web/test/**/*.test.ts'] } },
      {
        test: {
          name: 'server',
          include: ['packages/server/test/**/*.test.ts'],
          testTimeout: 60000,
          hookTimeout: 60000,
          // PGlite files each have their own in-memory database, so they run side by side (one per core).
          // Postgres tests share one server: files run one after another so schema names never race.
          fileParallelism: process.env.MAINLINE_TEST_DB !== 'postgres',
        },
      },
    ],
  },
});
