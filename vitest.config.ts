import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/global-temp-folder.ts'],
    // Many tests start the real CLI, LibreOffice or Chromium; on a busy 2-core machine one such run
    // can take longer than vitest's 5 s default. Speed is measured by `npm run bench`, not here.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
