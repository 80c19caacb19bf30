// Test helper, preloaded into the real CLI (`node --import`): the first time the main thread
// closes the file named by SUMMARIZE_TEST_EDIT (the fingerprint's read of it), appends a comment
// to it, as an editor saving the file while the build runs would.
import fs from 'node:fs';
import path from 'node:path';
import { syncBuiltinESMExports } from 'node:module';
import { isMainThread } from 'node:worker_threads';

const target = process.env.SUMMARIZE_TEST_EDIT;
if (isMainThread && target) {
  const openSync = fs.openSync;
  const closeSync = fs.closeSync;
  let targetFd = -1;
  let edited = false;
  fs.openSync = /** @type {typeof fs.openSync} */ (
    /** @param {Parameters<typeof fs.openSync>} args */
    (...args) => {
      const fd = openSync(...args);
      if (!edited && typeof args[0] === 'string' && path.resolve(args[0]) === target) targetFd = fd;
      return fd;
    }
  );
  fs.closeSync = (fd) => {
    closeSync(fd);
    if (fd === targetFd && !edited) {
      edited = true;
      fs.appendFileSync(target, '\n# 保存于生成过程中\n');
    }
  };
  syncBuiltinESMExports();
}
