import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/global-temp-folder.ts'],
    // The end-to-end tests run the real CLI, a second or two each on an idle machine; on a loaded
    // one (CI runners, several suites at once) vitest's 5 s default failed tests that were right.
    testTimeout: 60_000,
  },
});
