// CLI: V8 hands a function to its optimising compiler (TurboFan) after a fixed amount of work in it.
// A build of a few hundred events ends within half a second, before most of that compiled code
// pays off: the compiler threads took 250–300 ms of CPU of the example's 900 (a third), and on
// 2 busy cores they delay the build itself. Eight times the default budget (67584) leaves short
// runs in the interpreter and baseline code, while the loops of a large build still run long
// enough to be optimised (10k and 100k events were not slower, docs/performance.md). Set by
// start.ts before the first module compiles, for every command but help (loading node:v8 costs a
// few milliseconds, and the code caches are valid only under the flags they were made with), and by
// the commands that check a project, for runs of the ES modules (--debug, tests). The flag is
// process-wide, so the log-checking threads get it too.

import { setFlagsFromString } from 'node:v8';

export function preferShortRuns(): void {
  setFlagsFromString('--interrupt-budget=540672');
}
