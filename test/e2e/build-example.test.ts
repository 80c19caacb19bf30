// End to end: the real CLI (built to dist/ by `npm test`) on the example project, then the real
// outputs opened as a reader's tools would: the Markdown as text, the DOCX unzipped.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../helpers/temp.js';

const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'bin/summarize.js');
const example = path.join(repo, 'examples/shangjie');

function documentText(docx: Uint8Array): string {
  const xml = strFromU8(unzipSync(docx)['word/document.xml']!);
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}

// Figures of the 团区委's own 2024 summary (shared/seeds/000), which the example's logs must add up to.
const SEED_FIGURES = [
  '开展宣讲26场次',
  '覆盖少先队员1.1万余人次',
  '宣讲交流会2场，50余名',
  '网上主题队课10期、“青年大学习”13期，观看人数2万余人次',
  '等10余场',
  '发布各类推送756篇',
  '累计推送35篇，提供岗位信息5000余个',
  '开展青年人才政策宣传6次',
  '技能人才培训173人次',
  '累计完成20名青年102天的入住办理',
  '49家单位135个实践岗位',
  '与100余名大学生达成实践意向',
  'VLOG征集活动8期',
  '心理科普巡讲5场',
  '心理健康服务活动47场次，个案咨询服务156人次',
  '各类活动129场次',
  '惠及困难青少年家庭260余户，争取资助金额3万余元',
  '应急救援青年突击队24支298人',
  '志愿服务活动90余场',
  '“五大行动”14场次',
];

describe('summarize build 2024 -C examples/shangjie', () => {
  let out: string;
  let stdout: string;

  beforeAll(() => {
    out = temporaryFolder('e2e');
    stdout = execFileSync('node', [cli, 'build', '2024', '-C', example, '--out', out, '--format', 'md,docx'], { encoding: 'utf8' });
  });

  it('says which files it wrote, and wrote only those', () => {
    expect(stdout).toContain(path.join(out, 'bulletin.md'));
    expect(stdout).toContain(path.join(out, 'bulletin.docx'));
    expect(readdirSync(out).filter((f) => !f.endsWith('.json')).sort()).toEqual(['bulletin.docx', 'bulletin.md']);
  });

  describe('the Markdown', () => {
    let markdown: string;
    beforeAll(() => {
      markdown = readFileSync(path.join(out, 'bulletin.md'), 'utf8');
    });

    it('opens with the masthead', () => {
      expect(markdown.startsWith('**上街信息**\\\n第11期\\\n中共上街区委办公室　2025年2月21日\n\n---\n')).toBe(true);
    });

    it('has the title, the three parts in order, and the signature', () => {
      expect(markdown).toContain('# 团区委凝聚青春奋进力量 唱响青春奋斗之歌');
      const parts = ['## 一、牢记育人使命', '## 二、聚焦青年需盼', '## 三、激扬青春活力'].map((h) => markdown.indexOf(h));
      expect(parts.every((p) => p > 0)).toBe(true);
      expect([...parts].sort((a, b) => a - b)).toEqual(parts);
      expect(markdown).toMatch(/“五大行动”14场次。（团区委）\n/);
    });

    it('carries every figure of the seed summary, computed from the logs', () => {
      for (const figure of SEED_FIGURES) expect(markdown).toContain(figure);
    });

    it('ends with the distribution block between rules', () => {
      expect(markdown.endsWith('---\n\n本期送：区县处级领导\\\n发：峡窝镇、各街道办事处、区直各单位负责同志\\\n责任编辑：柴亚文 许亦是\n\n---\n')).toBe(true);
    });
  });

  describe('the DOCX', () => {
    let text: string;
    beforeAll(() => {
      text = documentText(readFileSync(path.join(out, 'bulletin.docx')));
    });

    it('has the masthead, the title and the signature', () => {
      for (const part of ['上街信息', '第11期', '中共上街区委办公室', '2025年2月21日', '团区委凝聚青春奋进力量 唱响青春奋斗之歌', '（团区委）']) {
        expect(text).toContain(part);
      }
    });

    it('carries every figure of the seed summary', () => {
      for (const figure of SEED_FIGURES) expect(text).toContain(figure);
    });

    it('has the △ items and the distribution block', () => {
      expect(text).toContain('△');
      expect(text).toContain('本期送：区县处级领导');
      expect(text).toContain('责任编辑：柴亚文 许亦是');
    });
  });

  it('overrides the issue number and date from the command line', () => {
    const other = temporaryFolder('e2e');
    execFileSync('node', [cli, 'build', '2024', '-C', example, '--out', other, '--format', 'md', '--issue', '12', '--date', '2025-03-01']);
    const markdown = readFileSync(path.join(other, 'bulletin.md'), 'utf8');
    expect(markdown).toContain('第12期\\\n中共上街区委办公室　2025年3月1日');
  });

  it('builds a quarterly bulletin from the same logs, leaving out parts with no events', () => {
    const other = temporaryFolder('e2e');
    execFileSync('node', [cli, 'build', '2024-Q1', '-C', example, '--out', other, '--format', 'md']);
    const markdown = readFileSync(path.join(other, 'bulletin.md'), 'utf8');
    expect(markdown).toContain('# 团区委凝聚青春奋进力量');
    expect(markdown).not.toContain('开展宣讲26场次');
    expect(markdown).toContain('开展宣讲4场次');
  });

  // The example's summaries leave out a clause whose figure is nil in the period, so a quarterly
  // or monthly bulletin never prints “0场” or a list with nothing in it (“举行、，”).
  it.each(['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4', '2024H1', '2024-07'])('prints no nil figure and no empty list for %s', (period) => {
    const other = temporaryFolder('e2e');
    execFileSync('node', [cli, 'build', period, '-C', example, '--out', other, '--format', 'md']);
    const markdown = readFileSync(path.join(other, 'bulletin.md'), 'utf8');
    expect(markdown).not.toMatch(/(?<![\d.])0(?:场|个|家|期|名|篇|次|户|元|人|天)/);
    expect(markdown).not.toMatch(/[、，；]{2}|[、，；]。|。[、，；]/);
  });
});

describe('summarize init', () => {
  it('scaffolds a project that builds at once, and refuses to overwrite it', () => {
    const dir = temporaryFolder('init');
    const created = execFileSync('node', [cli, 'init', dir, '--year', '2024'], { encoding: 'utf8' });
    expect(created).toContain('summarize.yaml');
    const config = readFileSync(path.join(dir, 'summarize.yaml'), 'utf8');
    expect(config.startsWith('# yaml-language-server: $schema=')).toBe(true);
    // The next step it prints is the command that builds it, word for word.
    const next = /下一步：summarize (build 2024 -C \S+)，生成 (\S+)\/bulletin\.docx/.exec(created);
    expect(next?.[2]).toBe(`${dir}/out/2024`);
    execFileSync('node', [cli, ...next![1]!.split(' '), '--format', 'md,docx']);
    const markdown = readFileSync(path.join(dir, 'out/2024/bulletin.md'), 'utf8');
    expect(markdown).toContain('开展“青年大学习”宣讲2场次，覆盖青少年1500余人次，全区共有团员1200名');
    expect(markdown).toContain('2024年，共青团示例区委围绕区委中心工作');
    // The opening names the period built, as a quarterly bulletin of the same project needs.
    execFileSync('node', [cli, 'build', '2024-Q1', '-C', dir, '--format', 'md']);
    expect(readFileSync(path.join(dir, 'out/2024-Q1/bulletin.md'), 'utf8')).toContain('2024年第一季度，共青团示例区委围绕区委中心工作');

    const again = spawnSync('node', [cli, 'init', dir, '--year', '2024'], { encoding: 'utf8' });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('已存在');
    expect(again.stderr).not.toMatch(/^\s+at /m);
    expect(readFileSync(path.join(dir, 'summarize.yaml'), 'utf8')).toBe(config);
  });

  it('writes a .gitignore that keeps what summarize writes out of git, the build record also where documents are kept', () => {
    const dir = temporaryFolder('init-git');
    execFileSync('node', [cli, 'init', dir, '--year', '2024']);
    // The cache where a user's build puts it (the suite's builds put it in a folder of the run).
    const env = { ...process.env, SUMMARIZE_CACHE_DIR: '', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
    execFileSync('git', ['init', '-q', dir], { env });
    execFileSync('node', [cli, 'build', '2024', '-C', dir, '--format', 'md'], { env });
    // Documents kept in the repository, in a folder of the user's choosing.
    execFileSync('node', [cli, 'build', '2024', '-C', dir, '--format', 'md', '-o', path.join(dir, 'issued/2024')], { env });
    for (const written of ['out/2024/bulletin.md', 'out/2024/.summarize-build.json', '.summarize-cache', 'issued/2024/.summarize-build.json']) {
      expect(existsSync(path.join(dir, written)), written).toBe(true);
    }
    const status = execFileSync('git', ['-C', dir, 'status', '--porcelain', '--untracked-files=all'], { encoding: 'utf8', env });
    expect(status.split('\n').filter(Boolean).map((line) => line.slice(3)).sort()).toEqual([
      '.gitignore',
      'activities/2024/sample.yaml',
      'issued/2024/bulletin.figures.json',
      'issued/2024/bulletin.md',
      'metrics/2024.yaml',
      'summarize.yaml',
    ]);
  });

  it('leaves a folder’s own .gitignore as it is and says what it should list', () => {
    const dir = temporaryFolder('init-own-ignore');
    writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n');
    const init = spawnSync('node', [cli, 'init', dir, '--year', '2024'], { encoding: 'utf8' });
    expect(init.status).toBe(0);
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\n');
    expect(init.stdout).not.toContain('.gitignore');
    expect(init.stderr).toContain('.gitignore 已存在，没有改动；其中应有这几行，免得把生成的文件提交进仓库：out/、.summarize-cache/、.summarize-build.json');
  });
});
