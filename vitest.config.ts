import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/global-temp-folder.ts'],
    // .bench/ holds the benchmark's copies of the tool, and a developer's copy of the repository
    // to compare against: its tests are not this tree's.
    exclude: [...configDefaults.exclude, '.bench/**'],
    // Many tests start the real CLI, LibreOffice or Chromium; on a busy 2-core machine one such run
    // can take longer than vitest's 5 s default. Speed is measured by `npm run bench`, not here.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
