// The line-by-line reading of logs (load/log-lines.ts) must read every text it accepts exactly as
// js-yaml's core schema does (which yaml-fast-path.test.ts holds equal to yaml's tree), find each
// event where yaml does, and accept nothing that holds a typing slip, nesting past the bounds or a
// control character, since those checks are then skipped; anything else it must leave to the usual
// path.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FAILSAFE_SCHEMA, load, types } from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { readLogLines } from '../../src/load/log-lines.js';
import { parseWithPositions, parseYamlSource } from '../../src/load/yaml-source.js';
import { typingSlips } from '../../src/validate/typing-slips.js';
import { controlCharacters } from '../../src/load/source-text.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { temporaryFolder } from '../helpers/temp.js';
import { yamlFiles } from '../helpers/yaml-files.js';

const repo = path.resolve(import.meta.dirname, '../..');
const CORE = FAILSAFE_SCHEMA.extend({ implicit: [types.null, types.bool, types.int, types.float] });

function jsYaml(text: string): unknown {
  try {
    return load(text, { schema: CORE });
  } catch (error) {
    return error;
  }
}

/** Whether `text` is either left alone, or read as js-yaml and yaml read it, slip-free; true when read. */
function readAsYamlDoes(text: string): boolean {
  const read = readLogLines(text);
  if (!read) return false;
  expect(read.value).toEqual(jsYaml(text));
  const full = parseWithPositions('x.yaml', text);
  expect(full.diagnostics).toEqual([]);
  expect(read.value).toEqual(full.value);
  expect(read.itemStarts.map((start) => ({ file: 'x.yaml', ...start }))).toEqual(read.value.map((_, index) => full.locate([index])));
  // The typing-slip check, run as if the text had come another way, finds nothing to report.
  const diagnostics: Diagnostic[] = [];
  const fieldNames = new Set(text.match(/[A-Za-z_][A-Za-z0-9_-]*/g) ?? []);
  const slips = typingSlips({ ...full, slipFree: false }, fieldNames, diagnostics);
  expect(diagnostics).toEqual([]);
  expect(slips).toEqual({ echoes: new Set() });
  expect(parseYamlSource('x.yaml', text).slipFree).toBe(true);
  // Nor does the look for control characters, which is skipped for such a text.
  expect(controlCharacters('x.yaml', text)).toEqual([]);
  return true;
}

describe('readLogLines', () => {
  let generated: string[] = [];
  beforeAll(() => {
    const project = path.join(temporaryFolder('log-lines'), 'p');
    const made = spawnSync('node', [path.join(repo, 'scripts/generate-project.mjs'), '--events', '3000', '--out', project], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    generated = yamlFiles(project);
  });

  it('reads every example and fixture as js-yaml does, or leaves it', () => {
    const files = [...yamlFiles(path.join(repo, 'examples')), ...yamlFiles(path.join(repo, 'test/fixtures'))];
    expect(files.length).toBeGreaterThan(100);
    const read = files.filter((file) => readAsYamlDoes(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')));
    // The example's logs are in the shape read here.
    expect(read.map((file) => path.relative(repo, file))).toEqual(expect.arrayContaining(['examples/shangjie/activities/2024/q1.yaml', 'examples/zhengzhou/activities/2024/city.yaml']));
  });

  it('reads every log of a generated project', () => {
    const logs = generated.filter((file) => file.includes(`${path.sep}activities${path.sep}`));
    expect(logs.length).toBeGreaterThan(5);
    for (const file of logs) expect(readAsYamlDoes(readFileSync(file, 'utf8')), file).toBe(true);
  });

  const event = '- date: 2024-03-05\n  section: service\n  title: 志愿服务\n';
  it.each([
    ['CR LF line ends', event.replaceAll('\n', '\r\n')],
    ['no line break at the end', event.trimEnd()],
    ['comments and blank lines everywhere', `# 头\n\n${event}  # 中间\n\n    # 深处\n- date: 2024-03-06 # 日期\n  section: x  # 注释\n  title: 'y'  #注释\n  text: z  # 注释\n`],
    ['a map under a field', `${event}  metrics:\n    lectures: 3\n\n    participants: 120\n  tags: [x]\n`],
    ['an empty field', `${event}  metrics:\n  tags: []\n- title: y\n  metrics:   \n`],
    ['a field with nothing at the end of the text', `${event}  metrics:`],
    ['more spaces after the dash', '-   date: 2024-03-05\n    title: x\n- title: y\n'],
    ['flow collections', '- tags: [ a , b c,  "d, e" ,\'f\'\'g\']\n  metrics: {a: 1,b: 2 ,  c: 0}\n  e: {}\n  f: [ ]\n  g: { }\n'],
    ['quoted text', `- a: ""\n  b: ''\n  c: "它's 10:30"\n  d: 'x''y'''\n  e: " 空格 "\n`],
    ['core-schema words', '- a: true\n  b: False\n  c: NULL\n  d: null\n  e: yes\n  f: on\n  g: nan\n  h: Nulls\n  i: TRUE\n'],
    ['numbers as printed', '- a: 0\n  b: 7\n  c: 123456789012345\n  d: [1, 22]\n'],
    ['whole numbers in braces', '- m: {a: 0, b: 7 , c: 123456789012345,d: 42  }\n  n: {c: 3场}\n'],
    ['fields in another order on each event', '- a: 1\n  b: 2\n  c: 3\n- c: 4\n  a: 5\n- b: 6\n  c: 7\n  ab: 8\n  a: 9\n'],
    ['text starting with a digit', '- a: 2024-13-45\n  b: 10:30开会\n  c: 3场\n  d: 1号楼 2层\n'],
    ['colons and hashes inside text', '- a: 时间:10:30\n  b: x#1\n  c: a:b:c\n  d: 第#2期\n'],
    ['full-width and other text', '- a: 全角　空格：冒号，逗号【括号】\n  b: 😀 表情\n  c: x\u0085y\n  d: «»\n'],
    ['keys with underscores and dashes', '- _a: 1\n  b-c: 2\n  d_9: 3\n'],
    ['trailing spaces', '- a: x  \n  b: [1]  \n  c: "y"   \n'],
  ])('reads %s as js-yaml does', (_, text) => {
    expect(readAsYamlDoes(text)).toBe(true);
  });

  it.each([
    ['an empty text', ''],
    ['only comments', '# 空\n\n'],
    ['a map at the top', 'lectures: 3\n'],
    ['an item that is not a map', `${event}- 文字\n`],
    ['an item on the line after its dash', '-\n  date: 2024-01-01\n'],
    ['a list in a list', '- - a: 1\n'],
    ['a document marker', `---\n${event}`],
    ['a directive', `%YAML 1.2\n---\n${event}`],
    ['a list under a field', `${event}  tags:\n    - a\n`],
    ['a list under a field at its column', `${event}  tags:\n  - a\n`],
    ['a map two levels down', `${event}  a:\n    b:\n      c: 1\n`],
    ['continued text', `${event}    续行\n`],
    ['continued text after a map', `${event}  metrics:\n    a: 1\n   b: 2\n`],
    ['a misaligned field', `${event}   text: x\n`],
    ['a field less indented', `${event} text: x\n`],
    ['a full-width colon', `${event}  text：x\n`],
    ['no space after a colon', '- date:2024-03-05\n'],
    ['a space before a colon', '- date : 2024-03-05\n'],
    ['no space after a colon in braces', '- metrics: {a:1}\n'],
    ['a full-width colon in braces', '- metrics: {a：1}\n'],
    ['tab indentation', `${event}\ttext: x\n`],
    ['a tab in text', '- a: x\ty\n'],
    ['full-width indentation', `${event}\u3000\u3000text: x\n`],
    ['a duplicate key', `${event}  title: again\n`],
    ['a duplicate key in braces', '- m: {a: 1, a: 2}\n'],
    ['a __proto__ key', '- __proto__: 1\n'],
    ['a key that is a word of the core schema', '- null: 1\n'],
    ['a key in braces that is a word of the core schema', '- m: {true: 1}\n'],
    ['a __proto__ key in braces', '- m: {__proto__: 1}\n'],
    ['a comment with no space after its #, after a plain title (typing-slips.ts warns that it may be text cut off)', '- title: 青年大学习 #第3期\n'],
    ['the same after a plain text', '- text: 开展 #青年大学习# 宣讲\n'],
    ['a mapping inside text', '- a: b: c\n'],
    ['a colon ending text', '- a: b:\n'],
    ['block text', '- a: |\n    x\n'],
    ['folded block text', '- a: >-\n    x\n'],
    ['a block header after text', '- a: x >\n'],
    ['an anchor', '- a: &x 1\n'],
    ['an alias', '- a: *x\n'],
    ['a tag', '- a: !!str 1\n'],
    ['an explicit key', '- ? a\n  : 1\n'],
    ['an anchor inside text', '- a: x &y\n'],
    ['a tag after a comma', '- a: x,!y\n'],
    ['a hash starting text', '- a: b\n  c: #x\n'],
    ['numbers written otherwise', '- a: 1.5\n'],
    ['a leading zero', '- a: 010\n'],
    ['an exponent', '- a: 1e3\n'],
    ['hexadecimal', '- a: 0x1A\n'],
    ['a sign', '- a: -3\n'],
    ['a plus', '- a: +3\n'],
    ['a dot', '- a: .5\n'],
    ['infinity', '- a: .inf\n'],
    ['an underscore in a number', '- a: 1_000\n'],
    ['an inexact number', '- a: 9007199254740993\n'],
    ['sixteen digits', '- a: 1234567890123456\n'],
    ['a leading zero in braces', '- m: {a: 1, b: 010}\n'],
    ['sixteen digits in braces', '- m: {a: 1234567890123456}\n'],
    ['an exponent in braces', '- m: {a: 1e3}\n'],
    ['digits and letters in braces', '- m: {a: 12a}\n'],
    ['two numbers in braces', '- m: {a: 1 2}\n'],
    ['a number and a hash in braces', '- m: {a: 1 #x}\n'],
    ['a time', '- a: 10:30\n'],
    ['a tilde', '- a: ~\n'],
    ['a number list with a sign', '- a: [1, -2]\n'],
    ['escapes in double quotes', '- a: "x\\"y"\n'],
    ['an unclosed quote', '- a: "x\n'],
    ['text after a closing quote', '- a: "x" y\n'],
    ['nested brackets', '- a: [[x]]\n'],
    ['a map in braces in braces', '- a: {b: {c: 1}}\n'],
    ['a trailing comma', '- a: [x, ]\n'],
    ['an empty item', '- a: [x,,y]\n'],
    ['an unclosed bracket', '- a: [x, y\n'],
    ['a bracket over two lines', '- a: [x,\n    y]\n'],
    ['a comment right after a bracket', '- a: [x]# c\n'],
    ['a quoted item in braces', '- a: {b: "x"}\n'],
    ['a colon in a bracketed item', '- a: [b:c]\n'],
    ['a bracket inside text', '- a: x[1]\n'],
    ['a brace inside text', '- a: x{title:1}\n'],
    ['a brace inside quotes', '- a: "{title:1}"\n'],
    ['a brace in a comment', `${event}# {title:1}\n`],
    ['a lone CR', '- a: x\ry\n'],
    ['a control character', '- a: x\u0001y\n'],
    ['DEL', '- a: x\u007fy\n'],
    ['a C1 control', '- a: x\u0090y\n'],
    ['a byte order mark', '\ufeff- a: x\n'],
    ['U+FFFE', '- a: x\ufffey\n'],
    ['a lone high surrogate', '- a: x\ud83dy\n'],
    ['a lone low surrogate', '- a: x\ude00y\n'],
    ['a key starting with a digit', '- 1a: x\n'],
    ['a Chinese key', '- 标题: x\n'],
    ['a quoted key', '- "a": x\n'],
    ['the first event indented', '  - a: x\n'],
    ['fields far from the dash', `-${' '.repeat(20)}a: x\n`],
    ['a line of spaces past the bound', `${event}${' '.repeat(129)}\n`],
  ])('leaves %s to the usual path', (_, text) => {
    expect(readLogLines(text)).toBeUndefined();
  });

  it('leaves nesting past the bounds to the check that reports it', () => {
    const spaces = parseYamlSource('x.yaml', `${event}${' '.repeat(129)}\n`);
    expect(spaces.diagnostics.map((d) => d.code)).toEqual(['yaml-too-deep']);
    const brackets = parseYamlSource('x.yaml', `- title: ${'['.repeat(65)}\n`);
    expect(brackets.diagnostics.map((d) => d.code)).toEqual(['yaml-too-deep']);
  });
});
