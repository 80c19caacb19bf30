// The fast path (js-yaml, positions of events from a scan) must read every file exactly as the
// full path (yaml's syntax tree) does: the same values and the same event positions; anything it
// cannot read the same way it must leave to the full path.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument, visit } from 'yaml';
import { parseWithPositions, parseYamlSource } from '../../src/load/yaml-source.js';
import { yamlFiles } from '../helpers/yaml-files.js';

const repo = path.resolve(import.meta.dirname, '../..');

/**
 * The non-blank lines of block text by yaml's syntax tree: what parseYamlSource finds on the text
 * must match it on a valid file. Blank lines are left alone by the check that asks for these
 * (validate/typing-slips.ts) either way.
 */
function treeBlockLines(text: string): number[] {
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  const lines = new Set<number>();
  visit(parseDocument(text), {
    Scalar(_, node) {
      if ((node.type !== 'BLOCK_LITERAL' && node.type !== 'BLOCK_FOLDED') || !node.range) return;
      // The range ends after the last line's break, on the line of what follows the block.
      for (let line = lineOf(node.range[0]) + 1; line <= lineOf(Math.max(node.range[0], node.range[1] - 1)); line++) lines.add(line);
    },
  });
  return nonBlank(text, lines);
}

function nonBlank(text: string, lines: Iterable<number> = []): number[] {
  const texts = text.split(/\r?\n/);
  return [...lines].filter((line) => !/^[ \t]*$/.test(texts[line - 1] ?? '')).sort((a, b) => a - b);
}

const files = [...yamlFiles(path.join(repo, 'examples')), ...yamlFiles(path.join(repo, 'profiles')), ...yamlFiles(path.join(repo, 'test/fixtures'))];

describe('the fast path of parseYamlSource', () => {
  it('has files to compare', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it.each(files.map((f) => [path.relative(repo, f), f]))('reads %s as the full path does', (_, file) => {
    const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const fast = parseYamlSource(file, text);
    // Nesting past the bounds is refused on the text before either parser runs.
    if (fast.diagnostics.some((d) => d.code === 'yaml-too-deep')) return expect(fast.value).toBeUndefined();
    const full = parseWithPositions(file, text);
    expect(fast.value).toEqual(full.value);
    expect(fast.diagnostics.map((d) => [d.line, d.code])).toEqual(full.diagnostics.map((d) => [d.line, d.code]));
    if (!full.diagnostics.some((d) => d.severity === 'error')) expect(nonBlank(text, fast.blockTextLines)).toEqual(treeBlockLines(text));
    if (Array.isArray(full.value)) {
      full.value.forEach((_, index) => expect(fast.locate([index])).toEqual(full.locate([index])));
      full.value.forEach((_, index) => expect(fast.locate([index, 'date'])).toEqual(full.locate([index, 'date'])));
    } else if (full.value !== null && typeof full.value === 'object') {
      for (const key of Object.keys(full.value)) expect(fast.locate([key], { key: true })).toEqual(full.locate([key], { key: true }));
    }
  });

  it.each([
    ['an anchor and alias', '- &a {x: 1}\n- *a\n'],
    ['a tag', '- !!binary aGVsbG8=\n'],
    ['a binary number', 'lectures: 0b101\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['an item on the line after its dash', '-\n  date: 2024-01-01\n'],
  ])('leaves %s to the full path, with the same result', (_, text) => {
    const fast = parseYamlSource('x.yaml', text);
    const full = parseWithPositions('x.yaml', text);
    expect(fast.value).toEqual(full.value);
    expect(fast.diagnostics).toEqual(full.diagnostics);
    if (Array.isArray(full.value)) expect(fast.locate([0])).toEqual(full.locate([0]));
  });

  it.each([
    ['literal', '- title: |\n    第一行\n    第二行\n  section: youth\n', [2, 3]],
    ['folded, stripped', 'document:\n  opening: >-\n    去年以来，\n    {{org.name}}坚持\n\n    新的一段\n  title: 标题\n', [3, 4, 6]],
    ['kept, with more-indented lines', 'a: |+\n  一\n    二\n\n  三\n\nb: 1\n', [2, 3, 5]],
    ['folded, with more-indented lines and an indentation indicator', 'a: >2\n   一\n  二\n  三\nb: [1, 2]\n', [2, 3, 4]],
    ['a list item', '- |\n  一\n  二\n- x\n', [2, 3]],
    ['a line that only looks like one', 'a: b > c\nd: "|"\n', []],
    ['right before the next field', 'a:\n  b: >-\n    一\n  c: 1\n', [3]],
    ['with a comment after its header', 'a: | # 注释\n  一\n  # 不是注释\nb: 1\n', [2, 3]],
    ['in a list item of a list item', '- - |\n    一\n  - x\n', [2]],
    ['empty', 'a: |\nb: 1\n', []],
    ['several, with blank lines after them', 'a: |\n  x\n\n\nb: >-\n\n  y\n\nc: |+2\n   z\n\nd: |\ne: 1\n', [2, 7, 10]],
    ['followed by lines of spaces', 'a: |\n  x\n  \n     \nb: 1\n', [2]],
    ['a comment before it', 'a: # note\n  |\n  x\nb: 1\n', [3]],
    ['the header on its own line', 'a:\n  |\n   x\nb: 2\n', [3]],
    ['at the end of the text, without a line break', 'a: |\n  x\nb: >\n  y', [2, 4]],
    ['CR LF line ends', 'a: |\r\n  x\r\nb: 1\r\n', [2]],
  ])('reads block text (%s) as the full path does, and its lines as yaml’s syntax tree does', (_, text, lines) => {
    const fast = parseYamlSource('x.yaml', text);
    const full = parseWithPositions('x.yaml', text);
    expect(fast.value).toEqual(full.value);
    expect(fast.diagnostics).toEqual(full.diagnostics);
    expect(treeBlockLines(text)).toEqual(lines);
    expect(nonBlank(text, fast.blockTextLines)).toEqual(lines);
  });

  it('says whether every number reads back as typed, so that no number is looked up by position', () => {
    expect(parseYamlSource('x.yaml', '- {lectures: 26, reached: 1.5, people: -3, rate: 0}\n').numbersAsPrinted).toBe(true);
    for (const written of ['0x1A', '0o17', '1e3', '010', '26.0', '+26', '-0', '9007199254740993', '.inf', '.nan']) {
      expect(parseYamlSource('x.yaml', `- {lectures: 26}\n- {lectures: ${written}}\n`).numbersAsPrinted, written).toBe(false);
    }
    // The full path leaves the question open: the check looks at each number.
    expect(parseWithPositions('x.yaml', '- {lectures: 26}\n').numbersAsPrinted).toBeUndefined();
  });
});
