// The cache of checked logs: an entry is found only for the same log, bytes and context, and an
// entry that is damaged, cut short, of another format or another log's is ignored, never trusted.

import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CACHE_FOLDER, CACHE_FORMAT, CACHE_MEGABYTES_VARIABLE, decodeCheckedLog, encodeCheckedLog, LOOKED_AT_EVERY_ENTRY, openLogCache, UNUSED_DAYS, type CheckedLog } from '../../src/cache/checked-logs.js';
import { temporaryFolder } from '../helpers/temp.js';

const context = { cwd: '/work', year: 2024, config: 'organisation: …', including: null };
const log = { file: 'activities/2024/q1.yaml', digest: 'a'.repeat(64) };
const checked: CheckedLog = {
  activities: [
    {
      date: '2024-01-05',
      section: 'guidance',
      theme: 'models',
      title: '团属微信公众号开辟“团团送岗”专栏',
      tags: ['公众号'],
      highlight: false,
      metrics: { wechat_posts: 63 },
      source: { file: log.file, line: 4, column: 3 },
    },
  ],
  diagnostics: [{ file: log.file, line: 7, column: 19, severity: 'warning', code: 'half-width-punctuation', message: '中文里用了半角引号 "', hint: '改成中文引号 “ 或 ”' }],
};

/** An entry's header line (JSON) and its body's bytes. */
function entryParts(file: string): { header: Record<string, unknown>; body: Buffer } {
  const bytes = readFileSync(file);
  const newline = bytes.indexOf(0x0a);
  return { header: JSON.parse(bytes.subarray(0, newline).toString('utf8')) as Record<string, unknown>, body: bytes.subarray(newline + 1) };
}

describe('the cache of checked logs', () => {
  let root: string;
  const entries = () => path.join(root, CACHE_FOLDER, 'logs');
  const entryFiles = () => readdirSync(entries()).map((name) => path.join(entries(), name));
  const stored = (entry = checked, at = log, where = context) => {
    const cache = openLogCache(root)!;
    cache.scope(where).set(at, entry);
    cache.save();
  };
  const found = (at = log, where = context) => openLogCache(root)!.scope(where).get(at);

  beforeEach(() => {
    vi.stubEnv('SUMMARIZE_CACHE_DIR', '');
    root = temporaryFolder('cache');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('gives back what was stored, in the project’s .summarize-cache/', () => {
    stored();
    expect(found()).toEqual(checked);
    expect(entryFiles()).toHaveLength(1);
  });

  it('gives back every field of every event, its keys in the order validation made them', () => {
    const table = 'activities/2024/活动记录.xlsx';
    const full: CheckedLog = {
      activities: [
        {
          date: '2024-04-02',
          section: 'youth',
          theme: 'talent',
          title: '青年人才政策宣传',
          text: '在区级招聘会现场设立服务点',
          unit: '峡窝镇团委',
          rollupUnit: '共青团二七区委',
          tags: [],
          highlight: true,
          metrics: {},
          source: { file: table, line: 5, column: 1, sheet: '4 月' },
        },
        checked.activities[0]!,
        { ...checked.activities[0]!, source: { file: table, line: 6, column: 1, sheet: '活动记录' } },
      ],
      diagnostics: checked.diagnostics,
    };
    stored(full);
    expect(JSON.stringify(found())).toBe(JSON.stringify(full));
  });

  it('decodes a body wherever it lies in memory, and lays it out in its entry where it can be read in place', () => {
    const { date, section, theme, title, ...rest } = checked.activities[0]!;
    const withText = { date, section, theme, title, text: '说明', ...rest, source: { file: log.file, line: 9, column: 3 } };
    const twice: CheckedLog = { activities: [checked.activities[0]!, withText], diagnostics: [] };
    const body = encodeCheckedLog(twice);
    for (const offset of [0, 1, 3, 4, 8]) {
      const placed = new Uint8Array(body.length + offset);
      placed.set(body, offset);
      const decoded = decodeCheckedLog(placed.subarray(offset));
      expect(JSON.stringify(decoded), `at ${offset}`).toBe(JSON.stringify(twice));
      // Events that carry the same tags share one list, which nothing can change.
      expect(decoded!.activities[0]!.tags).toBe(decoded!.activities[1]!.tags);
      expect(() => decoded!.activities[0]!.tags.push('改动')).toThrow(TypeError);
    }
    expect(decodeCheckedLog(body.subarray(0, body.length - 2))).toBeUndefined();
    stored(twice);
    const [file] = entryFiles();
    expect(readFileSync(file!).indexOf(0x0a) % 8).toBe(7);
  });

  it('stores each set of tags and of metric ids once, telling apart a set, its prefix and its reordering', () => {
    const event = checked.activities[0]!;
    const sets: [string[], Record<string, number>][] = [
      [['宣讲', '公众号'], { lectures: 1, reached: 2 }],
      [['宣讲'], { lectures: 3 }],
      [[], {}],
      [['公众号', '宣讲'], { reached: 4, lectures: 5 }],
      [['宣讲', '公众号'], { lectures: 6, reached: 7 }],
      [['宣讲'], {}],
    ];
    const log: CheckedLog = { activities: sets.map(([tags, metrics], i) => ({ ...event, tags, metrics, source: { ...event.source, line: 4 + i } })), diagnostics: [] };
    const body = encodeCheckedLog(log);
    expect(JSON.stringify(decodeCheckedLog(body))).toBe(JSON.stringify(log));
    const header = JSON.parse(Buffer.from(body).subarray(4, 4 + Buffer.from(body).readUInt32LE(0)).toString('utf8')) as { names: string[]; tagSets: number[][]; metricSets: string[][] };
    expect(header.tagSets.map((set) => set.map((n) => header.names[n]))).toEqual([['宣讲', '公众号'], ['宣讲'], [], ['公众号', '宣讲']]);
    expect(header.metricSets).toEqual([['lectures', 'reached'], ['lectures'], [], ['reached', 'lectures']]);
  });

  it('ignores an entry whose events were written with another list of fields', () => {
    stored();
    const [file] = entryFiles();
    const { header, body } = entryParts(file!);
    // The format in the body's header names the fields in order; the same bytes in another order.
    const at = body.indexOf('date,section');
    expect(at).toBeGreaterThan(0);
    const changed = Buffer.concat([body.subarray(0, at), Buffer.from('section,date'), body.subarray(at + 'date,section'.length)]);
    const checksummed = { ...header, bytes: changed.length, crc32: crc32(changed) };
    writeFileSync(file!, Buffer.concat([Buffer.from(`${JSON.stringify(checksummed)}\n`), changed]));
    expect(found()).toBeUndefined();
  });

  it('finds nothing for other bytes, another name or another context', () => {
    stored();
    expect(found({ ...log, digest: 'b'.repeat(64) })).toBeUndefined();
    expect(found({ ...log, file: 'activities/2024/q2.yaml' })).toBeUndefined();
    expect(found(log, { ...context, year: 2025 })).toBeUndefined();
    expect(found(log, { ...context, config: 'organisation: changed' })).toBeUndefined();
  });

  it('ignores an entry with a byte changed, and writes it anew', () => {
    stored();
    const [file] = entryFiles();
    const bytes = readFileSync(file!);
    // A byte of the figure (63, a float64 in the body): still a number, so only the checksum can tell.
    const at = bytes.indexOf(Buffer.from(new Float64Array([63]).buffer)) + 7;
    expect(bytes[at]).toBe(0x40);
    bytes[at] = 0x41;
    writeFileSync(file!, bytes);
    expect(found()).toBeUndefined();
    stored();
    expect(found()).toEqual(checked);
  });

  it('ignores an entry cut short', () => {
    stored();
    const [file] = entryFiles();
    const bytes = readFileSync(file!);
    for (const length of [0, 10, bytes.indexOf(0x0a), bytes.length - 1]) {
      writeFileSync(file!, bytes.subarray(0, length));
      expect(found(), `cut to ${length} bytes`).toBeUndefined();
    }
  });

  it('ignores an entry of another format', () => {
    stored();
    const [file] = entryFiles();
    const { header, body } = entryParts(file!);
    expect(header.format).toBe(CACHE_FORMAT);
    writeFileSync(file!, Buffer.concat([Buffer.from(`${JSON.stringify({ ...header, format: 'summarize-cache/0' })}\n`), body]));
    expect(found()).toBeUndefined();
  });

  it('ignores another log’s entry put in its place', () => {
    const other = { file: 'activities/2024/q4.yaml', digest: 'c'.repeat(64) };
    stored();
    const [file] = entryFiles();
    stored({ ...checked, diagnostics: [] }, other);
    const otherFile = entryFiles().find((f) => f !== file)!;
    writeFileSync(file!, readFileSync(otherFile));
    expect(found()).toBeUndefined();
    expect(found(other)).toEqual({ ...checked, diagnostics: [] });
  });

  it('keeps one entry per log: a new version replaces the old', () => {
    stored();
    stored(checked, { ...log, digest: 'd'.repeat(64) });
    expect(entryFiles()).toHaveLength(1);
    expect(found()).toBeUndefined();
    expect(found({ ...log, digest: 'd'.repeat(64) })).toEqual(checked);
  });

  it('does not keep a figure JSON would change (1e999 is read as Infinity)', () => {
    stored({ ...checked, activities: [{ ...checked.activities[0]!, metrics: { wechat_posts: Infinity } }] });
    expect(found()).toBeUndefined();
  });

  it('writes nothing when opened read-only (validate), and reads what is there', () => {
    const readOnly = openLogCache(root, 'read-only')!;
    readOnly.scope(context).set(log, checked);
    readOnly.save();
    expect(readdirSync(root)).toEqual([]);
    stored();
    expect(openLogCache(root, 'read-only')!.scope(context).get(log)).toEqual(checked);
  });

  it('writes entries as they are made once they fill a batch, not all at the end', () => {
    const cache = openLogCache(root)!;
    const large: CheckedLog = { ...checked, diagnostics: [{ ...checked.diagnostics[0]!, message: '很长'.repeat(5_000_000) }] };
    cache.scope(context).set(log, large);
    expect(entryFiles()).toHaveLength(1);
    cache.save();
    expect(found()).toEqual(large);
  });

  it('goes where SUMMARIZE_CACHE_DIR says', () => {
    const elsewhere = temporaryFolder('cache-elsewhere');
    vi.stubEnv('SUMMARIZE_CACHE_DIR', elsewhere);
    stored();
    expect(readdirSync(path.join(elsewhere, 'logs'))).toHaveLength(1);
    expect(readdirSync(root)).toEqual([]);
  });

  describe('what it keeps', () => {
    const DAY_MS = 24 * 60 * 60 * 1000;
    const contextNumber = (n: number) => ({ ...context, config: `organisation: ${n}` });
    /** The entry of `log` in context n, stored by a build of its own. */
    const storedIn = (n: number) => {
      const before = new Set(existsSync(entries()) ? entryFiles() : []);
      stored(checked, log, contextNumber(n));
      return entryFiles().find((file) => !before.has(file))!;
    };
    const lastUsed = (file: string, daysAgo: number) => {
      const at = (Date.now() - daysAgo * DAY_MS) / 1000;
      utimesSync(file, at, at);
    };
    const present = (...files: string[]) => files.map((file) => entryFiles().includes(file));
    /** As if the last look at every entry was two days ago: the next build that writes looks again. */
    const lookedLongAgo = () => lastUsed(path.join(root, CACHE_FOLDER, LOOKED_AT_EVERY_ENTRY), 2);

    it(`removes an entry of an earlier context once it has gone unused for ${UNUSED_DAYS} days, when a build writes`, () => {
      const old = storedIn(1);
      const recent = storedIn(2);
      lastUsed(old, UNUSED_DAYS + 1);
      lastUsed(recent, UNUSED_DAYS - 1);
      // A build that writes nothing leaves the folder as it is.
      expect(found(log, contextNumber(2))).toEqual(checked);
      openLogCache(root)!.save();
      expect(present(old, recent)).toEqual([true, true]);
      const written = storedIn(3);
      expect(present(old, recent, written)).toEqual([false, true, true]);
    });

    it('looks at every entry when a build wrote most of those it uses, and otherwise once a day', () => {
      const old = storedIn(1);
      lastUsed(old, UNUSED_DAYS + 1);
      const others = ['q2', 'q3'].map((name) => ({ ...log, file: `activities/2024/${name}.yaml` }));
      const build = (write: typeof log) => {
        const cache = openLogCache(root)!;
        const scope = cache.scope(contextNumber(2));
        others.forEach((other) => scope.get(other));
        scope.set(write, checked);
        cache.save();
      };
      // The first build of context 2 writes all it uses: it looks, but the old entry's log is not among them.
      const first = openLogCache(root)!;
      others.forEach((other) => first.scope(contextNumber(2)).set(other, checked));
      first.save();
      expect(present(old)).toEqual([false]);
      const older = storedIn(3);
      lastUsed(older, UNUSED_DAYS + 1);
      // Reads two, writes one: no look within a day of the last.
      build(log);
      expect(present(older)).toEqual([true]);
      lookedLongAgo();
      build({ ...log, digest: 'e'.repeat(64) });
      expect(present(older)).toEqual([false]);
    });

    it('marks an entry it reads as used, so that it is kept', () => {
      const entry = storedIn(1);
      lastUsed(entry, UNUSED_DAYS + 1);
      expect(found(log, contextNumber(1))).toEqual(checked);
      expect(Date.now() - statSync(entry).mtimeMs).toBeLessThan(DAY_MS);
      storedIn(2);
      expect(present(entry)).toEqual([true]);
    });

    it(`keeps the entries under ${CACHE_MEGABYTES_VARIABLE}, removing those least recently used first`, () => {
      const [first, second, third] = [storedIn(1), storedIn(2), storedIn(3)];
      [first, second, third].forEach((file, i) => lastUsed(file, 3 - i));
      const bytes = statSync(first).size;
      vi.stubEnv(CACHE_MEGABYTES_VARIABLE, String((2.5 * bytes) / (1024 * 1024)));
      const fourth = storedIn(4);
      expect(present(first, second, third, fourth)).toEqual([false, false, true, true]);
    });

    it('never removes an entry the build read or wrote, whatever the limit', () => {
      const [other, readByBuild] = [storedIn(1), storedIn(2)];
      vi.stubEnv(CACHE_MEGABYTES_VARIABLE, '0');
      lookedLongAgo();
      const cache = openLogCache(root)!;
      expect(cache.scope(contextNumber(2)).get(log)).toEqual(checked);
      cache.scope(contextNumber(3)).set(log, checked);
      cache.save();
      expect(present(other, readByBuild)).toEqual([false, true]);
      expect(entryFiles()).toHaveLength(2);
    });
  });

  it('leaves a build alone when it cannot be written', () => {
    writeFileSync(path.join(root, CACHE_FOLDER), 'a file where the folder would go');
    expect(() => stored()).not.toThrow();
    expect(found()).toBeUndefined();
  });
});
