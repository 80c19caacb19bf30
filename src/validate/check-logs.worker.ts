// Worker thread of validate/log-threads.ts: parses and checks the logs it is sent, one at a time,
// and posts each checked log back on its results port, then raises the shared counter the main
// thread waits on.

import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { yamlSourceFromBytes } from '../load/project.js';
import { ReusedReader } from '../load/file-bytes.js';
import { sha256Hex } from '../model/file-stamp.js';
import { checkLog, type LogChecks } from './project.js';
import { encodeCheckedLog, entryIn, mayBeCached, writeEntry } from '../cache/checked-logs.js';
import type { JobMessage, ResultMessage } from './log-threads.js';

const { signal, results } = workerData as { signal: Int32Array; results: MessagePort };
let checks: LogChecks | undefined;
/** The logs of a large project are read here (see LogJob), each into the memory of the one before. */
const reader = new ReusedReader();

parentPort!.on('message', (message: JobMessage) => {
  if ('checks' in message) {
    checks = message.checks;
    return;
  }
  let result: ResultMessage;
  try {
    const bytes = 'bytes' in message ? message.bytes : readAsHashed(message.path, message.digest);
    if (!bytes) {
      post({ index: message.index, changed: true });
      return;
    }
    // A log sent without a digest (fingerprint.ts deferDigests) is known by that of the bytes read here.
    const digest = 'path' in message && message.digest === undefined ? { digest: sha256Hex(bytes) } : {};
    const entry = message.entry ?? (message.entrySlot && digest.digest !== undefined ? entryIn(message.entrySlot, digest.digest) : undefined);
    const checked = checkLog(yamlSourceFromBytes(message.file, bytes), checks!);
    // In the form the cache writes (which the main thread then need not make), and cheaper across
    // than a structured clone of the events: its buffer is handed over, not copied.
    const encoded = encodeCheckedLog(checked);
    result = { index: message.index, encoded, ...(entry && mayBeCached(checked) ? { entryWritten: writeEntry(entry, encoded) } : {}), ...digest };
  } catch (error) {
    result = { index: message.index, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  post(result);
});

/**
 * The log's bytes, or undefined when they are not those the fingerprint hashed (saved, or removed,
 * since); any bytes it has when the fingerprint left its digest to this read.
 */
function readAsHashed(file: string, digest: string | undefined): Uint8Array | undefined {
  let bytes;
  try {
    bytes = reader.read(file);
  } catch {
    return undefined;
  }
  return digest === undefined || sha256Hex(bytes) === digest ? bytes : undefined;
}

function post(result: ResultMessage): void {
  try {
    results.postMessage(result, 'encoded' in result ? [result.encoded.buffer] : []);
  } catch (error) {
    // Something in the result that cannot be sent (a bug): the main thread must hear of it, not wait.
    results.postMessage({ index: result.index, error: String(error) } satisfies ResultMessage);
  }
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}
