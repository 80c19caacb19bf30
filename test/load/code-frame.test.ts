// Load stage: the code frame under a problem. A long line is shown cut around the column, with the
// caret still under the character the position names.

import { describe, expect, it } from 'vitest';
import { codeFrame } from '../../src/load/code-frame.js';

const at = (line: number, column: number) => ({ file: 'log.yaml', line, column });
const frameOf = (lines: string[], line: number, column: number) => codeFrame(at(line, column), (file) => (file === 'log.yaml' ? lines : undefined));
/** The character the caret stands under, read off the frame: the marked line and the caret line share a gutter. */
const underCaret = (frame: string[]) => {
  const marked = frame.at(-2)!.replace(/^> \d+ \| /, '');
  const caret = frame.at(-1)!.replace(/^ +\d* *\| /, '');
  return [...marked][[...caret].indexOf('^')];
};

describe('codeFrame', () => {
  it('shows a short line whole, with the line before it', () => {
    expect(frameOf(['- date: 2024-05-04', '  title: 宣讲'], 2, 10)).toEqual(['  1 | - date: 2024-05-04', '> 2 |   title: 宣讲', '    |          ^']);
  });

  it.each([
    ['near its start', 9],
    ['in its middle', 1500],
    ['near its end', 2995],
  ])('cuts a 3000-character line around a column %s, the caret under its character', (_, column) => {
    const line = `  - id: ${Array.from({ length: 2992 }, (__, i) => String.fromCharCode(0x61 + (i % 26))).join('')}`;
    const frame = frameOf(['sections:', line], 2, column);
    expect(frame.every((text) => text.length < 200)).toBe(true);
    expect(underCaret(frame)).toBe(line[column - 1]);
    expect(frame[1]!.includes('…')).toBe(true);
  });
});
