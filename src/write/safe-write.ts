// Write stage: outputs reach their final name only when complete. Each file is written to a
// temporary sibling and renamed over the target, so an interrupted or failed build never leaves a
// half-written DOCX and never replaces a good earlier one. A batch is all or nothing: the earlier
// outputs are moved aside first (on Windows this is what fails when Word has the file open) and
// put back if any step fails, and no temporary file is left behind.

import { closeSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { fileSystemProblem, UserError } from '../model/errors.js';

export interface OutputFile {
  path: string;
  /**
   * Several buffers are written one after another: a large file made piece by piece, never copied
   * into one; pieces made as they are written (a generator) are never all held at once.
   */
  content: string | Uint8Array | Iterable<Uint8Array>;
}

interface Staged {
  target: string;
  temporary: string;
  /** Where the earlier output was moved while the new one is put in place. */
  backup?: string;
  placed?: boolean;
}

/**
 * Writes all files or, if any write fails, none of them replace what was there. `folderReady`:
 * prepareFolder has made the files' folder and cleared it already, as the cache does once for the
 * thousands of entries that worker threads write one at a time (a scan of the folder per entry).
 * `written` sees each file's content, piece by piece, as it is written.
 */
export function writeOutputs(files: readonly OutputFile[], { folderReady = false, written }: { folderReady?: boolean; written?: WrittenPiece } = {}): void {
  const batch = new OutputBatch(files, folderReady);
  try {
    for (const file of files) writeContent(batch.stage(file), file.content, (piece) => written?.(file.path, piece));
  } catch (error) {
    throw batch.failed(error);
  }
  batch.place();
}

/**
 * writeOutputs for a build's documents: the pieces of a content made as it is written (a year's
 * figures.json, 280 MB at 1M events) are written by libuv's thread pool while the next piece is
 * made, on the core that the rest of the build leaves idle by then. Writing them in turn cost the
 * 1M build ~0.7 s of the main thread, most of it the kernel finding pages for the file.
 */
export async function writeOutputsOverlapped(files: readonly OutputFile[], { written }: { written?: WrittenPiece } = {}): Promise<void> {
  const batch = new OutputBatch(files, false);
  try {
    for (const file of files) {
      const temporary = batch.stage(file);
      const report = (piece: string | Uint8Array) => written?.(file.path, piece);
      if (isWhole(file.content)) writeContent(temporary, file.content, report);
      else await writeOverlapped(temporary, file.content, report);
    }
  } catch (error) {
    throw batch.failed(error);
  }
  batch.place();
}

export type WrittenPiece = (file: string, piece: string | Uint8Array) => void;

/** The files of one writeOutputs call, from their temporary siblings to their places. */
class OutputBatch {
  private readonly staged: Staged[] = [];
  private current: string;
  private readonly folderReady: boolean;

  constructor(files: readonly OutputFile[], folderReady: boolean) {
    this.current = files[0]?.path ?? '.';
    this.folderReady = folderReady;
    if (!folderReady) for (const dir of new Set(files.map((file) => path.dirname(file.path)))) clearStaleTemporaries(dir);
  }

  /** Where `file`'s content is to be written before it is put in place. */
  stage(file: OutputFile): string {
    this.current = file.path;
    const stats = statSync(file.path, { throwIfNoEntry: false });
    if (stats?.isDirectory()) {
      throw new UserError(`无法写入 ${shown(file.path)}：已有同名的文件夹`, undefined, '把这个文件夹改名或移走，或用 -o 换一个输出文件夹');
    }
    if (!this.folderReady) makeFolder(path.dirname(file.path));
    // undo() moves a backup back only if it exists: named now, it is made only when place() moves the earlier output aside.
    const entry: Staged = { target: file.path, temporary: sibling(file.path, 'tmp'), ...(stats ? { backup: sibling(file.path, 'bak') } : {}) };
    this.staged.push(entry);
    return entry.temporary;
  }

  /** Every file in place, the earlier outputs gone; all as before when one cannot be put in place. */
  place(): void {
    try {
      for (const entry of this.staged) {
        this.current = entry.target;
        if (entry.backup) renameSync(entry.target, entry.backup);
      }
      for (const entry of this.staged) {
        this.current = entry.target;
        renameSync(entry.temporary, entry.target);
        entry.placed = true;
      }
    } catch (error) {
      throw this.failed(error);
    }
    for (const entry of this.staged) if (entry.backup) rmSync(entry.backup, { force: true });
  }

  /** After a failed step: the earlier outputs back, and the error to throw, naming the file. */
  failed(error: unknown): unknown {
    undo(this.staged);
    return fileSystemProblem(error, '写入', shown(this.current)) ?? error;
  }
}

/** Content given at once, not made piece by piece. */
function isWhole(content: OutputFile['content']): content is string | Uint8Array {
  return typeof content === 'string' || content instanceof Uint8Array;
}

function writeContent(file: string, content: OutputFile['content'], written: (piece: string | Uint8Array) => void): void {
  if (isWhole(content)) {
    writeFileSync(file, content);
    written(content);
    return;
  }
  const fd = openSync(file, 'w');
  try {
    for (const piece of content) {
      writeFileSync(fd, piece);
      written(piece);
    }
  } finally {
    closeSync(fd);
  }
}

/** Each piece is written while the next is made: a piece must not be changed once given. */
async function writeOverlapped(file: string, content: Iterable<Uint8Array>, written: (piece: Uint8Array) => void): Promise<void> {
  const handle = await open(file, 'w');
  let writing: Promise<void> = Promise.resolve();
  try {
    for (const piece of content) {
      await writing;
      written(piece);
      writing = writeWhole(handle, piece);
    }
    await writing;
  } finally {
    // A piece still being written when making the next failed: the file is closed after it.
    await writing.catch(() => undefined);
    await handle.close();
  }
}

async function writeWhole(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let done = 0; done < bytes.length; ) done += (await handle.write(bytes, done)).bytesWritten;
}

/** Puts every earlier output back and removes what this batch wrote; best effort, never throws. */
function undo(staged: readonly Staged[]): void {
  for (const entry of staged) {
    try {
      rmSync(entry.temporary, { force: true });
      if (entry.backup && statSync(entry.backup, { throwIfNoEntry: false })) {
        renameSync(entry.backup, entry.target);
      } else if (entry.placed) {
        rmSync(entry.target, { force: true });
      }
    } catch {
      // The original failure is what the user needs to see; a failed clean-up must not hide it.
    }
  }
}

/** Makes `dir` and clears what interrupted writes left in it, for writeOutputs(…, { folderReady: true }). */
export function prepareFolder(dir: string): void {
  makeFolder(dir);
  clearStaleTemporaries(dir);
}

/**
 * mkdir -p, one level at a time: Node's own `recursive: true` loops forever where mkdir answers
 * ENOENT under an existing folder (measured on Node 20 with --out /proc/x: 100% CPU, no end).
 */
function makeFolder(dir: string): void {
  const missing: string[] = [];
  for (let current = dir; !statSync(current, { throwIfNoEntry: false }); current = path.dirname(current)) {
    missing.push(current);
    if (path.dirname(current) === current) break;
  }
  for (const folder of missing.reverse()) mkdirSync(folder);
}

/** `.bulletin.docx.1234.tmp`: a temporary sibling (see sibling()) and the process that made it. */
const TEMPORARY = /^\.(.+)\.(\d+)\.(tmp|bak)$/;

/**
 * A write killed midway (Ctrl+C, a CI job cancelled) leaves its temporary siblings behind. Before
 * writing into a folder, those of processes no longer running are cleared: a `.tmp` is removed; a
 * `.bak` is the earlier output moved aside, put back if nothing took its place, removed otherwise.
 * Those of a running process (a watch building into the same folder) are its business.
 */
function clearStaleTemporaries(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // No folder yet: nothing left over in it.
  }
  for (const name of names) {
    const match = TEMPORARY.exec(name);
    if (!match || isRunning(Number(match[2]))) continue;
    const file = path.join(dir, name);
    const target = path.join(dir, match[1]!);
    try {
      if (match[3] === 'bak' && !statSync(target, { throwIfNoEntry: false })) renameSync(file, target);
      else rmSync(file, { force: true });
    } catch {
      // Left for the next build; this one writes its own files all the same.
    }
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

function sibling(target: string, suffix: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${suffix}`);
}

function shown(filePath: string): string {
  const relative = path.relative(process.cwd(), filePath);
  return (relative.startsWith('..') ? filePath : relative).split(path.sep).join('/');
}
