// Load stage: the source lines around a problem's position, as the terminal report and the preview
// page show them (a code frame with a caret). The file's text is the one the load stage decoded:
// taken from the build when it has it, otherwise read again as the load stage read it.

import { readFileSync, statSync } from 'node:fs';
import type { SourcePosition } from '../model/diagnostic.js';
import { absolutePath } from './display-path.js';
import { MAX_FILE_BYTES, type LoadedTexts } from './project.js';
import { decodeSource } from './source-text.js';

/** A file's lines by its name in positions, each file split (or read) once however many problems it has. */
export type SourceLines = (file: string) => string[] | undefined;

/**
 * The lines of the files of a build of the project at `root` (positions name files from there);
 * `loaded`: the texts the build decoded, by file, which are not read again.
 */
export function sourceLines(root: string, loaded?: LoadedTexts): SourceLines {
  const lines = new Map<string, string[] | undefined>();
  return (file) => {
    if (!lines.has(file)) {
      const text = loaded?.get(file);
      lines.set(file, text ? text()?.split(/\r?\n/) : readLines(absolutePath(root, file)));
    }
    return lines.get(file);
  };
}

/**
 * The lines of a code frame for a problem: the line before, the line itself marked with `>`, and a
 * caret under the column; empty when the file cannot be shown. The caret is padded with
 * ideographic spaces under Chinese characters, which take two columns on a terminal and in a
 * monospaced face.
 */
export function codeFrame(d: SourcePosition, lines: SourceLines): string[] {
  const source = lines(d.file);
  const line = source?.[d.line - 1];
  if (line === undefined) return [];
  const gutter = String(d.line).length;
  const start = line.length <= FRAME_WIDTH ? 0 : Math.max(0, Math.min(d.column - 1 - FRAME_WIDTH / 2, line.length - FRAME_WIDTH));
  const cutBefore = start > 0 ? '…' : '';
  const shown = (text: string) => `${cutBefore}${text.slice(start, start + FRAME_WIDTH)}${start + FRAME_WIDTH < text.length ? '…' : ''}`;
  const frame: string[] = [];
  if (d.line > 1 && source![d.line - 2] !== undefined) frame.push(`  ${String(d.line - 1).padStart(gutter)} | ${shown(source![d.line - 2]!)}`);
  const marked = shown(line);
  frame.push(`> ${String(d.line)} | ${marked}`);
  // Chinese characters take two columns on a terminal; pad with the same characters' widths.
  const before = [...marked.slice(0, Math.max(0, d.column - 1 - start + cutBefore.length))].map((c) => (isWide(c) ? '　' : c === '\t' ? '\t' : ' ')).join('');
  frame.push(`  ${' '.repeat(gutter)} | ${before}^`);
  return frame;
}

/**
 * A line longer than this is shown cut to this many characters around the column, marked with
 * “…”: a paragraph pasted onto one line (a 400,000-character id once) filled the terminal.
 */
const FRAME_WIDTH = 160;

/**
 * The file's lines as the load stage read them (same decoding, so a GBK file or a BOM does not
 * shift the caret), or undefined when there is nothing to show: the problem is about a folder,
 * the file is gone or unreadable now, or too large to have been read at all.
 */
function readLines(file: string): string[] | undefined {
  const stats = statSync(file, { throwIfNoEntry: false });
  if (!stats?.isFile() || stats.size > MAX_FILE_BYTES) return undefined;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    // A file system error (it changed since it was read) only loses the frame; the problem
    // itself is still reported. Anything else is a bug and is not hidden.
    if (typeof (error as { code?: unknown }).code !== 'string') throw error;
    return undefined;
  }
  const decoded = decodeSource(file, bytes);
  return decoded.readable === false ? undefined : decoded.text.split(/\r?\n/);
}

function isWide(char: string): boolean {
  return /[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’]/u.test(char);
}
