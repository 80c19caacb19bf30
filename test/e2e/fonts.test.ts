// `summarize fonts`: per role, the face the DOCX names, whether it is installed, the face a PDF
// made here prints in; what it prints about this machine depends on the machine, so the checks
// are on what every machine shows, plus the stand-ins where the rendering tier's fonts are installed.

import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const fonts = (...args: string[]) => execFileSync('node', [path.join(repo, 'bin/summarize.js'), 'fonts', ...args], { encoding: 'utf8' });
const hasFreeFaces = spawnSync('fc-list', [':family=Noto Serif CJK SC']).stdout?.toString().trim() !== '';

describe('summarize fonts', () => {
  it('lists each role’s face in the DOCX, whether installed, and the alternative names Word uses', () => {
    const out = fonts('-C', path.join(repo, 'examples/shangjie'));
    expect(out).toContain('文档语言 zh-CN');
    for (const named of ['方正小标宋简体', '仿宋_GB2312', '黑体', '楷体_GB2312', '宋体']) expect(out).toMatch(new RegExp(`${named}\\s+(已安装|未安装)`));
    expect(out).toContain('仿宋_GB2312→仿宋');
  }, 30_000);

  it('lists the faces a Word in Taiwan or Hong Kong has for a traditional document, and their alternative names', () => {
    const out = fonts('-C', path.join(repo, 'examples/shangjie'), '--script', 'hant-tw');
    expect(out).toContain('文档语言 zh-TW');
    for (const named of ['標楷體', '微軟正黑體', '新細明體']) expect(out).toMatch(new RegExp(`${named}\\s+(已安装|未安装)`));
    expect(out).not.toMatch(/GB2312/);
    expect(out).toContain('標楷體→DFKai-SB，微軟正黑體→Microsoft JhengHei，新細明體→PMingLiU');
  }, 30_000);

  it.skipIf(!hasFreeFaces)('names the free stand-in of each kind, in the forms of the script', () => {
    const simplified = fonts();
    expect(simplified).toMatch(/二级标题\s+楷体_GB2312\s+未安装\s+AR PL UKai CN/);
    expect(simplified).toMatch(/一级标题\s+黑体\s+未安装\s+Noto Sans CJK SC/);
    const hongKong = fonts('--script', 'hant-hk');
    expect(hongKong).toContain('文档语言 zh-HK');
    expect(hongKong).toMatch(/一级标题\s+微軟正黑體\s+未安装\s+Noto Sans CJK HK/);
    expect(hongKong).not.toMatch(/CJK (JP|KR|SC)/);
  }, 30_000);
});
