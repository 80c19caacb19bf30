// Safe writes (issue 4): a batch of outputs is all or nothing. When putting a new file in place
// fails part-way (on Windows: the DOCX is open in Word), every earlier output is put back as it
// was and no temporary or backup file is left. The failure is simulated by making the second
// rename into place fail.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { temporaryFolder } from '../helpers/temp.js';

const failOn = vi.hoisted(() => ({ target: undefined as string | undefined }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const renameSync: typeof fs.renameSync = (from, to) => {
    if (failOn.target !== undefined && String(to) === failOn.target && String(from).endsWith('.tmp')) {
      throw Object.assign(new Error(`EBUSY: resource busy or locked, rename '${String(from)}'`), { code: 'EBUSY' });
    }
    fs.renameSync(from, to);
  };
  return { ...fs, default: { ...fs, renameSync }, renameSync };
});

const { writeOutputs, writeOutputsOverlapped } = await import('../../src/write/safe-write.js');
const { UserError } = await import('../../src/model/errors.js');

describe('writeOutputs', () => {
  it('replaces every output when all goes well, leaving nothing else behind', () => {
    const dir = temporaryFolder('write');
    writeFileSync(path.join(dir, 'a.md'), 'old a');
    writeOutputs([
      { path: path.join(dir, 'a.md'), content: 'new a' },
      { path: path.join(dir, 'sub', 'b.docx'), content: new Uint8Array([1, 2, 3]) },
      { path: path.join(dir, 'c.json'), content: [Buffer.from('{"a":'), new Uint8Array(0), Buffer.from('1}')] },
    ]);
    expect(readFileSync(path.join(dir, 'a.md'), 'utf8')).toBe('new a');
    expect([...readFileSync(path.join(dir, 'sub', 'b.docx'))]).toEqual([1, 2, 3]);
    expect(readFileSync(path.join(dir, 'c.json'), 'utf8')).toBe('{"a":1}');
    expect(readdirSync(dir).sort()).toEqual(['a.md', 'c.json', 'sub']);
  });

  it('puts every earlier output back when one cannot be put in place, and says which (exit 2)', () => {
    const dir = temporaryFolder('write');
    const md = path.join(dir, 'bulletin.md');
    const docx = path.join(dir, 'bulletin.docx');
    writeFileSync(md, 'good md');
    writeFileSync(docx, 'good docx');
    failOn.target = docx;
    let error: unknown;
    try {
      writeOutputs([
        { path: md, content: 'new md' },
        { path: docx, content: 'new docx' },
      ]);
    } catch (e) {
      error = e;
    } finally {
      failOn.target = undefined;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as InstanceType<typeof UserError>).exitCode).toBe(2);
    expect((error as Error).message).toMatch(/无法写入 .*bulletin\.docx：正被其他程序（如 Word、WPS）占用/);
    expect(readFileSync(md, 'utf8')).toBe('good md'); // already replaced, then put back
    expect(readFileSync(docx, 'utf8')).toBe('good docx');
    expect(readdirSync(dir).sort()).toEqual(['bulletin.docx', 'bulletin.md']); // no .tmp, no .bak
  });

  it('removes a new output that had no earlier version when the batch fails', () => {
    const dir = temporaryFolder('write');
    const md = path.join(dir, 'bulletin.md');
    const docx = path.join(dir, 'bulletin.docx');
    failOn.target = docx;
    try {
      expect(() =>
        writeOutputs([
          { path: md, content: 'new md' },
          { path: docx, content: 'new docx' },
        ]),
      ).toThrow(UserError);
    } finally {
      failOn.target = undefined;
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('writeOutputsOverlapped', () => {
  it('writes made pieces in order, each seen once, while the next is made', async () => {
    const dir = temporaryFolder('write');
    const json = path.join(dir, 'bulletin.figures.json');
    const made: string[] = [];
    function* pieces(): Generator<Uint8Array> {
      for (let i = 0; i < 50; i++) {
        made.push(`piece ${i}`);
        yield Buffer.from(`${i},`.repeat(10_000));
      }
    }
    const seen: string[] = [];
    await writeOutputsOverlapped(
      [
        { path: path.join(dir, 'bulletin.md'), content: '# 上街信息' },
        { path: json, content: pieces() },
      ],
      { written: (file, piece) => seen.push(`${path.basename(file)} ${typeof piece === 'string' ? piece : piece.length}`) },
    );
    expect(made).toHaveLength(50);
    expect(readFileSync(json, 'utf8')).toBe(Array.from({ length: 50 }, (_, i) => `${i},`.repeat(10_000)).join(''));
    expect(seen[0]).toBe('bulletin.md # 上街信息');
    expect(seen.slice(1)).toEqual(Array.from({ length: 50 }, (_, i) => `bulletin.figures.json ${`${i},`.length * 10_000}`));
    expect(readdirSync(dir).sort()).toEqual(['bulletin.figures.json', 'bulletin.md']);
  });

  /** A folder with a good md and figures.json from an earlier build, and a check that they are all it holds, unchanged. */
  function earlierOutputs() {
    const dir = temporaryFolder('write');
    const md = path.join(dir, 'bulletin.md');
    const json = path.join(dir, 'bulletin.figures.json');
    writeFileSync(md, 'good md');
    writeFileSync(json, 'good json');
    const keptAsTheyWere = () => {
      expect(readFileSync(md, 'utf8')).toBe('good md');
      expect(readFileSync(json, 'utf8')).toBe('good json');
      expect(readdirSync(dir).sort()).toEqual(['bulletin.figures.json', 'bulletin.md']);
    };
    return { md, json, keptAsTheyWere };
  }

  it('keeps the earlier outputs and leaves no temporary file when making a piece fails midway', async () => {
    const { md, json, keptAsTheyWere } = earlierOutputs();
    function* failing(): Generator<Uint8Array> {
      yield Buffer.alloc(1 << 20, 0x61);
      throw new Error('made no further piece');
    }
    await expect(
      writeOutputsOverlapped([
        { path: md, content: 'new md' },
        { path: json, content: failing() },
      ]),
    ).rejects.toThrow('made no further piece');
    keptAsTheyWere();
  });

  it('puts the earlier outputs back when one cannot be put in place', async () => {
    const { md, json, keptAsTheyWere } = earlierOutputs();
    failOn.target = json;
    try {
      await expect(
        writeOutputsOverlapped([
          { path: md, content: 'new md' },
          { path: json, content: [Buffer.from('new'), Buffer.from(' json')] },
        ]),
      ).rejects.toBeInstanceOf(UserError);
    } finally {
      failOn.target = undefined;
    }
    keptAsTheyWere();
  });
});
