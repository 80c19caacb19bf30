import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity } from '../../src/model/activity.js';
import type { DocumentModel } from '../../src/model/document.js';
import type { Figure } from '../../src/model/figure.js';
import { figureLineRuns, SHORTEST_KEPT_RUN, type FigureLineRuns } from '../../src/cache/figure-lines.js';
import { CACHE_DIR_VARIABLE, cacheFolder } from '../../src/cache/checked-logs.js';
import { figuresJson } from '../../src/write/figures-json.js';
import { event } from '../aggregate/fixtures.js';
import { temporaryFolder } from '../helpers/temp.js';

const LOG_A = 'activities/2024/a.yaml';
const LOG_B = 'activities/2024/b.yaml';
const META = { period: '2024', kind: 'bulletin' };

/** `count` events of one log, a line apart, the first `short` of them a short run of their own in the count figure. */
function logEvents(file: string, count: number, title: (i: number) => string): Activity[] {
  return Array.from({ length: count }, (_, i) => event(`2024-03-${String(i + 1).padStart(2, '0')}`, { file, line: 10 * (i + 1), title: title(i), metrics: { lectures: i + 1 } }));
}

/**
 * A sum over both logs' events; a count of log B's and of every other event of log A (a run too
 * short to keep); and two sums over as many of log A's events, which only their positions tell apart.
 */
function modelOf(a: Activity[], b: Activity[]): DocumentModel {
  const sumOf = (counts: string, events: Activity[]): Figure => ({ counts, value: events.reduce((total, e) => total + e.metrics.lectures!, 0), sources: events, metric: 'lectures' });
  const sum = sumOf('宣讲（lectures）', [...a, ...b]);
  const firstTen = sumOf('前十场宣讲', a.slice(0, 10));
  const lastTen = sumOf('后十场宣讲', a.slice(2));
  const everyOther = a.filter((_, i) => i % 2 === 0).slice(0, SHORTEST_KEPT_RUN - 1);
  const count: Figure = { counts: '活动条数', value: everyOther.length + b.length, sources: [...everyOther, ...b] };
  return { title: 't', date: '2024-12-31', blocks: [{ kind: 'paragraph', role: 'body', runs: [{ text: 'x', figure: sum }, { text: 'y', figure: count }, { text: 'z', figure: firstTen }, { text: 'w', figure: lastTen }] }] };
}

const eventsA = logEvents(LOG_A, 12, (i) => `宣讲${i}`);
const eventsB = logEvents(LOG_B, 10, (i) => `“团团送岗”第${i}期`);

/** The runs, counting those copied from the earlier file. */
function counting(runs: FigureLineRuns): { runs: FigureLineRuns; copied: () => number } {
  let copied = 0;
  return {
    runs: {
      ...runs,
      readEarlier(key, into, at) {
        const crc = runs.readEarlier(key, into, at);
        if (crc !== undefined) copied++;
        return crc;
      },
    },
    copied: () => copied,
  };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('figures.json lines kept from the earlier file (src/cache/figure-lines.ts)', () => {
  const root = temporaryFolder('figure-lines');
  const earlierFile = path.join(root, 'out', 'bulletin.figures.json');
  mkdirSync(path.dirname(earlierFile));
  // The test run points every build at one cache folder (test/global-temp-folder.ts); these indexes go in the project's own.
  const runCache = process.env[CACHE_DIR_VARIABLE];
  beforeAll(() => {
    delete process.env[CACHE_DIR_VARIABLE];
  });
  afterAll(() => {
    if (runCache !== undefined) process.env[CACHE_DIR_VARIABLE] = runCache;
  });
  const keys = new Map([
    [LOG_A, 'key-of-a'],
    [LOG_B, 'key-of-b'],
  ]);

  /** Writes the sidecar as a build does, the earlier one being the file there now (hash `earlierHash`); its bytes and the runs copied. */
  const build = (model: DocumentModel, logKeys: ReadonlyMap<string, string>, earlierHash: string | undefined) => {
    const { runs, copied } = counting(figureLineRuns(root, earlierFile, earlierHash));
    const bytes = Buffer.concat([...figuresJson(model, META, { runs, logKeys })]);
    runs.close();
    writeFileSync(earlierFile, bytes, { flag: 'w' });
    const hash = sha256(bytes);
    runs.save(hash);
    return { bytes, hash, copied: copied() };
  };
  const fresh = (model: DocumentModel) => Buffer.concat([...figuresJson(model, META)]);

  it('writes the same bytes whether lines are made or copied, and copies every run of unchanged logs', () => {
    const model = modelOf(eventsA, eventsB);
    const first = build(model, keys, undefined);
    expect(first.bytes.equals(fresh(model))).toBe(true);
    expect(first.copied).toBe(0);
    // Five runs are kept: the sum's two logs, the count's log B and the two sums of ten; the count's seven events of log A are too few.
    const second = build(model, keys, first.hash);
    expect(second.bytes.equals(first.bytes)).toBe(true);
    expect(second.copied).toBe(5);
    expect(readdirSync(path.join(cacheFolder(root), 'figures'))).toEqual([`${second.hash.slice(0, 32)}.json`]);
  });

  it('makes the lines of a changed log again, and copies the others', () => {
    const model = modelOf(eventsA, eventsB);
    const before = build(model, keys, undefined);
    const editedB = eventsB.map((e, i) => (i === 4 ? { ...e, title: '改过的标题' } : e));
    const edited = modelOf(eventsA, editedB);
    const after = build(edited, new Map([...keys, [LOG_B, 'key-of-b-edited']]), before.hash);
    expect(after.bytes.equals(fresh(edited))).toBe(true);
    expect(after.copied).toBe(3);
  });

  it('makes a run again when the earlier file no longer holds it as recorded', () => {
    const model = modelOf(eventsA, eventsB);
    const before = build(model, keys, undefined);
    const damaged = readFileSync(earlierFile);
    const at = damaged.indexOf('宣讲3');
    damaged[at + 1] ^= 0x01;
    writeFileSync(earlierFile, damaged);
    const after = build(model, keys, before.hash);
    expect(after.bytes.equals(fresh(model))).toBe(true);
    // The damaged byte is in one run (the first record's, 前十场宣讲): the other four are copied.
    expect(after.copied).toBe(4);
  });

  it('copies nothing without an index for the earlier file, or when the earlier file is gone', () => {
    const model = modelOf(eventsA, eventsB);
    const before = build(model, keys, undefined);
    expect(build(model, keys, sha256(Buffer.from('another file'))).copied).toBe(0);
    const again = build(model, keys, undefined);
    expect(again.hash).toBe(before.hash);
    writeFileSync(earlierFile, '');
    const gone = build(model, keys, before.hash);
    expect(gone.copied).toBe(0);
    expect(gone.bytes.equals(fresh(model))).toBe(true);
  });

  it.each([
    ['a run past the end of the file', (spans: unknown[]) => (spans[1] = 1e12)],
    ['a length that is not a number', (spans: unknown[]) => (spans[1] = '40')],
    ['a negative offset', (spans: unknown[]) => (spans[0] = -1)],
  ])('ignores an index with %s', (_, damage) => {
    const model = modelOf(eventsA, eventsB);
    const before = build(model, keys, undefined);
    const indexFile = path.join(cacheFolder(root), 'figures', `${before.hash.slice(0, 32)}.json`);
    const index = JSON.parse(readFileSync(indexFile, 'utf8')) as { spans: unknown[] };
    damage(index.spans);
    writeFileSync(indexFile, JSON.stringify(index));
    const after = build(model, keys, before.hash);
    expect(after.copied).toBe(0);
    expect(after.bytes.equals(fresh(model))).toBe(true);
  });

  it('takes a run from the earlier file as it is there: the lines are copied, not made', () => {
    const model = modelOf(eventsA, eventsB);
    const before = build(model, keys, undefined);
    // The same length, and the index's checksum made to match: only a copy can carry the change into the new file.
    const text = readFileSync(earlierFile, 'utf8');
    const altered = Buffer.from(text.replace('宣讲3', '宣讲X'));
    writeFileSync(earlierFile, altered);
    const indexFile = path.join(cacheFolder(root), 'figures', `${before.hash.slice(0, 32)}.json`);
    const index = JSON.parse(readFileSync(indexFile, 'utf8')) as { keys: string[]; spans: number[] };
    for (let i = 0; i < index.keys.length; i++) {
      const [offset, length] = [index.spans[3 * i]!, index.spans[3 * i + 1]!];
      index.spans[3 * i + 2] = crc32(altered.subarray(offset, offset + length));
    }
    writeFileSync(indexFile, JSON.stringify(index));
    const after = build(model, keys, before.hash);
    expect(after.copied).toBe(5);
    expect(after.bytes.toString('utf8')).toContain('宣讲X');
  });
});
