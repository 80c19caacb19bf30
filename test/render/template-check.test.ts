// The template check (render/template-check.ts, template-syntax.ts) through the engine: every
// class of template mistake an editor makes is reported at the line and column of the expression
// itself, in Chinese, short, with the corrected text or a right call as the hint; and the rule of
// names (a documented field is never shadowed by a helper) holds for every field/helper pair.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerHelpers, HELPERS } from '../../src/render/helpers.js';
import { TemplateEngine, type TemplateText } from '../../src/render/template-engine.js';
import { documentContext, paragraphContext, themeContext, type Shape } from '../../src/render/template-context.js';
import { fieldsNamedLikeHelpers } from '../../src/render/template-check.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { printed, type PrintedFigure } from './printed-figures.js';
import { aggregatesOf, config, event } from '../aggregate/fixtures.js';

const metricIds = config.metrics.map((m) => m.id);
const aggregates = aggregatesOf('2024', {
  events: [event('2024-03-05', { title: '春季主题宣讲', metrics: { lectures: 3, reached: 5200 } }), event('2024-05-04', { title: '五四主题宣讲', metrics: { lectures: 4 } })],
  figures: { members: 1248 },
});

/** A document context with two themes, as render-document.ts builds it. */
const documentValues = {
  org: { name: '共青团示例区委', short: '团区委' },
  document: { title: '标题', date: '2024-12-31', dateText: '2024年12月31日' },
  period: { label: '2024', year: 2024, start: '2024-01-01', end: '2024-12-31', text: '2024年' },
  bulletin: { issue: 11, editors: ['甲', '乙'] },
  scope: {},
  sections: [{ id: 'guidance', number: 1, title: '思想引领', signature: '', themes: [{ id: 'ideology', number: 1, title: '思想政治引领', text: '甲' }, { id: 'activities', number: 2, title: '主题活动', text: '乙' }] }],
  units: [],
};

interface Rendered {
  text: string | undefined;
  diagnostics: Diagnostic[];
  uses: PrintedFigure[];
}

function render(text: string, options: { shape?: Shape; strict?: boolean; partials?: Record<string, string>; source?: Partial<TemplateText> } = {}): Rendered {
  const engine = new TemplateEngine({ strict: options.strict === true });
  registerHelpers(engine.hb, config, aggregates, engine.marks);
  for (const [name, partial] of Object.entries(options.partials ?? {})) engine.registerPartial(name, { file: `partials/${name}.md.hbs`, text: partial });
  const result = engine.render({ file: 'main.md.hbs', text, ...options.source }, documentValues, options.shape ?? documentContext(metricIds));
  const { text: printedText, uses } = printed(engine.marks, result ?? '');
  return { text: result === undefined ? undefined : printedText, diagnostics: engine.diagnostics, uses };
}

const at = (d: Diagnostic) => [d.file, d.line, d.column, d.severity, d.code];

describe('a documented field is never shadowed by a helper of the same name', () => {
  it('holds for every field/helper pair: each such helper needs arguments, so its bare name is the field', () => {
    const pairs = fieldsNamedLikeHelpers([documentContext(metricIds), paragraphContext(metricIds), themeContext(metricIds)]);
    expect(pairs.map((p) => p.helper).sort()).toEqual(['date', 'number', 'unit', 'year']);
    expect(pairs.filter((p) => !p.needsArguments)).toEqual([]);
  });

  it('{{number}} inside {{#each themes}} of an ejected annual-section prints the theme’s number, and {{number x}} is still the helper', () => {
    const section = '{{#each themes}}{{number}}.{{title}}/{{number (sum "lectures")}} {{/each}}';
    const { text, diagnostics } = render('{{#each sections}}{{> annual-section}}{{/each}}', { partials: { 'annual-section': section } });
    expect(diagnostics).toEqual([]);
    expect(text).toBe('1.思想政治引领/7 2.主题活动/7 ');
  });

  it('the same for {{unit}} in {{#each totals}} and {{date}} in {{#with document}}', () => {
    const { text, diagnostics } = render('{{#each totals}}{{label}}{{unit}}{{/each}}', { shape: themeContext(metricIds) });
    expect(diagnostics).toEqual([]);
    expect(text).toBe('');
    expect(render('{{#with document}}{{date}}{{/with}}').text).toBe('2024-12-31');
    expect(render('{{#with period}}{{year}}{{/with}}').text).toBe('2024');
  });

  it('a bare helper name where there is no such field says what the helper needs, with a right call', () => {
    const { diagnostics } = render('正文\n  {{number}}');
    expect(diagnostics.map(at)).toEqual([['main.md.hbs', 2, 3, 'error', 'template-helper']]);
    expect(diagnostics[0]!.hint).toBe('正确写法：{{number (sum "posts")}}');
  });
});

describe('no message prints a whole object', () => {
  it.each(HELPERS.map((h) => [h.name]))('%s called with a group of fields or a list as its argument', (name) => {
    const { diagnostics } = render(`{{#each sections}}\n{{${name} this}}{{${name} themes}}\n{{/each}}`);
    for (const d of diagnostics) {
      expect(d.message.length, d.message).toBeLessThan(100);
      expect(d.message).not.toMatch(/[{[]"|\[object/);
      expect(d.line).toBe(2);
    }
  });
});

describe('slips of a Chinese input method, each at its place with the corrected text', () => {
  it.each([
    ['开展宣讲｛｛sum "lectures"｝｝场次', 1, 5, 'template-full-width', '改为 {{sum "lectures"}}'],
    ['开展宣讲{{sum “lectures”}}场次', 1, 11, 'template-full-width', '改为 {{sum "lectures"}}'],
    ['开展宣讲{{sum "lectures" tag＝"宣讲"}}场次', 1, 25, 'template-full-width', '改为 {{sum "lectures" tag="宣讲"}}'],
    ['覆盖{{approx（sum "reached"）}}人次', 1, 11, 'template-full-width', '改为 {{approx(sum "reached")}}'],
    ['第一行\n覆盖{{approx sum "reached"}}人次', 2, 12, 'template-helper-argument', '改为 {{approx (sum "reached")}}'],
    ['覆盖{{number count tag="宣讲"}}场', 1, 12, 'template-helper-argument', '改为 {{number (count) tag="宣讲"}}'],
  ])('%s', (text, line, column, code, hint) => {
    const { text: printed, diagnostics } = render(text);
    expect(printed).toBeUndefined();
    expect(diagnostics.map(at)).toEqual([['main.md.hbs', line, column, 'error', code]]);
    expect(diagnostics[0]!.hint).toBe(hint);
  });

  it('quotes inside a quoted string are text, not a slip', () => {
    expect(render('{{titles tag="“三下乡”"}}').diagnostics).toEqual([]);
  });

  it('Chinese inside comments is not a slip', () => {
    expect(render('{{!-- 说明：“一是” --}}{{! 全角（） }}正文').diagnostics).toEqual([]);
  });
});

describe('template syntax errors: Chinese, positioned, saying what was expected', () => {
  it.each([
    ['正文{{sum "lectures"}场次', 1, 3, /\{\{ 没有对应的 \}\}/],
    ['{{#each sections}}\n{{title}}\n', 1, 1, /\{\{#each\}\} 没有对应的 \{\{\/each\}\}/],
    ['{{#if opening}}\n{{/each}}', 2, 1, /这里应是 \{\{\/if\}\}/],
    ['{{/if}}', 1, 1, /前面没有 \{\{#if\}\}/],
    ['一\n二{{}}', 2, 4, /这里应是名称/],
    ['{{sum "lectures" tag=}}', 1, 22, /这里应是/],
  ])('%s', (text, line, column, message) => {
    const { diagnostics } = render(text);
    expect(diagnostics.map(at)).toEqual([['main.md.hbs', line, column, 'error', 'template-syntax']]);
    expect(diagnostics[0]!.message).toMatch(message);
    expect(diagnostics[0]!.message).not.toMatch(/[A-Z]{3,}|Handlebars|Expecting|Parse error/);
  });
});

describe('unknown variables, helpers and keys, found in every branch', () => {
  it('a misspelt field in a branch this period does not print is still reported, at the path', () => {
    const { diagnostics } = render('{{#if plan}}\n  {{plan.titel}}\n{{/if}}');
    expect(diagnostics.map(at)).toEqual([['main.md.hbs', 2, 5, 'warning', 'template-missing-variable']]);
    expect(diagnostics[0]!.hint).toBe('是不是 title？');
  });

  it('a field reached through ../ and block parameters', () => {
    const text = '{{#each sections as |section|}}{{#each themes}}{{../title}}{{section.number}}{{@index}}{{@root.org.name}}{{../titel}}{{/each}}{{/each}}';
    const { diagnostics } = render(text);
    expect(diagnostics.map((d) => [d.column, d.message])).toEqual([[text.indexOf('../titel') + 1, '模板引用的 ../titel 不存在，印出来是空的']]);
  });

  it('a key= a helper does not read is an error at the key, with the keys it reads', () => {
    const { diagnostics } = render('{{sum "lectures" tga="宣讲"}}');
    expect(diagnostics.map(at)).toEqual([['main.md.hbs', 1, 18, 'error', 'template-helper']]);
    expect(diagnostics[0]!.hint).toMatch(/^是不是 tag？/);
  });

  it('a partial is checked in the context it is included in, its problems reported in its file', () => {
    const { diagnostics } = render('{{#each sections}}{{> part}}{{/each}}', { partials: { part: '{{title}}\n{{#each themes}}{{txet}}{{/each}}' } });
    expect(diagnostics.map(at)).toEqual([['partials/part.md.hbs', 2, 19, 'warning', 'template-missing-variable']]);
    expect(diagnostics[0]!.hint).toBe('是不是 text？');
  });

  it('positions inside a summary map to the file that holds it', () => {
    const source = { file: 'summarize.yaml', position: (line: number, column: number) => ({ line: line + 40, column: column + 10 }) };
    const { diagnostics } = render('开展{{approx sum "reached"}}', { source, shape: themeContext(metricIds) });
    expect(diagnostics.map(at)).toEqual([['summarize.yaml', 41, 22, 'error', 'template-helper-argument']]);
  });
});

describe('a figure of 0 printed in running text', () => {
  it.each([
    ['举办招聘会{{sum "reached" tag="招聘会"}}场', 6, '{{#if (sum "reached" tag="招聘会")}}'],
    ['举办招聘会{{approx (count tag="招聘会")}}场', 6, '{{#if (count tag="招聘会")}}'],
    ['举办招聘会{{number (sum "reached" tag="招聘会")}}场', 6, '{{#if (sum "reached" tag="招聘会")}}'],
  ])('%s is a warning at the expression, the guard written out for it', (text, column, guard) => {
    const { text: printed, diagnostics } = render(text);
    expect(printed).toBe('举办招聘会0场');
    expect(diagnostics.map(at)).toEqual([['main.md.hbs', 1, column, 'warning', 'template-zero-figure']]);
    expect(diagnostics[0]!.hint).toBe(`本期没有这项工作时，用 ${guard}…{{/if}} 把这一句包起来，数字为 0 时不印`);
  });

  it('is not reported for a 0 that is not a figure (an index, a number of the data)', () => {
    expect(render('{{#each sections}}{{@index}}{{/each}}').diagnostics).toEqual([]);
  });

  it('is not reported inside a guard that leaves it out', () => {
    expect(render('{{#if (sum "reached" tag="招聘会")}}举办招聘会{{sum "reached" tag="招聘会"}}场{{/if}}').diagnostics).toEqual([]);
  });
});

describe('printing', () => {
  it('two numbers side by side are text, not their sum', () => {
    expect(render('{{period.year}}{{bulletin.issue}}').text).toBe('202411');
  });

  it('records each printed figure once, as before', () => {
    const { text, uses } = render('{{sum "lectures"}}与{{approx (sum "reached")}}');
    expect(text).toBe('7与5200');
    expect(uses.map((u) => u.printed).sort()).toEqual(['5200', '7']);
  });
});

describe('the built-in templates speak Chinese', () => {
  const folder = path.resolve(import.meta.dirname, '../../templates');
  const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.hbs') || f.endsWith('.yaml'));

  it.each(files)('every comment in %s is Chinese', (file) => {
    const text = readFileSync(path.join(folder, file), 'utf8');
    const comments = file.endsWith('.hbs') ? [...text.matchAll(/\{\{!(?:--([\s\S]*?)--|([^}]*))\}\}/g)].map((m) => m[1] ?? m[2]!) : [...text.matchAll(/#(?! yaml-language-server)(.*)$/gm)].map((m) => m[1]!);
    for (const comment of comments) expect(comment, file).not.toMatch(/[A-Za-z']+ [A-Za-z']+ [A-Za-z']+/);
  });
});
