// The build record: one entry per build whose outputs are still in the folder, so that builds of
// other kinds or scripts into the same folder keep each other's "unchanged" answer.

import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BUILD_RECORD, outputHashes, readBuildRecord, unchangedBuild, writeBuildRecord, writtenByBuild } from '../../src/write/build-record.js';
import { writeOutputs } from '../../src/write/safe-write.js';
import { stampOf } from '../../src/model/file-stamp.js';
import { temporaryFolder } from '../helpers/temp.js';

const entry = (fingerprint: string) => ({ fingerprint, diagnostics: [], notices: [] });

function folderWith(files: Record<string, string>): string {
  const dir = temporaryFolder('record');
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

function record(dir: string, fingerprint: string, names: string[]): void {
  writeBuildRecord(dir, readBuildRecord(dir), entry(fingerprint), names.map((name) => path.join(dir, name)));
}

describe('the build record', () => {
  it('keeps each build whose outputs are intact, and answers for each', () => {
    const dir = folderWith({ 'bulletin.md': 'b', 'annual.md': 'a' });
    record(dir, 'bulletin-inputs', ['bulletin.md']);
    record(dir, 'annual-inputs', ['annual.md']);
    const builds = readBuildRecord(dir);
    expect(unchangedBuild(dir, builds, 'bulletin-inputs')?.outputs).toHaveProperty('bulletin.md');
    expect(unchangedBuild(dir, builds, 'annual-inputs')?.outputs).toHaveProperty('annual.md');
    expect(unchangedBuild(dir, builds, 'other-inputs')).toBeUndefined();
  });

  it('drops a build whose outputs were all written again, or changed since', () => {
    const dir = folderWith({ 'bulletin.md': 'b', 'bulletin.docx': 'd', 'annual.md': 'a' });
    record(dir, 'md-and-docx', ['bulletin.md', 'bulletin.docx']);
    record(dir, 'annual', ['annual.md']);
    record(dir, 'md-and-docx, new inputs', ['bulletin.md', 'bulletin.docx']);
    writeFileSync(path.join(dir, 'annual.md'), 'edited');
    record(dir, 'md only', ['bulletin.md']);
    expect(readBuildRecord(dir).builds.map((b) => b.fingerprint)).toEqual(['md-and-docx, new inputs', 'md only']);
  });

  it('knows the files it wrote, byte for byte', () => {
    const dir = folderWith({ 'bulletin.md': 'b', 'bulletin.pdf': 'p' });
    record(dir, 'x', ['bulletin.md']);
    const builds = readBuildRecord(dir);
    expect(writtenByBuild(dir, builds, 'bulletin.md')).toBe(true);
    expect(writtenByBuild(dir, builds, 'bulletin.pdf')).toBe(false);
    writeFileSync(path.join(dir, 'bulletin.md'), 'edited');
    expect(writtenByBuild(dir, builds, 'bulletin.md')).toBe(false);
  });

  it('hashes an output larger than the piece it reads at a time: its last byte, and each piece, count', () => {
    const big = 'x'.repeat(3 * (1 << 20) + 5);
    const dir = folderWith({ 'bulletin.figures.json': big });
    const builds = () => readBuildRecord(dir);
    record(dir, 'x', ['bulletin.figures.json']);
    expect(builds().builds[0]!.outputs['bulletin.figures.json']).toBe(createHash('sha256').update(big).digest('hex'));
    for (const edited of [`${big.slice(0, -1)}y`, `${big.slice(0, 1 << 20)}y${big.slice((1 << 20) + 1)}`, `${big}x`, big.slice(0, 1 << 20)]) {
      writeFileSync(path.join(dir, 'bulletin.figures.json'), edited);
      expect(unchangedBuild(dir, builds(), 'x')).toBeUndefined();
    }
    writeFileSync(path.join(dir, 'bulletin.figures.json'), big);
    expect(unchangedBuild(dir, builds(), 'x')).toBeDefined();
  });

  it('reads the record of earlier versions (the last build only) as one build, and an unreadable one as none', () => {
    const dir = folderWith({ 'figures.json': '{}' });
    const hash = '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';
    writeFileSync(path.join(dir, BUILD_RECORD), JSON.stringify({ ...entry('old'), outputs: { 'figures.json': hash } }));
    expect(readBuildRecord(dir).builds.map((b) => b.fingerprint)).toEqual(['old']);
    expect(writtenByBuild(dir, readBuildRecord(dir), 'figures.json')).toBe(true);
    writeFileSync(path.join(dir, BUILD_RECORD), '{"builds": [');
    expect(readBuildRecord(dir).builds).toEqual([]);
  });

  it('takes the hash of what a build has just written from its content, equal to the hash of the file itself', () => {
    const dir = temporaryFolder('record');
    function* pieces() {
      yield Buffer.from('{"a":');
      yield Buffer.from('1}\n');
    }
    const contents = { 'bulletin.md': '一、工作\n', 'bulletin.docx': new Uint8Array([80, 75, 3, 4]), 'bulletin.figures.json': pieces(), 'empty.json': [] };
    const files = Object.entries(contents).map(([name, content]) => ({ path: path.join(dir, name), content }));
    const { written, digests } = outputHashes();
    writeOutputs(files, { written });
    const hashes = digests(files.map((file) => file.path));
    writeBuildRecord(dir, readBuildRecord(dir), entry('x'), [...hashes.keys()], hashes);
    const builds = readBuildRecord(dir);
    for (const name of Object.keys(contents)) expect(writtenByBuild(dir, builds, name)).toBe(true);
    expect(unchangedBuild(dir, builds, 'x')).toBeDefined();
  });
});

describe('the stamps in the build record', () => {
  /** A stamp is kept once its file has settled (model/file-stamp.ts): the clock is moved on instead of waiting. */
  const later = () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 60_000);
  };
  afterEach(() => {
    vi.useRealTimers();
  });
  const stampsInFile = (dir: string) => (JSON.parse(readFileSync(path.join(dir, BUILD_RECORD), 'utf8')) as { stamps: Record<string, string> }).stamps;
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');

  it('keeps the inputs’ stamps it is given and those of the outputs it checked, named from the output folder', () => {
    const project = folderWith({ 'a.yaml': 'a: 1' });
    const dir = folderWith({ 'bulletin.md': 'b', 'annual.md': 'a' });
    const input = path.join(project, 'a.yaml');
    const inputs = new Map([[input, { ...stampOf(statSync(input)), digest: sha('a: 1') }]]);
    writeBuildRecord(dir, readBuildRecord(dir), entry('annual'), [path.join(dir, 'annual.md')], undefined, inputs);
    // Just written: not settled, so not kept.
    expect(Object.keys(stampsInFile(dir))).toEqual([path.relative(dir, input)]);
    later();
    writeBuildRecord(dir, readBuildRecord(dir), entry('bulletin'), [path.join(dir, 'bulletin.md')], undefined, inputs);
    expect(Object.keys(stampsInFile(dir)).sort()).toEqual([path.relative(dir, input), 'annual.md', 'bulletin.md'].sort());
    expect(readBuildRecord(dir).stamps.get(path.join(dir, 'bulletin.md'))).toEqual({ ...stampOf(statSync(path.join(dir, 'bulletin.md'))), digest: sha('b') });
    expect(readBuildRecord(dir).stamps.get(input)?.digest).toBe(sha('a: 1'));
  });

  it('keeps what a build with nothing changed learned, and writes nothing when it learned nothing', () => {
    const dir = folderWith({ 'bulletin.md': 'b' });
    record(dir, 'x', ['bulletin.md']);
    expect(stampsInFile(dir)).toEqual({});
    later();
    expect(unchangedBuild(dir, readBuildRecord(dir), 'x')).toBeDefined();
    expect(Object.keys(stampsInFile(dir))).toEqual(['bulletin.md']);
    const written = statSync(path.join(dir, BUILD_RECORD)).mtimeMs;
    expect(unchangedBuild(dir, readBuildRecord(dir), 'x')).toBeDefined();
    expect(statSync(path.join(dir, BUILD_RECORD)).mtimeMs).toBe(written);
  });

  it('takes an output’s digest from its stamp when the stamp is unchanged, and hashes the output when it is not', () => {
    const dir = folderWith({ 'bulletin.md': 'b' });
    later();
    record(dir, 'x', ['bulletin.md']);
    const recordFile = path.join(dir, BUILD_RECORD);
    const text = readFileSync(recordFile, 'utf8');
    const parsed = JSON.parse(text) as { stamps: Record<string, string> };
    // A digest in the stamp that is not the file's: only an answer that trusted the stamp can be "changed".
    const stamps = { ...parsed.stamps, 'bulletin.md': parsed.stamps['bulletin.md']!.replace(/[0-9a-f]{64}$/, '0'.repeat(64)) };
    writeFileSync(recordFile, JSON.stringify({ ...parsed, stamps, stampsCheck: sha(JSON.stringify(stamps)) }));
    expect(unchangedBuild(dir, readBuildRecord(dir), 'x')).toBeUndefined();
    // The same, without the check of the stamps made again: damaged, they are all ignored, and the file is hashed.
    writeFileSync(recordFile, JSON.stringify({ ...parsed, stamps }));
    expect(readBuildRecord(dir).stamps.size).toBe(0);
    expect(unchangedBuild(dir, readBuildRecord(dir), 'x')).toBeDefined();
    writeFileSync(recordFile, text);
    expect(unchangedBuild(dir, readBuildRecord(dir), 'x')).toBeDefined();
    writeFileSync(path.join(dir, 'bulletin.md'), 'edited');
    expect(unchangedBuild(dir, readBuildRecord(dir), 'x')).toBeUndefined();
  });

  it('ignores a stamp it cannot read, and reads a record without stamps', () => {
    const dir = folderWith({ 'bulletin.md': 'b' });
    record(dir, 'x', ['bulletin.md']);
    const recordFile = path.join(dir, BUILD_RECORD);
    const parsed = JSON.parse(readFileSync(recordFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(recordFile, JSON.stringify({ ...parsed, stamps: { 'bulletin.md': 'not a stamp', 'other.md': 7 } }));
    expect(readBuildRecord(dir).stamps.size).toBe(0);
    expect(unchangedBuild(dir, readBuildRecord(dir), 'x')).toBeDefined();
    writeFileSync(recordFile, JSON.stringify({ builds: parsed.builds }));
    expect(readBuildRecord(dir).stamps.size).toBe(0);
    expect(unchangedBuild(dir, readBuildRecord(dir), 'x')).toBeDefined();
  });
});
