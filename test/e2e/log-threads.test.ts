// A project with megabytes of logs has them checked in worker threads (validate/log-threads.ts):
// the build must write the same bytes and report the same problems, in the same order and at the
// same positions, as one that checks every log in the main thread.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CACHE_DIR_VARIABLE } from '../../src/cache/checked-logs.js';
import { THREADS_VARIABLE } from '../../src/validate/log-threads.js';
import { temporaryFolder } from '../helpers/temp.js';

const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'bin/summarize.js');
const OUTPUTS = ['bulletin.md', 'bulletin.docx', 'bulletin.figures.json'];

describe('logs checked in worker threads', { timeout: 180_000 }, () => {
  let folder: string;
  let project: string;
  const logs = () => path.join(project, 'activities/2024');
  const edit = (name: string, from: string | RegExp, to: string) => {
    const file = path.join(logs(), name);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(from);
    writeFileSync(file, text.replace(from, to));
  };
  /**
   * A build with `threads` threads, cold unless `cache` names a cache folder; the number of threads
   * that ran is the number of CPU profiles node wrote.
   */
  const build = (name: string, threads: number, cache?: string) => {
    const dir = path.join(folder, name);
    const profiles = path.join(folder, `${name}-profiles`);
    const run = spawnSync('node', ['--cpu-prof', '--cpu-prof-dir', profiles, cli, 'build', '2024', '-C', project, '--format', 'md,docx', '--force', ...(cache ? [] : ['--no-cache']), '--reporter', 'json', '-o', dir], {
      encoding: 'utf8',
      env: { ...process.env, [THREADS_VARIABLE]: String(threads), ...(cache ? { [CACHE_DIR_VARIABLE]: cache } : {}) },
    });
    const outputs = run.status === 0 ? OUTPUTS.map((file) => readFileSync(path.join(dir, file))) : [];
    return { status: run.status, report: run.stdout.replaceAll(dir, '<out>'), outputs, threads: readdirSync(profiles).length };
  };

  beforeAll(() => {
    folder = temporaryFolder('log-threads');
    project = path.join(folder, 'p');
    // About 4.6 MB of logs in 47 files: enough for two workers (one per 2 MB), whatever SUMMARIZE_THREADS allows beyond.
    const made = spawnSync('node', [path.join(repo, 'scripts/generate-project.mjs'), '--events', '14000', '--out', project], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
  });

  it('writes the same bytes as the main thread alone', () => {
    const alone = build('alone', 1);
    const threaded = build('threaded', 3);
    expect(alone.status).toBe(0);
    expect(alone.threads).toBe(1);
    expect(threaded.threads).toBe(3);
    expect(threaded.report).toBe(alone.report);
    threaded.outputs.forEach((bytes, i) => expect(bytes.equals(alone.outputs[i]!), OUTPUTS[i]).toBe(true));
  });

  it('writes the cache entries the main thread writes (from the workers), which the next build reads', () => {
    const entries = (cache: string) => {
      const dir = path.join(cache, 'logs');
      return new Map(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name))]));
    };
    const aloneCache = path.join(folder, 'cache-alone');
    const threadedCache = path.join(folder, 'cache-threaded');
    const alone = build('alone-cached', 1, aloneCache);
    const threaded = build('threaded-cached', 3, threadedCache);
    expect(threaded.threads).toBe(3);
    const written = entries(aloneCache);
    expect(written.size).toBe(readdirSync(logs()).length);
    expect([...entries(threadedCache).keys()].sort()).toEqual([...written.keys()].sort());
    for (const [name, bytes] of entries(threadedCache)) expect(bytes.equals(written.get(name)!), name).toBe(true);
    const again = build('threaded-again', 3, threadedCache);
    expect(again.threads).toBe(1);
    expect(again.report).toBe(alone.report);
    again.outputs.forEach((bytes, i) => expect(bytes.equals(alone.outputs[i]!), OUTPUTS[i]).toBe(true));
    // A cache that cannot be written (its folder would be inside a file): the build is the same, only not cached.
    const blocked = path.join(folder, 'not-a-folder');
    writeFileSync(blocked, '');
    const uncached = build('threaded-uncached', 3, path.join(blocked, 'cache'));
    expect(uncached.threads).toBe(3);
    expect(uncached.report).toBe(alone.report);
    uncached.outputs.forEach((bytes, i) => expect(bytes.equals(alone.outputs[i]!), OUTPUTS[i]).toBe(true));
  });

  it('refuses a log saved after the fingerprint read it, in a worker and in the main thread alike', () => {
    // More than KEEP_BYTES of logs: the fingerprint keeps only their digests, and each log is read again where it is parsed.
    const log = path.join(logs(), 'events-0009.yaml');
    const original = readFileSync(log);
    const other = path.join(logs(), 'events-0001.yaml');
    const otherOriginal = readFileSync(other);
    const out = path.join(folder, 'saved-while-building');
    const run = (threads: number, edit: boolean) =>
      spawnSync('node', ['--import', path.join(repo, 'test/helpers/edit-after-read.mjs'), cli, 'build', '2024', '-C', project, '--format', 'md', '--no-cache', '-o', out], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', [THREADS_VARIABLE]: String(threads), ...(edit ? { SUMMARIZE_TEST_EDIT: log } : {}) },
      });
    try {
      expect(run(1, false).status).toBe(0);
      const before = readFileSync(path.join(out, 'bulletin.md'));
      for (const threads of [3, 1]) {
        writeFileSync(log, original);
        // Another log changed since the recorded build: the fingerprint reads every log to find which.
        writeFileSync(other, Buffer.concat([otherOriginal, Buffer.from(`\n# ${threads}\n`)]));
        const failed = run(threads, true);
        expect(failed.status, `${threads} threads`).toBe(2);
        expect(failed.stderr).toContain('activities/2024/events-0009.yaml 在生成过程中被修改了');
        expect(failed.stderr).not.toMatch(/\n\s+at /);
        expect(readFileSync(log).equals(original)).toBe(false);
        expect(readFileSync(path.join(out, 'bulletin.md')).equals(before)).toBe(true);
      }
    } finally {
      writeFileSync(log, original);
      writeFileSync(other, otherOriginal);
    }
  });

  it('reads each log once in a build with nothing to compare with, where it is parsed, and records the fingerprint of what it parsed', () => {
    // No earlier build and no cache entry: the fingerprint leaves each log's digest to the thread that parses it.
    const out = path.join(folder, 'read-where-parsed');
    const cache = path.join(folder, 'cache-read-where-parsed');
    const run = (threads: number) =>
      spawnSync('node', ['--import', path.join(repo, 'test/helpers/count-reads.mjs'), cli, 'build', '2024', '-C', project, '--format', 'md', '-o', out], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', [THREADS_VARIABLE]: String(threads), [CACHE_DIR_VARIABLE]: cache },
      });
    const logReadsInMainThread = (stderr: string) => {
      const counts = JSON.parse(/^file reads (.*)$/m.exec(stderr)![1]!) as Record<string, number>;
      return Object.entries(counts).filter(([file]) => path.dirname(file) === logs());
    };
    const cold = run(3);
    expect(cold.status, cold.stderr).toBe(0);
    expect(logReadsInMainThread(cold.stderr)).toEqual([]);
    // The entries the threads wrote, named by the digests they took, are found; nothing changed since.
    const unchanged = run(3);
    expect(unchanged.status).toBe(0);
    expect(unchanged.stdout).toContain('输入与上次生成时相同');
    rmSync(out, { recursive: true });
    const fromCache = run(3);
    expect(fromCache.status).toBe(0);
    expect(logReadsInMainThread(fromCache.stderr).map(([, reads]) => reads)).toEqual(readdirSync(logs()).map(() => 1));
    expect(readdirSync(path.join(cache, 'logs'))).toHaveLength(readdirSync(logs()).length);
  });

  it('reports the same problems in the same order and at the same positions', () => {
    edit('events-0002.yaml', /title: (.*)”/, 'title: $1"');
    edit('events-0007.yaml', /section: youth/, 'section: yuoth');
    edit('events-0011.yaml', /date: 2024-0(\d)-/, 'date: 2023-0$1-');
    edit('events-0013.yaml', /metrics: \{(\w+): \d+/, 'metrics: {$1: 1e300');
    edit('events-0020.yaml', /metrics: \{(\w+): \d+/, 'metrics: {$1: -0');
    edit('events-0025.yaml', /\n- date:/, '\n- date: 2024-02-30\n  oops: [\n- date:');
    const alone = build('alone-problems', 1);
    const threaded = build('threaded-problems', 3);
    expect(alone.status).not.toBe(0);
    expect(threaded.threads).toBe(3);
    for (const code of ['half-width-punctuation', 'unknown-section', 'date-outside-year']) expect(alone.report).toContain(code);
    expect(threaded.status).toBe(alone.status);
    expect(threaded.report).toBe(alone.report);
  });
});
