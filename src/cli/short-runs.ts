// CLI: V8 hands a function to its optimising compiler (TurboFan) after a fixed amount of work in it.
// A build of a few hundred events ends within half a second, before most of that compiled code
// pays off: the compiler threads took 250–300 ms of CPU of the example's 900 (a third), and on
// 2 busy cores they delay the build itself. Eight times the default budget (67584) leaves short
// runs in the interpreter and baseline code, while the loops of a large build still run long
// enough to be optimised (10k and 100k events were not slower, docs/performance.md). Set by the
// commands that check a project, when they start to: loading node:v8 costs a few milliseconds,
// which `--help` and a build with nothing changed need not pay. The flag is process-wide, so the
// log-checking threads get it too. A code cache is valid only under the flags it was made with,
// so the run that writes them writes those of the files compiled so far first (code-cache.ts).

import { setFlagsFromString } from 'node:v8';
import { writeCodeCaches } from './code-cache.js';

let set = false;

export function preferShortRuns(): void {
  if (set) return;
  set = true;
  writeCodeCaches();
  setFlagsFromString('--interrupt-budget=540672');
}
