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
          // Postgres tests share one database: files run one after another so schema names never race.
          fileParallelism: false,
        },
      },
    ],
  },
});
