// Validate stage: large projects have their logs parsed and checked in worker threads, one log at
// a time, each on its own (checkLog). At 100k events that is most of a cold build's time (js-yaml,
// typing slips, the schema and event rules), and the parse trees then live and die in the
// workers' heaps rather than in the main thread's. Results are put back in file order, so the
// events and problems are those of checking the logs one after the other.
//
// The stages are synchronous: the main thread waits for the workers with Atomics.wait on a shared
// counter that each worker raises after posting a result, and takes the results with
// receiveMessageOnPort, so no event loop has to turn.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { decodeCheckedLog, type CacheEntry, type CheckedLog, type EntrySlot } from '../cache/checked-logs.js';
import type { LogChecks } from './project.js';
import { changedWhileBuilding } from '../load/project.js';

/** SUMMARIZE_THREADS=1 checks every log in the main thread; unset, one thread per core. */
export const THREADS_VARIABLE = 'SUMMARIZE_THREADS';
/**
 * Starting a worker costs 0.15–0.3 s of CPU (loading the validate stage's modules; measured at load
 * 12 on 7k events, 2.3 MB, with one thread and with two), about what 2 MB of logs cost to check:
 * below that share per worker, a worker does not pay for itself.
 */
const BYTES_PER_WORKER = 2 * 1024 * 1024;
/**
 * Each worker is one more heap and one more start: at 100k events 8 threads used 12.7 s of CPU
 * against 8.9 s for 2 (on 2 cores, load 11), for about the same memory; more would mostly add cost.
 */
const MAX_THREADS = 8;
/** A worker that has not answered for this long has died (out of memory) without saying so. */
const SILENCE_LIMIT_MS = 120_000;
/**
 * Jobs each worker holds at once, so that it does not wait for the main thread between two logs:
 * the main thread stops answering for 50–120 ms at a time (a collection of its growing heap, a
 * batch of cache entries written: 118 ms in open() once), and with 2 jobs held each worker sat
 * idle for 0.2–0.45 s of a 100k build. A job is one log's bytes (about 0.1 MB in the generated
 * projects), so 8 cost little memory.
 */
const IN_FLIGHT = 8;

/**
 * A log to check: its bytes, or (a large project's, load/fingerprint.ts KEEP_BYTES) its path for
 * the worker to read, which must find the bytes the fingerprint hashed.
 */
export type LogJob = { file: string; size: number } & ({ bytes: Uint8Array } | { path: string; digest?: string }) & {
    /** The log's cache entry, for the worker to write with the log checked. */
    entry?: CacheEntry | undefined;
    /** For a log read without a digest: where its entry goes, named by the digest the worker takes (cache entryIn). */
    entrySlot?: EntrySlot | undefined;
  };

export type JobMessage = { checks: LogChecks } | ({ index: number } & LogJob);
export type ResultMessage =
  | { index: number; encoded: Uint8Array<ArrayBuffer>; entryWritten?: boolean; digest?: string }
  | { index: number; changed: true }
  | { index: number; error: string };

/**
 * Takes each job's checked log as it comes back (in any order), with encodeCheckedLog's bytes of
 * it, for the cache to write as they are (taken at once, the bytes of every log are not all held
 * until the last one is checked), whether the worker wrote the job's entry (undefined when it did
 * not try: no entry, or a log the cache does not keep), and the digest of the bytes the worker
 * parsed when the job came without one.
 */
export type ReceiveLog = (log: { job: number; checked: CheckedLog; encoded: Uint8Array; entryWritten?: boolean; digest?: string }) => void;

/** Null when the logs are better checked in the main thread: too few bytes, one core, or no bundled worker. */
export function logThreads(jobs: readonly LogJob[]): number | null {
  const bytes = jobs.reduce((sum, job) => sum + job.size, 0);
  const threads = Math.min(configuredThreads(), MAX_THREADS, Math.floor(bytes / BYTES_PER_WORKER), jobs.length);
  return threads >= 2 && existsSync(WORKER_FILE) ? threads : null;
}

// Tests that import src/ directly run without dist/: there is no worker file, and logs are checked in the main thread.
const WORKER_FILE = fileURLToPath(new URL('./check-logs.worker.js', import.meta.url));

function configuredThreads(): number {
  const asked = Number(process.env[THREADS_VARIABLE]);
  return Number.isInteger(asked) && asked >= 1 ? asked : availableParallelism();
}

/** Each job's checked log, to `receive` as it comes back. */
export function checkLogsInThreads(jobs: readonly LogJob[], checks: LogChecks, threads: number, receive: ReceiveLog): void {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const workers = Array.from({ length: threads }, () => startWorker(signal, plainChecks(checks)));
  let next = 0;
  let pending = jobs.length;
  const give = (worker: RunningWorker): void => {
    if (next >= jobs.length) return;
    const index = next++;
    const { entry, entrySlot, ...job } = jobs[index]!;
    worker.thread.postMessage({ index, ...job, ...(entry ? { entry } : {}), ...(entrySlot ? { entrySlot } : {}) } satisfies JobMessage);
    worker.inFlight++;
  };
  try {
    for (let round = 0; round < IN_FLIGHT; round++) workers.forEach(give);
    let quietSince = Date.now();
    while (pending > 0) {
      const seen = Atomics.load(signal, 0);
      let received = false;
      for (const worker of workers) {
        for (let message = receiveMessageOnPort(worker.results); message; message = receiveMessageOnPort(worker.results)) {
          const result = message.message as ResultMessage;
          if ('error' in result) throw new Error(`checking ${jobs[result.index]!.file} in a worker thread failed: ${result.error}`);
          if ('changed' in result) throw changedWhileBuilding(jobs[result.index]!.file);
          pending--;
          received = true;
          worker.inFlight--;
          // The worker's next log first, so that it never waits while this one is taken in; a
          // worker with nothing left to do ends now, its heap freed while the others finish.
          give(worker);
          if (worker.inFlight === 0) stop(worker);
          const digest = result.digest === undefined ? {} : { digest: result.digest };
          receive({ job: result.index, checked: decoded(result.encoded), encoded: result.encoded, ...(result.entryWritten === undefined ? {} : { entryWritten: result.entryWritten }), ...digest });
        }
      }
      if (received) quietSince = Date.now();
      else if (Date.now() - quietSince > SILENCE_LIMIT_MS) throw new Error(`no worker thread answered for ${SILENCE_LIMIT_MS / 1000} s`);
      else if (pending > 0) Atomics.wait(signal, 0, seen, 1000);
    }
  } finally {
    workers.forEach(stop);
  }
}

function stop(worker: RunningWorker): void {
  if (worker.stopped) return;
  worker.stopped = true;
  worker.results.close();
  void worker.thread.terminate();
}

function decoded(encoded: Uint8Array): CheckedLog {
  const checked = decodeCheckedLog(encoded);
  if (!checked) throw new Error('a worker thread sent a checked log in another format');
  return checked;
}

interface RunningWorker {
  thread: Worker;
  results: MessagePort;
  /** Jobs posted and not yet answered. */
  inFlight: number;
  stopped: boolean;
}

function startWorker(signal: Int32Array, checks: LogChecks): RunningWorker {
  const { port1, port2 } = new MessageChannel();
  const thread = new Worker(WORKER_FILE, { workerData: { signal, results: port2 }, transferList: [port2] });
  // Terminated when the logs are checked; should the build end earlier (an error), it must not wait for the worker.
  thread.unref();
  thread.postMessage({ checks } satisfies JobMessage);
  return { thread, results: port1, inFlight: 0, stopped: false };
}

/**
 * The config holds functions (where each character of a summary was typed), which cannot be sent
 * to a thread; the log checks read only its ids and titles, which JSON keeps.
 */
function plainChecks(checks: LogChecks): LogChecks {
  const { fieldNames, ...rest } = checks;
  return { ...(JSON.parse(JSON.stringify(rest)) as Omit<LogChecks, 'fieldNames'>), fieldNames };
}
