// Load stage: YAML with positions. Exact columns for a character inside every kind of scalar, and
// hostile input bounded: alias bombs, deep nesting, many keys, tags, __proto__.

import { describe, expect, it } from 'vitest';
import { parseYamlSource, type YamlPath } from '../../src/load/yaml-source.js';

/** Line and column (1-based) of the n-th occurrence of `char` in `text`, as an editor shows them. */
function positionOf(text: string, char: string, occurrence = 0): { line: number; column: number } {
  let offset = -1;
  for (let n = 0; n <= occurrence; n++) offset = text.indexOf(char, offset + 1);
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

describe('locateInText: the exact line and column of a character inside text', () => {
  const cases: [string, string, YamlPath, string, number][] = [
    ['plain', 'title: 主题宣讲,进社区\n', ['title'], ',', 0],
    ['double-quoted', 'title: "主题宣讲(第一场)"\n', ['title'], ')', 0],
    ['double-quoted with escapes before it', 'title: "\\t主题\\"宣讲\\"(第一场)"\n', ['title'], '(', 0],
    ['single-quoted', "title: '主题''宣讲'',进社区'\n", ['title'], ',', 0],
    ['multi-line plain', 'title: 第一行,文字\n  第二行;文字\n', ['title'], ';', 0],
    ['multi-line double-quoted', 'title: "第一行\n  第二行,文字"\n', ['title'], ',', 0],
    ['literal block, header comment with a comma', 'text: |  # 说明, 注释\n  第一行,\n  第二行(中文)\n', ['text'], ',', 1],
    ['folded block', 'text: >-\n  第一行\n  第二行:中文\n\n  第四行;中文\n', ['text'], ';', 0],
    ['the second of two', 'title: 主题,宣讲,进社区\n', ['title'], ',', 1],
    ['in a list item', '- date: 2024-03-05\n  title: 主题宣讲,进社区\n', [0, 'title'], ',', 0],
    ['in a flow map', '- {date: 2024-03-05, title: "主题宣讲,进社区"}\n', [0, 'title'], ',', 1],
    ['a quote mark', 'title: 开展“青年大学习”活动\n', ['title'], '”', 0],
    ['with CRLF line endings', 'a: 1\r\ntext: |\r\n  第一行\r\n  第二行,中文\r\n', ['text'], ',', 0],
  ];
  it.each(cases)('%s', (_, text, path, char, occurrence) => {
    const source = parseYamlSource('a.yaml', text);
    expect(source.diagnostics).toEqual([]);
    const value = (path as (string | number)[]).reduce<unknown>((v, step) => (v as Record<string | number, unknown>)[step], source.value) as string;
    const valueOccurrence = occurrence - (text.split(char).length - 1 - (value.split(char).length - 1)); // skip those outside the value
    let index = -1;
    for (let n = 0; n <= valueOccurrence; n++) index = value.indexOf(char, index + 1);
    expect(index).toBeGreaterThanOrEqual(0);
    expect(source.locateInText!(path, index)).toEqual({ file: 'a.yaml', ...positionOf(text, char, occurrence) });
  });

  it('falls back to the start of the text when an escape makes the character (\\u201c)', () => {
    const source = parseYamlSource('a.yaml', 'title: "开展\\u201c青年大学习”活动"\n');
    expect(source.locateInText!(['title'], 2)).toEqual({ file: 'a.yaml', line: 1, column: 9 });
  });

  it('points locate() at a quoted or block text’s first character', () => {
    const source = parseYamlSource('a.yaml', 'a: "x"\nb: |\n  text\n');
    expect(source.locate(['a'])).toMatchObject({ line: 1, column: 5 });
    expect(source.locate(['b'])).toMatchObject({ line: 3, column: 3 });
    expect(source.locate(['b'], { key: true })).toMatchObject({ line: 2, column: 1 });
  });
});

describe('YAML problems in Chinese, at the line to fix', () => {
  it.each([
    ['a tab as indentation', 'a:\n\tb: 1\n', 'yaml-'],
    ['an unclosed double quote, at the quote', 'a: 1\nb: "abc\nc: 2\n', 'yaml-missing-char', 2, 4, '双引号'],
    ['an unclosed bracket, at the bracket', '- a: 1\n  tags: [x, y\n- a: 2\n', 'yaml-missing-char', 2, 9, '方括号'],
    ['an unclosed single quote after a doubled one', "a: 'it''s\n", 'yaml-missing-char', 1, 4, '单引号'],
    ['a double quote whose last quote is escaped', 'a: "x\\"\n', 'yaml-missing-char', 1, 4, '双引号'],
    ['an unclosed bracket at the top level, at the bracket', '[x, y\n', 'yaml-missing-char', 1, 1, '方括号 ['],
    ['an unclosed brace at the top level, at the brace', '{x: 1\n', 'yaml-missing-char', 1, 1, '花括号 {'],
    ['an unclosed bracket inside closed braces', '{a: [1, 2}\n', 'yaml-missing-char', 1, 5, '方括号 ['],
    ['a key without its colon', 'a: b\nc\nd: e\n', 'yaml-missing-char', 2, 1, '冒号'],
    ['a duplicate key, at the second', 'a: 1\nb: 2\na: 3\n', 'yaml-duplicate-key', 3, 1, '第 1 行'],
    ['two documents', 'a: 1\n---\nb: 2\n', 'yaml-multiple-docs', 2, 1, '---'],
    ['a list as a key', '? [a, b]\n: 1\n', 'yaml-non-scalar-key', 1, 3, '字段名'],
    ['a colon and a space inside a title', '- date: 2024-05-04\n  title: 五四青年节: 主题团日\n', 'yaml-block-as-implicit-key', 2, 10, '半角冒号加空格'],
    ['a colon at the end of a text', '- date: 2024-05-04\n  text: 分享如下:\n', 'yaml-block-as-implicit-key', 2, 9, '半角冒号加空格'],
    ['a text’s next line that looks like a field', '- text: 第一行\n    VLOG: 第二行\n', 'yaml-block-as-implicit-key', 1, 9, '上一行缺少冒号'],
  ] as const)('%s', (_, text, code, line?: number, column?: number, words?: string) => {
    const source = parseYamlSource('a.yaml', text);
    expect(source.value).toBeUndefined();
    const first = source.diagnostics[0]!;
    expect(first.code.startsWith(code)).toBe(true);
    expect(first.severity).toBe('error');
    expect(first.message).toMatch(/^YAML 格式错误：\p{Script=Han}/u);
    // Built from yaml's error codes and the syntax tree, never from its English messages (Tab is ours).
    expect(first.message.replace(/^YAML 格式错误：/, '')).not.toMatch(/[A-Za-z]{4}/);
    if (line !== undefined) expect(first).toMatchObject({ line, column });
    if (words !== undefined) expect(first.message).toContain(words);
  });
});

it('says how to keep a colon in a text: full-width, or the text quoted', () => {
  const [problem] = parseYamlSource('a.yaml', '- title: 五四青年节: 主题团日\n').diagnostics;
  expect(problem!.hint).toBe('把文字中的“: ”改成全角冒号“：”，或给整段文字加上引号');
});

describe('hostile input is bounded', () => {
  const timed = <T>(work: () => T): { result: T; ms: number } => {
    const start = performance.now();
    const result = work();
    return { result, ms: performance.now() - start };
  };

  it('refuses a billion-laughs alias bomb quickly', () => {
    const levels = 'abcdefghij';
    let text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < levels.length; i++) text += `${levels[i]}: &${levels[i]} [${Array(9).fill(`*${levels[i - 1]}`).join(',')}]\n`;
    const { result, ms } = timed(() => parseYamlSource('a.yaml', text));
    expect(result.value).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(['yaml-alias-bomb']);
    expect(ms).toBeLessThan(2000);
  });

  it('still reads a few ordinary aliases', () => {
    expect(parseYamlSource('a.yaml', 'x: &t [宣讲]\ny: *t\n').value).toEqual({ x: ['宣讲'], y: ['宣讲'] });
  });

  it.each([
    ['10 000 nested block lists', '- '.repeat(10_000) + 'x\n'],
    ['10 000 nested flow lists', '['.repeat(10_000) + ']'.repeat(10_000)],
    ['10 000 nested flow maps', '{a: '.repeat(10_000) + '1' + '}'.repeat(10_000)],
    ['2 000 nested block maps', Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1\n'],
    ['nested lists inside a value', 'a: ' + '[x, '.repeat(5000) + ']'.repeat(5000)],
  ])('refuses %s before parsing, without overflowing the stack', (_, text) => {
    const { result, ms } = timed(() => parseYamlSource('a.yaml', text));
    expect(result.value).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(['yaml-too-deep']);
    expect(ms).toBeLessThan(1000);
  });

  it.each([
    ['128 spaces', ' '.repeat(128) + 'a: 1\n', false],
    ['129 spaces', ' '.repeat(129) + 'a: 1\n', true],
    ['126 spaces and a dash', ' '.repeat(126) + '- x\n', false],
    ['127 spaces and a dash', ' '.repeat(127) + '- x\n', true],
    ['a dash with no space after it', ' '.repeat(127) + '-x\n', false],
  ])('bounds indentation at 128 columns of spaces and markers: %s', (_, text, tooDeep) => {
    expect(parseYamlSource('a.yaml', `b: 1\n${text}`).diagnostics.some((d) => d.code === 'yaml-too-deep')).toBe(tooDeep);
  });

  it('reads nesting within the bounds', () => {
    const source = parseYamlSource('a.yaml', '['.repeat(60) + ']'.repeat(60));
    expect(source.diagnostics).toEqual([]);
  });

  it('finds a duplicate among 100 000 keys in linear time', () => {
    const text = Array.from({ length: 100_000 }, (_, i) => `k${i}: ${i}`).join('\n') + '\nk7: again\n';
    const { result, ms } = timed(() => parseYamlSource('a.yaml', text));
    expect(result.diagnostics.map((d) => [d.code, d.line])).toEqual([['yaml-duplicate-key', 100_001]]);
    expect(ms).toBeLessThan(15_000); // yaml's own check is quadratic: minutes
  }, 30_000); // the bound above is the assertion; vitest's 5 s default would cut it short on a busy machine

  it.each([
    ['!foo', 'a: !foo bar\n'],
    ['!!js/function', 'a: !!js/function "function () { return 1 }"\n'],
    ['!!binary', 'a: !!binary aGVsbG8=\n'],
    ['!!timestamp', 'a: !!timestamp 2024-03-05\n'],
    ['!!set', 'a: !!set {x, y}\n'],
    ['a tag on a map', 'a: !foo {b: 1}\n'],
    ['a tag made with %TAG', '%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n'],
    ['a core tag renamed by %TAG', '%TAG ! tag:yaml.org,2002:\n---\na: !binary aGVsbG8=\n'],
  ])('refuses the tag %s with one clear error, and no value', (_, text) => {
    const source = parseYamlSource('a.yaml', text);
    expect(source.value).toBeUndefined();
    expect(source.diagnostics.map((d) => d.code)).toEqual(['yaml-unsupported-tag']);
    expect(source.diagnostics[0]!.message).toContain('不支持 YAML 标签');
  });

  describe('one slip that yaml cannot read past', () => {
    const event = (n: number) => `- date: 2024-03-${String(n).padStart(2, '0')}\n  section: guidance\n  title: 宣讲第${n}场\n  tags: [宣讲]\n  metrics: {lectures: 1}\n`;
    const log = Array.from({ length: 20 }, (_, i) => event(i + 1)).join('\n');
    const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

    it.each([
      ['no space after a dash', '- date: 2024-03-02', '-date: 2024-03-02'],
      ['a bracket too many', '  tags: [宣讲]\n  metrics: {lectures: 1}\n\n- date: 2024-03-03', '  tags: [宣讲]]\n  metrics: {lectures: 1}\n\n- date: 2024-03-03'],
    ])('%s: one error at the slip, the lines it upsets counted in its hint', (_, from, to) => {
      const text = log.replace(from, to);
      const { diagnostics } = parseYamlSource('a.yaml', text);
      expect(diagnostics.map((d) => [d.code, d.line])).toEqual([['yaml-unexpected-token', lineOf(text, to.split('\n')[0]!)]]);
      expect(diagnostics[0]!.hint).toMatch(/之后 \d{2,} 行的“多余的或位置不对的符号”多半由这一处引起/);
    });

    it('says nothing of a cascade when nothing follows the slip', () => {
      const { diagnostics } = parseYamlSource('a.yaml', 'a: [1]]\n');
      expect(diagnostics.map((d) => d.code)).toEqual(['yaml-unexpected-token']);
      expect(diagnostics[0]!.hint).not.toContain('之后');
    });
  });

  it('allows the core schema’s own tags', () => {
    expect(parseYamlSource('a.yaml', 'a: !!str 26\nb: !!int "3"\n').value).toEqual({ a: '26', b: 3 });
  });

  it('reads %YAML 1.1 documents with the core schema (no yes/no booleans, no dates, no merges)', () => {
    const source = parseYamlSource('a.yaml', '%YAML 1.1\n---\na: yes\nb: 2024-03-05\nx: &x {k: 1}\nc: {<<: *x}\n');
    expect(source.value).toEqual({ a: 'yes', b: '2024-03-05', x: { k: 1 }, c: { '<<': { k: 1 } } });
  });

  it('keeps __proto__ and constructor as plain keys: no prototype is touched', () => {
    const source = parseYamlSource('a.yaml', '__proto__: {polluted: 1}\nconstructor: {prototype: {polluted: 2}}\nlist:\n  - __proto__: {polluted: 3}\n');
    expect(source.diagnostics).toEqual([]);
    const value = source.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect((value as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
