// Issue 16: summarize.yaml is read and parsed once per build. The build's first step needs its
// `units:` and its bytes (the fingerprint); the load stage takes that same parse. Issue 13: each
// log is read once too, the load stage taking the bytes the fingerprint hashed (up to
// load/fingerprint.ts KEEP_BYTES of logs; beyond, each is read again where it is parsed, which
// test/e2e/log-threads.test.ts covers). Counted in the real CLI by a preloaded module that wraps
// fs.readFileSync and fs.openSync (test/helpers/count-reads.mjs).

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyExample } from '../helpers/examples.js';
import { temporaryFolder } from '../helpers/temp.js';

const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'bin/summarize.js');
const counter = path.join(repo, 'test/helpers/count-reads.mjs');
const clock = path.join(repo, 'test/helpers/clock-ahead.mjs');

/** Builds `example` (a project folder when not an example's name) into `out`; how often each file under it whose path matches `files` was read, by path relative to it. */
function reads(example: string, out: string, { status = 0, files = /(^|\/)summarize\.yaml$/, extra = [] as string[], clockAhead = false } = {}): Record<string, number> {
  const project = path.isAbsolute(example) ? example : path.join(repo, 'examples', example);
  const preload = ['--import', counter, ...(clockAhead ? ['--import', clock] : [])];
  const run = spawnSync('node', [...preload, cli, 'build', '2024', '-C', project, '-o', out, '--format', 'md', ...extra], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(status);
  const counts = JSON.parse(/^file reads (.*)$/m.exec(run.stderr)![1]!) as Record<string, number>;
  return Object.fromEntries(
    Object.entries(counts)
      .map(([file, n]) => [path.relative(project, file), n] as const)
      .filter(([file]) => !file.startsWith('..') && files.test(file)),
  );
}

const configReads = (example: string, out: string, status = 0) => reads(example, out, { status });

describe('summarize.yaml in a build', { timeout: 60_000 }, () => {
  it('is read once (it was read three times: units, fingerprint, load)', () => {
    expect(configReads('shangjie', temporaryFolder('read-once'))).toEqual({ 'summarize.yaml': 1 });
  });

  it('is read once in a roll-up, and each unit’s once for its parse and once for the fingerprint', () => {
    expect(configReads('zhengzhou', temporaryFolder('read-once'))).toEqual({
      'summarize.yaml': 1,
      'units/erqi/summarize.yaml': 2,
      'units/jinshui/summarize.yaml': 2,
      'units/zhongmu/summarize.yaml': 2,
    });
  });

  it('is read once when a summary in it has a mistake, whose code frame shows the text read', () => {
    const project = copyExample('shangjie', path.join(temporaryFolder('read-once'), 'shangjie'));
    const config = path.join(project, 'summarize.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('{{org.name}}', '{{org.name}'));
    expect(configReads(project, temporaryFolder('read-once'), 1)).toEqual({ 'summarize.yaml': 1 });
  });

  it('is only hashed, not parsed, when nothing changed', () => {
    const out = temporaryFolder('read-once');
    configReads('shangjie', out);
    expect(configReads('shangjie', out)).toEqual({ 'summarize.yaml': 1 });
  });
});

describe('the logs in a build', { timeout: 60_000 }, () => {
  const logs = /(^|\/)activities\/2024\/[^/]+$/;
  const once = (counts: Record<string, number>) => Object.values(counts).every((n) => n === 1);

  it('are each read once (they were read twice: fingerprint, load)', () => {
    const counts = reads('shangjie', temporaryFolder('read-once'), { files: logs });
    expect(Object.keys(counts).length).toBeGreaterThan(3);
    expect(counts, JSON.stringify(counts)).toSatisfy(once);
  });

  it('are each read once in a roll-up, the units’ logs too, and with --force', () => {
    const counts = reads('zhengzhou', temporaryFolder('read-once'), { files: logs, extra: ['--force'] });
    expect(Object.keys(counts).filter((file) => file.startsWith('units/')).length).toBeGreaterThan(2);
    expect(counts, JSON.stringify(counts)).toSatisfy(once);
  });
});

describe('the logs in a build after one that kept their stamps (model/file-stamp.ts)', { timeout: 60_000 }, () => {
  const logs = /(^|\/)activities\/2024\/[^/]+$/;

  // A table log (.xlsx, .csv) is read whenever the logs are checked (load/project.ts logFile), stamp or not.
  it('are not read when nothing changed, only the YAML log saved since when one changed, and each once with --force', () => {
    const project = copyExample('shangjie', path.join(temporaryFolder('read-once'), 'shangjie'));
    const out = temporaryFolder('read-once');
    const first = reads(project, out, { files: logs, clockAhead: true });
    expect(Object.keys(first).length).toBeGreaterThan(3);
    expect(reads(project, out, { files: logs, clockAhead: true })).toEqual({});
    const saved = Object.keys(first).find((file) => file.endsWith('.yaml'))!;
    writeFileSync(path.join(project, saved), `${readFileSync(path.join(project, saved), 'utf8')}\n# 又保存了一次\n`);
    const yamlLogs = /(^|\/)activities\/2024\/[^/]+\.yaml$/;
    expect(reads(project, out, { files: yamlLogs, clockAhead: true })).toEqual({ [saved]: 1 });
    const forced = reads(project, out, { files: logs, clockAhead: true, extra: ['--force'] });
    expect(forced).toEqual(first);
  });
});
