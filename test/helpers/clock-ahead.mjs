// Test helper, preloaded into the real CLI (`node --import`): the main thread's clock runs a
// minute ahead, so the files a test has just written count as settled and their stamps are kept
// (src/model/file-stamp.ts), as they would be a few seconds later.
const now = Date.now;
Date.now = () => now() + 60_000;
