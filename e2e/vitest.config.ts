import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The journeys share one server and its default workspace: run them in the
 * same order every time (by file name), not in the order of last run's
 * durations, so one journey's records never surprise another on some runs only.
 */
class ByFileName extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}

// End-to-end journeys in Debian's Chromium against the real server (its own database, a free port).
export default defineConfig({
  test: {
    name: 'e2e',
    root: import.meta.dirname,
    include: ['**/*.e2e.ts'],
    globalSetup: ['support/global-setup.ts'],
    fileParallelism: false,
    sequence: { sequencer: ByFileName },
    testTimeout: 90_000,
    hookTimeout: 180_000,
    // A page's first load (lazy chunks, then its data) can take seconds on a busy 2-core machine; polls wait for it.
    expect: { poll: { timeout: 15_000 } },
  },
});
