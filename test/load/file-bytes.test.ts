// Load stage: files read into memory used again (load/file-bytes.ts), as the fingerprint and the
// worker threads read a large project's logs, and the logs the fingerprint hashed without keeping
// their bytes (load/fingerprint.ts KEEP_BYTES), which are read again and must be as hashed.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReusedReader } from '../../src/load/file-bytes.js';
import { sha256Hex } from '../../src/model/file-stamp.js';
import { inputFingerprint, KEEP_BYTES, type FileRead } from '../../src/load/fingerprint.js';
import { loadProject } from '../../src/load/project.js';
import { UserError } from '../../src/model/errors.js';
import { configYaml, eventsYaml, writeTree } from '../helpers/rollup-fixtures.js';
import { temporaryFolder } from '../helpers/temp.js';

describe('ReusedReader', () => {
  it('reads each file whole, empty and larger than its first buffer too', () => {
    const folder = temporaryFolder('file-bytes');
    const sizes = [0, 5, (1 << 20) - 1, 1 << 20, (3 << 20) + 7, 12];
    const reader = new ReusedReader();
    sizes.forEach((size, i) => {
      const bytes = Buffer.alloc(size, i + 1);
      const file = path.join(folder, `f${i}`);
      writeFileSync(file, bytes);
      expect(Buffer.from(reader.read(file)).equals(bytes), `${size} bytes`).toBe(true);
    });
  });

  it('throws as readFileSync does for a missing file', () => {
    expect(() => new ReusedReader().read(path.join(temporaryFolder('file-bytes'), 'missing'))).toThrow(/ENOENT/);
  });
});

describe('logs the fingerprint hashed without their bytes', () => {
  const event = (title: string) => eventsYaml([{ date: '2024-03-01', title, metrics: { lectures: 1 } }]);
  const project = () => writeTree({ 'summarize.yaml': configYaml({ name: '共青团测试区委' }), 'activities/2024/a.yaml': event('甲'), 'activities/2024/b.yaml': event('乙') });
  /** The fingerprint's reads of the project's logs, as a project with more than KEEP_BYTES of logs has them. */
  const hashedOnly = (root: string) => {
    const files = new Map<string, FileRead>();
    inputFingerprint({ roots: [root], exclude: [], options: {}, keep: { wanted: (file) => file.includes(`${path.sep}activities${path.sep}`), files } });
    for (const read of files.values()) delete read.bytes;
    return files;
  };

  it('keeps the bytes of logs of at most KEEP_BYTES in all', () => {
    const root = project();
    const files = new Map<string, FileRead>();
    inputFingerprint({ roots: [root], exclude: [], options: {}, keep: { wanted: (file) => file.includes(`${path.sep}activities${path.sep}`), files } });
    expect(KEEP_BYTES).toBeGreaterThan(1 << 20);
    expect([...files.values()].map((read) => Buffer.from(read.bytes!).toString())).toEqual([event('甲'), event('乙')]);
    expect([...files.values()].map((read) => read.digest)).toEqual([sha256Hex(Buffer.from(event('甲'))), sha256Hex(Buffer.from(event('乙')))]);
  });

  it('are read again when parsed, with the digest the fingerprint took', () => {
    const root = project();
    const logs = loadProject(root, 2024, { files: hashedOnly(root) }).activities;
    expect(logs.map((log) => log.yamlPath?.path)).toEqual([path.join(root, 'activities/2024/a.yaml'), path.join(root, 'activities/2024/b.yaml')]);
    expect(logs.map((log) => log.yamlBytes)).toEqual([undefined, undefined]);
    expect(logs.map((log) => (log.source().value as { title: string }[])[0]!.title)).toEqual(['甲', '乙']);
  });

  it('have their digests left to whoever reads them first when asked (deferDigests), above KEEP_BYTES only; the fingerprint is then that of the bytes read', () => {
    const root = project();
    const wanted = (file: string) => file.includes(`${path.sep}activities${path.sep}`);
    const fingerprint = (deferDigests: boolean) => {
      const files = new Map<string, FileRead>();
      return { value: inputFingerprint({ roots: [root], exclude: [], options: {}, keep: { wanted, files, deferDigests } }).value, files };
    };
    const small = fingerprint(true);
    expect([...small.files.values()].every((read) => read.digest !== undefined && read.bytes !== undefined)).toBe(true);
    writeFileSync(path.join(root, 'activities/2024/c.yaml'), `# ${'长'.repeat(KEEP_BYTES / 3)}\n`);
    const whole = fingerprint(false).value();
    const deferred = fingerprint(true);
    expect([...deferred.files.values()].map((read) => [read.digest, read.bytes])).toEqual([...Array(3)].map(() => [undefined, undefined]));
    const logs = loadProject(root, 2024, { files: deferred.files }).activities;
    const digests = ['a', 'b', 'c'].map((name) => sha256Hex(readFileSync(path.join(root, `activities/2024/${name}.yaml`))));
    // a.yaml parsed in the main thread, b.yaml's digest as a worker thread gives it; c.yaml read by nobody until the fingerprint is finished.
    logs[0]!.source();
    logs[1]!.hashedAs!(digests[1]!);
    expect(logs.map((log) => log.digest)).toEqual([digests[0], digests[1], undefined]);
    expect(deferred.value()).toBe(whole);
    expect(logs.map((log) => log.digest)).toEqual(digests);
  });

  it('are refused, by name, when saved between the fingerprint and the parse', () => {
    const root = project();
    const logs = loadProject(root, 2024, { files: hashedOnly(root) }).activities;
    writeFileSync(path.join(root, 'activities/2024/b.yaml'), event('丙'));
    expect(() => logs[0]!.source()).not.toThrow();
    expect(() => logs[1]!.source()).toThrow(UserError);
    expect(() => logs[1]!.source()).toThrow('activities/2024/b.yaml 在生成过程中被修改了');
  });
});
