// Issue 13: a file fingerprinted before whose stamp (size, inode, times) is unchanged is not read
// again: its digest is taken from the stamp kept (model/file-stamp.ts). A stamp is kept only once
// the file has settled, so the clock is moved on here instead of waiting.

import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { inputFingerprint, type FileRead } from '../../src/load/fingerprint.js';
import { parseStamp, settled, sha256Hex, stampOf, stampText, type StampedDigest } from '../../src/model/file-stamp.js';
import { configYaml, eventsYaml, writeTree } from '../helpers/rollup-fixtures.js';

const event = (title: string) => eventsYaml([{ date: '2024-03-01', title, metrics: { lectures: 1 } }]);
const isLog = (file: string) => file.includes(`${path.sep}activities${path.sep}`);

function fingerprint(root: string, known?: ReadonlyMap<string, StampedDigest>) {
  const files = new Map<string, FileRead>();
  const result = inputFingerprint({ roots: [root], exclude: [], options: {}, keep: { wanted: isLog, files }, ...(known ? { known } : {}) });
  return { ...result, files };
}

const later = () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + 60_000);
};

afterEach(() => {
  vi.useRealTimers();
});

describe('stamps in the fingerprint', () => {
  it('keeps none of a file changed a moment ago, and each file’s once it has settled', () => {
    const root = writeTree({ 'summarize.yaml': configYaml({ name: '共青团测试区委' }), 'activities/2024/a.yaml': event('甲') });
    const first = fingerprint(root);
    first.value();
    expect([...first.stamps().keys()].filter((file) => file.startsWith(root))).toEqual([]);
    later();
    const settledNow = fingerprint(root);
    settledNow.value();
    const stamps = settledNow.stamps();
    const log = path.join(root, 'activities/2024/a.yaml');
    expect(stamps.get(log)).toEqual({ ...stampOf(statSync(log)), digest: sha256Hex(event('甲')) });
    expect(stamps.has(path.join(root, 'summarize.yaml'))).toBe(true);
  });

  it('takes the digest of a file whose stamp is the one kept, without reading it, and reads one whose stamp is not', () => {
    const root = writeTree({ 'summarize.yaml': configYaml({ name: '共青团测试区委' }), 'activities/2024/a.yaml': event('甲'), 'activities/2024/b.yaml': event('乙') });
    later();
    const first = fingerprint(root);
    const value = first.value();
    const stamps = first.stamps();
    // A digest that no content has: only a fingerprint that trusted the stamp can give it.
    const a = path.join(root, 'activities/2024/a.yaml');
    const known = new Map(stamps).set(a, { ...stamps.get(a)!, digest: 'f'.repeat(64) });
    const again = fingerprint(root, known);
    expect(again.files.get(a)).toEqual({ size: stamps.get(a)!.size, digest: 'f'.repeat(64) });
    expect(again.value()).not.toBe(value);
    expect(fingerprint(root, stamps).value()).toBe(value);

    const b = path.join(root, 'activities/2024/b.yaml');
    writeFileSync(b, event('乙乙'));
    const edited = fingerprint(root, stamps);
    expect(edited.files.get(b)!.digest).toBe(sha256Hex(event('乙乙')));
    expect(edited.files.get(b)!.bytes).toBeDefined();
    expect(edited.value()).not.toBe(value);
  });

  it('does not keep the stamp of a file read before its stat (summarize.yaml as the build read it)', () => {
    const root = writeTree({ 'summarize.yaml': configYaml({ name: '共青团测试区委' }), 'activities/2024/a.yaml': event('甲') });
    later();
    const config = path.join(root, 'summarize.yaml');
    const files = new Map<string, FileRead>();
    const result = inputFingerprint({ roots: [root], exclude: [], options: {}, keep: { wanted: isLog, files }, contents: new Map([[config, Buffer.from(configYaml({ name: '共青团测试区委' }))]]) });
    result.value();
    expect(result.stamps().has(config)).toBe(false);
    expect(result.stamps().has(path.join(root, 'activities/2024/a.yaml'))).toBe(true);
  });
});

describe('a stamp', () => {
  it('settles a while after the file last changed, never when its times are ahead of the clock', () => {
    const stamp = { size: 1, ino: 2, mtimeMs: 1_000_000, ctimeMs: 1_000_000 };
    expect(settled(stamp, 1_000_000)).toBe(false);
    expect(settled(stamp, 1_000_500)).toBe(false);
    expect(settled(stamp, 1_010_000)).toBe(true);
    expect(settled({ ...stamp, ctimeMs: 1_009_000 }, 1_010_000)).toBe(false);
    expect(settled(stamp, 900_000)).toBe(false);
  });

  it('is written as one line and read back as written; another text is none', () => {
    const stamp = { size: 1234, ino: 56789, mtimeMs: 1765043012345.678, ctimeMs: 1765043012399.001, digest: 'a'.repeat(64) };
    expect(parseStamp(stampText(stamp))).toEqual(stamp);
    for (const text of [42, '', '1 2 3 4', `1 2 3 4 ${'g'.repeat(64)}`, `1 2 x 4 ${'a'.repeat(64)}`, `1 2 3 4 ${'a'.repeat(64)} 5`]) expect(parseStamp(text), String(text)).toBeUndefined();
  });
});
