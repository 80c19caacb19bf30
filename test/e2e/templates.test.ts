// CLI (built to dist/ by `npm test`): `summarize templates list | eject | helpers`, and
// `summarize build` with --kind, the config's kinds, an ejected and edited template, the plan and
// --script, on temporary copies of the example project.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyExample } from '../helpers/examples.js';
import { temporaryFolder } from '../helpers/temp.js';

const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'bin/summarize.js');
const example = path.join(repo, 'examples/shangjie');

function copyOfExample(): string {
  const root = temporaryFolder('cli-templates');
  copyExample('shangjie', root);
  return root;
}

function summarize(...args: string[]) {
  const result = spawnSync('node', [cli, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('summarize templates', () => {
  it('list shows the built-in kinds and partials, and which the project overrides', () => {
    const root = copyOfExample();
    expect(summarize('templates', 'eject', 'section', '-C', root).status).toBe(0);
    const { status, stdout } = summarize('templates', 'list', '-C', root);
    expect(status).toBe(0);
    for (const kind of ['annual', 'bulletin', 'plan']) expect(stdout).toMatch(new RegExp(`^  ${kind} +内置`, 'm'));
    expect(stdout).toMatch(/^ {2}section +项目（覆盖内置） +.*templates\/partials\/section\.md\.hbs$/m);
    expect(stdout).toMatch(/^ {2}theme +内置/m);
  });

  it('eject copies a built-in template once and never overwrites an edited copy', () => {
    const root = copyOfExample();
    const first = summarize('templates', 'eject', 'annual', 'partials/theme', '-C', root);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('已导出');
    const annual = path.join(root, 'templates/annual.md.hbs');
    expect(readFileSync(annual, 'utf8')).toBe(readFileSync(path.join(repo, 'templates/annual.md.hbs'), 'utf8'));
    expect(existsSync(path.join(root, 'templates/partials/theme.md.hbs'))).toBe(true);

    const again = summarize('templates', 'eject', 'annual', '-C', root);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('未改动');

    writeFileSync(annual, '# 改过的模板\n');
    const refused = summarize('templates', 'eject', 'annual', 'plan', '-C', root);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('没有覆盖');
    expect(readFileSync(annual, 'utf8')).toBe('# 改过的模板\n');
    // All or nothing: plan was not ejected either.
    expect(existsSync(path.join(root, 'templates/plan.md.hbs'))).toBe(false);
  });

  it('eject names an unknown template and suggests the right one', () => {
    const { status, stderr } = summarize('templates', 'eject', 'bulletn', '-C', copyOfExample());
    expect(status).toBe(2);
    expect(stderr).toContain('是不是 bulletin？');
  });

  it('helpers lists every helper with an example', () => {
    const { status, stdout } = summarize('templates', 'helpers');
    expect(status).toBe(0);
    for (const helper of ['sum', 'count', 'figure', 'approx', 'number', 'titles', 'date', 'ordinal', 'lead', 'bracket', 'arabic', 'join']) {
      expect(stdout).toMatch(new RegExp(`^  ${helper} +\\S`, 'm'));
    }
    expect(stdout).toContain('例：{{ordinal 1}}');
    // The fields templates can read, from the same descriptions the template check uses.
    expect(stdout).toContain('sections[].themes[].number');
    expect(stdout).toContain('events[].metrics.<指标>');
  });
});

describe('summarize build with document kinds', () => {
  it('builds each kind from the example project', () => {
    const out = temporaryFolder('kinds');
    const { status, stdout, stderr } = summarize('build', '2024', '-C', example, '--format', 'md', '--kind', 'bulletin,annual,plan', '--out', out);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    for (const kind of ['bulletin', 'annual', 'plan']) expect(stdout).toContain(`已生成 ${path.join(out, `${kind}.md`)}`);
    expect(readFileSync(path.join(out, 'annual.md'), 'utf8')).toMatch(/^# 共青团上街区委2024年工作总结\n[\s\S]*\n## 四、2025年工作安排\n[\s\S]*\n共青团上街区委\\\n2025年2月21日\n$/);
    expect(readFileSync(path.join(out, 'plan.md'), 'utf8')).toMatch(/^# 共青团上街区委2025年工作安排\n/);
  });

  it('builds the kinds listed in summarize.yaml when --kind is not given', () => {
    const root = copyOfExample();
    const config = path.join(root, 'summarize.yaml');
    writeFileSync(config, `${readFileSync(config, 'utf8')}\nkinds: [annual, plan]\n`);
    const { status } = summarize('build', '2024', '-C', root, '--format', 'md');
    expect(status).toBe(0);
    expect(readdirSync(path.join(root, 'out/2024')).filter((f) => f.endsWith('.md')).sort()).toEqual(['annual.md', 'plan.md']);
  });

  it('an ejected and edited template changes the output', () => {
    const root = copyOfExample();
    expect(summarize('templates', 'eject', 'annual-section', '-C', root).status).toBe(0);
    const partial = path.join(root, 'templates/partials/annual-section.md.hbs');
    writeFileSync(partial, readFileSync(partial, 'utf8').replace('### {{bracket number}}{{title}}', '### {{bracket number}}{{title}}（本年重点）'));
    expect(summarize('build', '2024', '-C', root, '--format', 'md', '--kind', 'annual').status).toBe(0);
    expect(readFileSync(path.join(root, 'out/2024/annual.md'), 'utf8')).toContain('### （一）强化思想政治引领（本年重点）\n');
  });

  it('{{number}} inside {{#each themes}} of an ejected annual-section is the theme’s number, and the ejected comments are Chinese', () => {
    const root = copyOfExample();
    expect(summarize('templates', 'eject', 'annual-section', '-C', root).status).toBe(0);
    const partial = path.join(root, 'templates/partials/annual-section.md.hbs');
    const ejected = readFileSync(partial, 'utf8');
    expect(ejected).not.toMatch(/[A-Za-z]+ [A-Za-z]+ [A-Za-z]+/);
    writeFileSync(partial, ejected.replace('### {{bracket number}}{{title}}', '### 第{{number}}项　{{title}}'));
    const { status, stderr } = summarize('build', '2024', '-C', root, '--format', 'md', '--kind', 'annual');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(readFileSync(path.join(root, 'out/2024/annual.md'), 'utf8')).toContain('### 第1项　强化思想政治引领\n');
  });

  it('a broken template stops the build and names its file and line', () => {
    const root = copyOfExample();
    expect(summarize('templates', 'eject', 'plan-item', '-C', root).status).toBe(0);
    writeFileSync(path.join(root, 'templates/partials/plan-item.md.hbs'), '{{!-- 改坏了 --}}\n{{marker}}{{#if title}}**{{title}}**。{{text}}\n');
    const { status, stderr } = summarize('build', '2024', '-C', root, '--format', 'md', '--kind', 'plan');
    expect(status).toBe(1);
    expect(stderr).toMatch(/templates\/partials\/plan-item\.md\.hbs:2:11 {2}error {2}模板写法有误：\{\{#if\}\} 没有对应的 \{\{\/if\}\}/);
    expect(existsSync(path.join(root, 'out'))).toBe(false);
  });

  it('the plan kind needs plans/<next year>.yaml, and reports its mistakes at their line', () => {
    const root = copyOfExample();
    const planFile = path.join(root, 'plans/2025.yaml');
    writeFileSync(planFile, readFileSync(planFile, 'utf8').replace('section: youth', 'section: yuoth'));
    const wrong = summarize('build', '2024', '-C', root, '--format', 'md', '--kind', 'plan');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/plans\/2025\.yaml:\d+:\d+ {2}error {2}部分 “yuoth” 没有在 summarize\.yaml 的 sections 中定义/);
    expect(wrong.stderr).toContain('是不是 youth？');
    const missing = summarize('build', '2025', '-C', root, '--format', 'md', '--kind', 'plan');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('没有找到 2026 年的工作安排');
  });

  it('--script hant writes traditional characters, the variant as configured', () => {
    const root = copyOfExample();
    expect(summarize('build', '2024', '-C', root, '--format', 'md', '--kind', 'plan', '--script', 'hant').status).toBe(0);
    const tw = readFileSync(path.join(root, 'out/2024/plan.hant-tw.md'), 'utf8');
    expect(tw).toMatch(/^# 共青團上街區委2025年工作安排\n/);
    expect(tw).toContain('（一）**深化理論武裝**。用好“紅領巾巡講團”');
    expect(tw).toContain('全年宣講不少於30場次。');
    const config = path.join(root, 'summarize.yaml');
    writeFileSync(config, `${readFileSync(config, 'utf8')}\nscript: hant-hk\n`);
    expect(summarize('build', '2024', '-C', root, '--format', 'md', '--kind', 'annual').status).toBe(0);
    expect(readFileSync(path.join(root, 'out/2024/annual.hant-hk.md'), 'utf8')).toMatch(/^# 共青團上街區委2024年工作總結\n/);
  });
});
