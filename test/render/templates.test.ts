// Render stage with the real templates and the example project: each document kind, project
// overrides, template mistakes reported at their file, line and column (also inside the block
// scalars of summarize.yaml), missing variables, and the safety promises (data is never template
// text; prototype access stays closed).

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProject } from '../../src/cli/pipeline.js';
import { loadTemplates, type TemplateFile, type TemplateSet } from '../../src/load/templates.js';
import { loadPlan } from '../../src/load/plan.js';
import { checkPlan } from '../../src/validate/plan.js';
import type { Block, DocumentModel } from '../../src/model/document.js';
import { plainText } from '../../src/model/document.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { renderDocument, type RenderOptions } from '../../src/render/render-document.js';
import { parseErrorPosition } from '../../src/render/template-syntax.js';
import { PRECOMPILED } from '../../src/render/templates.generated.js';
import { renderMarkdown } from '../../src/write/markdown.js';
import { copyExample } from '../helpers/examples.js';
import { temporaryFolder } from '../helpers/temp.js';

const repo = path.resolve(import.meta.dirname, '../..');
const example = path.join(repo, 'examples/shangjie');

function copyOfExample(): string {
  const root = temporaryFolder('templates');
  copyExample('shangjie', root);
  return root;
}

function render(root: string, kind: string, options: RenderOptions = {}, adjust?: (templates: TemplateSet) => TemplateSet) {
  const checked = checkProject('2024', { project: root });
  expect(checked.failed, JSON.stringify(checked.diagnostics.filter((d) => d.severity === 'error'))).toBe(false);
  const templates = loadTemplates(root, kind);
  const diagnostics: Diagnostic[] = [];
  const planSource = loadPlan(root, 2025);
  const plan = planSource ? checkPlan(planSource, checked.project!.config, 2025, diagnostics) : undefined;
  expect(diagnostics).toEqual([]);
  return renderDocument(checked.project!.config, checked.aggregates!, adjust ? adjust(templates) : templates, { ...(plan ? { plan } : {}), ...options });
}

function text(block: Block): string {
  switch (block.kind) {
    case 'title':
      return block.text;
    case 'heading':
    case 'paragraph':
      return plainText(block.runs);
    case 'masthead':
      return [block.name, block.issue, block.office, block.date].join(' ');
    case 'distribution':
      return block.lines.map(plainText).join(' ');
  }
}

function allText(model: DocumentModel | undefined): string {
  return (model?.blocks ?? []).map(text).join('\n');
}

describe('document kinds built from the example project', () => {
  it('bulletin: masthead, one item with its signature, △ briefs, distribution block', () => {
    const { model, diagnostics } = render(example, 'bulletin');
    expect(diagnostics).toEqual([]);
    expect(model!.blocks.map((b) => b.kind)).toEqual(['masthead', 'title', 'paragraph', 'heading', 'paragraph', 'heading', 'paragraph', 'heading', 'paragraph', 'paragraph', 'paragraph', 'distribution']);
    expect(allText(model)).toContain('“五大行动”14场次。（团区委）');
  });

  it('annual: 公文 title, 一、 and （一） headings, the plan as part 四 with 1. items, 落款 as closing lines', () => {
    const { model, diagnostics } = render(example, 'annual');
    expect(diagnostics).toEqual([]);
    const blocks = model!.blocks;
    expect(blocks[0]).toEqual({ kind: 'title', text: '共青团上街区委2024年工作总结' });
    expect(blocks.some((b) => b.kind === 'masthead' || b.kind === 'distribution')).toBe(false);
    const headings = blocks.filter((b) => b.kind === 'heading').map((b) => `${b.kind === 'heading' ? b.level : ''}${text(b)}`);
    expect(headings.slice(0, 4)).toEqual(['1一、牢记育人使命，把牢思想引领“风向标”', '2（一）强化思想政治引领', '2（二）强化主题活动引领', '2（三）强化榜样典型引领']);
    expect(headings).toContain('1四、2025年工作安排');
    expect(headings).toContain('2（一）持续深化思想引领，筑牢青年理想信念');
    expect(allText(model)).toContain('1.深化理论武装。用好“红领巾巡讲团”');
    expect(allText(model)).toContain('覆盖少先队员1.1万余人次');
    expect(blocks.slice(-2)).toEqual([
      { kind: 'paragraph', role: 'closing', runs: [{ text: '共青团上街区委' }] },
      { kind: 'paragraph', role: 'closing', runs: [{ text: '2025年2月21日' }] },
    ]);
  });

  it('annual without a plan file: no 工作安排 part', () => {
    const root = copyOfExample();
    rmSync(path.join(root, 'plans/2025.yaml'));
    const checked = checkProject('2024', { project: root });
    const alone = renderDocument(checked.project!.config, checked.aggregates!, loadTemplates(root, 'annual'));
    expect(alone.diagnostics).toEqual([]);
    expect(allText(alone.model)).not.toContain('工作安排');
    expect(alone.model!.blocks.at(-1)).toMatchObject({ role: 'closing' });
  });

  it('plan: stand-alone, one 一、 part per plan section, items as （一） paragraphs with bold titles', () => {
    const { model, diagnostics } = render(example, 'plan');
    expect(diagnostics).toEqual([]);
    expect(model!.blocks[0]).toEqual({ kind: 'title', text: '共青团上街区委2025年工作安排' });
    const item = model!.blocks.find((b) => b.kind === 'paragraph' && text(b).startsWith('（一）深化理论武装'));
    expect(item).toMatchObject({ runs: [{ text: '（一）' }, { text: '深化理论武装', bold: true }, { text: expect.stringMatching(/^。用好/) }] });
    expect(model!.blocks.filter((b) => b.kind === 'heading').map(text)).toEqual([
      '一、持续深化思想引领，筑牢青年理想信念',
      '二、聚焦青年急难愁盼，服务青年成长发展',
      '三、激发组织活力，推动共青团工作提质增效',
    ]);
  });

  it('the Markdown writer keeps the 落款 lines together', () => {
    const { model } = render(example, 'plan');
    expect(renderMarkdown(model!)).toMatch(/\n\n共青团上街区委\\\n2025年2月21日\n$/);
  });
});

describe('the context descriptions (render/template-context.ts) cover what the templates read', () => {
  const probe = [
    '{{> masthead}}',
    '{{#each sections}}{{> section}}{{> annual-section}}{{/each}}',
    '{{#each briefs}}{{> brief}}{{/each}}',
    '{{> units}}{{#if plan}}{{> plan-part}}{{/if}}{{> distribution}}{{> signoff}}',
    '',
  ].join('\n');
  it.each([['shangjie'], ['zhengzhou']])('every built-in partial, and %s’s own templates and summaries, without a warning', (name) => {
    const root = path.join(repo, 'examples', name);
    for (const kind of ['bulletin', 'annual']) expect(render(root, kind).diagnostics, kind).toEqual([]);
    const { diagnostics } = render(root, 'bulletin', {}, (t) => ({ ...t, main: { ...t.main, file: 'probe.md.hbs', text: probe } }));
    expect(diagnostics).toEqual([]);
  });
});

describe('project templates override built-in ones', () => {
  it('a partial in <project>/templates/partials/ replaces the built-in one of the same name', () => {
    const root = copyOfExample();
    mkdirSync(path.join(root, 'templates/partials'), { recursive: true });
    writeFileSync(path.join(root, 'templates/partials/theme.md.hbs'), '{{lead number}}，**{{title}}**：{{text}}');
    const templates = loadTemplates(root, 'bulletin');
    expect(templates.partials.find((p) => p.name === 'theme')).toMatchObject({ origin: 'project' });
    const { model } = render(root, 'bulletin');
    expect(allText(model)).toContain('一是，强化思想政治引领：注重发挥');
  });

  it.each([['bulletin'], ['annual'], ['plan']])('%s: templates compiled at run time render as the precompiled built-in ones do', (kind) => {
    // The same texts with a comment added are not in the precompiled set, so they are compiled here.
    const atRunTime = (file: TemplateFile): TemplateFile => ({ ...file, text: `${file.text}{{!-- 运行时编译 --}}` });
    const precompiled = render(example, kind, {}, (t) => {
      for (const file of [t.main, ...t.partials]) expect(PRECOMPILED.has(file.text), file.file).toBe(true);
      return t;
    });
    const compiled = render(example, kind, {}, (t) => ({ main: atRunTime(t.main), partials: t.partials.map(atRunTime) }));
    expect(compiled.diagnostics).toEqual(precompiled.diagnostics);
    expect(compiled.markdown).toBe(precompiled.markdown);
    expect(renderMarkdown(compiled.model!)).toBe(renderMarkdown(precompiled.model!));
  });

  it('a project may add a document kind of its own', () => {
    const root = copyOfExample();
    mkdirSync(path.join(root, 'templates'), { recursive: true });
    writeFileSync(path.join(root, 'templates/brief-list.md.hbs'), '# 简讯\n\n{{#each briefs}}\n{{> brief}}\n\n{{/each}}');
    const { model } = render(root, 'brief-list');
    expect(model!.blocks.map(text)).toEqual(['简讯', expect.stringMatching(/^△ 近日，区妇联/), expect.stringMatching(/^△ 近日，上街区实验高中/)]);
  });
});

describe('template mistakes name the file, line and column', () => {
  it('a broken partial: its own file and the line of the unclosed block', () => {
    const root = copyOfExample();
    mkdirSync(path.join(root, 'templates/partials'), { recursive: true });
    writeFileSync(path.join(root, 'templates/partials/section.md.hbs'), '{{!-- 改过 --}}\n## {{ordinal number}}{{title}}。\n\n{{#each themes}}{{> theme}}{{signature}}\n');
    const { model, diagnostics } = render(root, 'bulletin');
    expect(model).toBeUndefined();
    expect(diagnostics).toEqual([
      expect.objectContaining({ file: expect.stringMatching(/templates\/partials\/section\.md\.hbs$/), line: 4, column: 1, severity: 'error', code: 'template-syntax' }),
    ]);
    expect(diagnostics[0]!.message).toContain('{{#each}} 没有对应的 {{/each}}');
  });

  it('a helper mistake inside a partial is reported in the partial, not in the main template', () => {
    const { diagnostics } = render(example, 'bulletin', {}, (t) => ({
      ...t,
      partials: t.partials.map((p) => (p.name === 'brief' ? { ...p, file: 'x/brief.md.hbs', text: '{{!-- a --}}\n△ {{text}}{{sum "nope"}}（{{source}}）' } : p)),
    }));
    expect(diagnostics).toEqual([expect.objectContaining({ file: 'x/brief.md.hbs', line: 2, column: 11, code: 'template-helper' })]);
  });

  it('an unknown partial and an unknown helper are errors at their place', () => {
    const { diagnostics } = render(example, 'bulletin', {}, (t) => ({ ...t, main: { ...t.main, file: 'main.md.hbs', text: '# 标题\n\n{{> mastheed}}\n' } }));
    expect(diagnostics).toEqual([expect.objectContaining({ file: 'main.md.hbs', line: 3, column: 1, code: 'template-missing-partial', hint: '是不是 masthead？' })]);
    const helper = render(example, 'bulletin', {}, (t) => ({ ...t, main: { ...t.main, file: 'main.md.hbs', text: '# 标题\n\n共{{summ "lectures"}}场\n' } }));
    expect(helper.diagnostics).toEqual([expect.objectContaining({ file: 'main.md.hbs', line: 3, column: 4, code: 'template-helper', message: '没有名为 “summ” 的助手', hint: '是不是 sum？' })]);
  });

  it.each([
    ['{{#each}}{{/each}}', 'template-helper', 'each 需要 1 个参数，这里写了 0 个'],
    ['{{#if a b}}x{{/if}}', 'template-helper', 'if 需要 1 个参数，这里写了 2 个'],
    ['{{unless a}}', 'template-helper', 'unless 是成对使用的块助手'],
    ['{{sum (if 1 2 3)}}', 'template-helper', 'if 是成对使用的块助手'],
    ['{{#with}}x{{/with}}', 'template-helper', 'with 需要 1 个参数，这里写了 0 个'],
    ['{{lookup}}', 'template-helper', 'lookup 需要 2 个参数，这里写了 0 个'],
    ['{{#lookup org "name"}}x{{/lookup}}', 'template-helper', 'lookup 不是块助手，不能写成 {{#lookup}}'],
    ['{{#helperMissing}}x{{/helperMissing}}', 'template-helper', '没有名为 “helperMissing” 的助手'],
    ['{{> (lookup . "x")}}', 'template-missing-partial', '局部模板的名称要直接写出，不能由助手算出'],
    ['{{> 5}}', 'template-missing-partial', '没有名为 “5” 的局部模板'],
  ])('Handlebars’ own helpers and partials that would fail when rendered are errors at their place: %s', (call, code, message) => {
    const { model, diagnostics } = render(example, 'bulletin', {}, (t) => ({ ...t, main: { ...t.main, file: 'main.md.hbs', text: `# 标题\n\n正文${call}\n` } }));
    expect(model).toBeUndefined();
    // At the call; (if …) is the argument of sum.
    const column = 3 + Math.max(0, call.indexOf('(if'));
    expect(diagnostics).toEqual([expect.objectContaining({ file: 'main.md.hbs', line: 3, column, severity: 'error', code, message })]);
  });

  it('a partial that includes itself, directly or through another, is an error where the loop closes', () => {
    const looping = (texts: Record<string, string>) =>
      render(example, 'bulletin', {}, (t) => ({
        ...t,
        main: { ...t.main, file: 'main.md.hbs', text: '# 标题\n\n{{> brief}}\n' },
        partials: [...t.partials.filter((p) => !(p.name in texts)), ...Object.entries(texts).map(([name, text]) => ({ ...t.partials[0]!, name, file: `${name}.md.hbs`, text }))],
      })).diagnostics;
    expect(looping({ brief: '△ {{> brief}}' })).toEqual([expect.objectContaining({ file: 'brief.md.hbs', line: 1, column: 3, code: 'template-partial-loop' })]);
    const [through] = looping({ brief: '△ {{> other}}', other: '又{{> brief}}' });
    expect(through).toMatchObject({ file: 'other.md.hbs', line: 1, column: 2, code: 'template-partial-loop', message: '局部模板 “brief” 包含了它自己（经由 other），生成时会无限重复' });
  });

  it('a mistake in a summary written as a block scalar points at its line in summarize.yaml', () => {
    const root = copyOfExample();
    const configPath = path.join(root, 'summarize.yaml');
    const config = readFileSync(configPath, 'utf8');
    // The ideology summary is a `>-` block; make it a `|-` block of two lines with a mistake on each.
    const broken = config.replace(
      /( {8}summary: )>-\n {10}注重发挥各类媒介的宣传教育作用，/,
      '$1|-\n          开展宣讲{{sum "lecturez"}}场次。\n          观看{{approx (sum "viewerz")}}人次。注重发挥各类媒介的宣传教育作用，',
    );
    expect(broken).not.toBe(config);
    writeFileSync(configPath, broken);
    const lines = broken.split('\n');
    const first = lines.findIndex((l) => l.includes('lecturez')) + 1;
    const { diagnostics } = render(root, 'bulletin');
    expect(diagnostics.map((d) => [d.line, d.column, d.code])).toEqual([[first, lines[first - 1]!.indexOf('{{sum "lecturez"') + 1, 'template-helper']]);
    expect(diagnostics[0]!.file).toMatch(/summarize\.yaml$/);
  });

  it('a comment that never ends ({{!-- without --}}) is an error at the comment, in a template and in a summary', () => {
    const { diagnostics } = render(example, 'bulletin', {}, (t) => ({ ...t, main: { ...t.main, file: 'main.md.hbs', text: '# 标题\n\n正文 {{!-- 以后再写\n' } }));
    expect(diagnostics).toEqual([expect.objectContaining({ file: 'main.md.hbs', line: 3, column: 4, code: 'template-syntax', hint: '{{!-- 开始的注释要以 --}} 结束' })]);
    const root = copyOfExample();
    const configPath = path.join(root, 'summarize.yaml');
    const config = readFileSync(configPath, 'utf8');
    const broken = config.replace('注重发挥各类媒介的宣传教育作用，', '{{!-- 注重发挥各类媒介的宣传教育作用，');
    expect(broken).not.toBe(config);
    writeFileSync(configPath, broken);
    const lines = broken.split('\n');
    const line = lines.findIndex((l) => l.includes('{{!--')) + 1;
    expect(render(root, 'bulletin').diagnostics.map((d) => [d.file.endsWith('summarize.yaml'), d.line, d.column, d.code])).toEqual([[true, line, lines[line - 1]!.indexOf('{{!--') + 1, 'template-syntax']]);
  });

  it('finds the column of a Handlebars parse error from its excerpt', () => {
    const message = "Parse error on line 2:\na  {{foo\n-----^\nExpecting 'ID', got 'INVALID'";
    expect(parseErrorPosition(message, 'a\n  {{foo')).toEqual({ line: 2, column: 5 });
  });
});

describe('missing variables', () => {
  const withTitleTypo = (t: TemplateSet): TemplateSet => ({ ...t, main: { ...t.main, file: 'main.md.hbs', text: '# {{document.titel}}\n\n{{#if nothing}}x{{/if}}正文{{org.nam}}\n' } });

  it('are warnings that print nothing, each at its place', () => {
    const { model, diagnostics } = render(example, 'bulletin', {}, withTitleTypo);
    expect(diagnostics).toEqual([
      expect.objectContaining({ file: 'main.md.hbs', line: 1, column: 5, severity: 'warning', code: 'template-missing-variable', hint: '是不是 title？' }),
      expect.objectContaining({ file: 'main.md.hbs', line: 3, column: 28, severity: 'warning', code: 'template-missing-variable', hint: '是不是 name？' }),
    ]);
    expect(diagnostics[0]!.message).toContain('document.titel');
    // `{{#if nothing}}` tests for presence: not a mistake.
    expect(model!.blocks.map(text)).toEqual(['', '正文']);
  });

  it('are errors with --strict, and nothing is rendered', () => {
    const { model, diagnostics } = render(example, 'bulletin', { strict: true }, withTitleTypo);
    expect(model).toBeUndefined();
    expect(diagnostics.map((d) => d.severity)).toEqual(['error', 'error']);
  });

  it('a block on a missing field is a test for presence, like {{#if}}, and not reported', () => {
    const probe = '# 标题\n\n{{#nothing}}隐藏{{/nothing}}{{^nothing}}显示{{/nothing}}\n';
    const { model, diagnostics } = render(example, 'bulletin', {}, (t) => ({ ...t, main: { ...t.main, file: 'main.md.hbs', text: probe } }));
    expect(diagnostics).toEqual([]);
    expect(model!.blocks.map(text)).toEqual(['标题', '显示']);
  });

  it('prints two numbers side by side as text, not as their sum (Handlebars noEscape joins them with +)', () => {
    const { model } = render(example, 'bulletin', {}, (t) => ({ ...t, main: { ...t.main, text: '{{period.year}}{{bulletin.issue}}\n' } }));
    expect(model!.blocks.map(text)).toEqual(['202411']);
  });

  it('inside a summary of summarize.yaml too (summaries see the document-level variables)', () => {
    const root = copyOfExample();
    const configPath = path.join(root, 'summarize.yaml');
    writeFileSync(configPath, readFileSync(configPath, 'utf8').replace('推动新时代共青团事业取得新发展。', '推动{{org.short}}{{orgname}}取得新发展。'));
    const { model, diagnostics } = render(root, 'bulletin');
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'template-missing-variable', line: 20, severity: 'warning' })]);
    expect(allText(model)).toContain('推动团区委取得新发展。');
  });
});

describe('templates cannot run code, and data is never template text', () => {
  it('prints a log title with template and Markdown syntax literally', () => {
    const root = copyOfExample();
    writeFileSync(
      path.join(root, 'activities/2024/zz-injection.yaml'),
      ['- date: 2024-06-01', '  section: youth', '  theme: protection', '  title: "{{#each sections}}**x**{{/each}}{{> masthead}}"', '  tags: [区检察院]', ''].join('\n'),
    );
    const { model, markdown, diagnostics } = render(root, 'bulletin');
    expect(diagnostics).toEqual([]);
    expect(allText(model)).toContain('{{#each sections}}**x**{{/each}}{{> masthead}}');
    // In the Markdown every character Markdown would act on is escaped; it is never compiled.
    expect(markdown).toContain('{{\\#each sections}}\\*\\*x\\*\\*{{/each}}{{\\> masthead}}');
    expect(renderMarkdown(model!)).toContain('{{\\#each sections}}\\*\\*x\\*\\*{{/each}}{{\\> masthead}}');
  });

  it('keeps prototype access closed: no constructor, no Function, no __proto__', () => {
    const probe = [
      '# 标题',
      '',
      'a{{constructor.name}}b{{lookup (lookup this "constructor") "name"}}c{{#with __proto__}}{{constructor}}{{/with}}d',
      '',
      '{{#with (lookup (lookup org.name "constructor") "constructor") as |F|}}{{F "globalThis.__summarizePwned = 1"}}{{/with}}e',
      '',
      '{{#with "s" as |string|}}{{#with string.sub as |sub|}}{{sub.apply}}{{sub.call}}{{/with}}{{/with}}f',
    ].join('\n');
    const { model, diagnostics } = render(example, 'bulletin', {}, (t) => ({ ...t, main: { ...t.main, file: 'probe.md.hbs', text: probe } }));
    expect((globalThis as { __summarizePwned?: number }).__summarizePwned).toBeUndefined();
    expect(model!.blocks.map(text)).toEqual(['标题', 'abcd', 'e', 'f']);
    expect(diagnostics.every((d) => d.severity === 'warning')).toBe(true);
  });
});
