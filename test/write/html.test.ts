import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/write/html.js';
import { cssString, profileCss } from '../../src/write/html-style.js';
import type { DocumentModel } from '../../src/model/document.js';
import { bulletin, profile } from './bulletin-fixture.js';

describe('HTML writer', () => {
  const html = renderHtml(bulletin, profile);

  it('writes the masthead with its office and date as two ends of one line', () => {
    expect(html).toContain('<header class="sz-masthead">');
    expect(html).toContain('<p class="sz-mastheadName">上街信息</p>');
    expect(html).toContain('<p class="sz-mastheadIssue">第5期</p>');
    expect(html).toContain('<p class="sz-mastheadOffice"><span>中共上街区委办公室</span><span>2025年2月21日</span></p>');
  });

  it('runs a 一、 heading ending in 。 into the paragraph after it, as the DOCX does', () => {
    expect(html).toContain('<p class="sz-body"><span class="sz-heading1">一、牢记育人使命，把牢思想引领“风向标”。</span>一是<strong>提前做好活动宣传</strong>');
    expect(html).toContain('<h3 class="sz-heading2">（一）丰富实践活动内容</h3>');
  });

  it('writes briefs and the 版记 lines between their rules', () => {
    expect(html).toContain('<p class="sz-brief">△ 近日');
    expect(html).toMatch(/<footer class="sz-distribution-block">\n<p class="sz-distribution">本期送：区县处级领导<\/p>\n<p class="sz-distribution">发：/);
  });

  it('sets the 落款 lines from the right as GB/T 9704 7.3.5.2 has it', () => {
    const model: DocumentModel = {
      title: 't',
      date: '2025-01-10',
      blocks: [
        { kind: 'paragraph', role: 'closing', runs: [{ text: '共青团上街区委' }] },
        { kind: 'paragraph', role: 'closing', runs: [{ text: '2025年1月10日' }] },
      ],
    };
    // The name is 7 字, 2025年1月10日 is 4 + 5 halves = 6.5: a date that long keeps 2 字 on its
    // right and pushes the name left, so the date still starts 2 字 right of the name.
    expect(renderHtml(model, profile)).toContain('<p class="sz-closing" style="padding-right: 3.5em">共青团上街区委</p>\n<p class="sz-closing" style="padding-right: 2em; margin-top: 0">2025年1月10日</p>');
  });

  it('escapes every text, so a title with <script> prints as text', () => {
    const model: DocumentModel = {
      title: 'x',
      date: '2024-01-01',
      blocks: [
        { kind: 'title', text: '<script>alert(1)</script>' },
        { kind: 'paragraph', role: 'body', runs: [{ text: 'a & b "c" \'d\' <img src=x onerror=alert(1)>' }] },
      ],
    };
    const out = renderHtml(model, profile);
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('a &amp; b &quot;c&quot; &#39;d&#39; &lt;img src=x onerror=alert(1)&gt;');
  });

  it('marks each printed figure, numbered in reading order, typed ones apart', () => {
    const event = { date: '2024-03-06', section: 'guidance', theme: 'ideology', title: 't', unit: 'u', tags: [], metrics: { lectures: 1 }, source: { file: 'a.yaml', line: 4, column: 3 } };
    const typed = { id: 'hotel_beds', value: 234, source: { file: 'metrics/2024.yaml', line: 2, column: 13 } };
    const model: DocumentModel = {
      title: 't',
      date: '2024-01-01',
      blocks: [
        { kind: 'heading', level: 1, runs: [{ text: '一、宣讲' }, { text: '26', figure: { value: 26, counts: '宣讲（lectures）', metric: 'lectures', sources: [event] as never } }, { text: '场。' }] },
        { kind: 'paragraph', role: 'body', runs: [{ text: '床位' }, { text: '234', figure: { value: 234, counts: '驿站床位（hotel_beds）', metric: 'hotel_beds', sources: [typed] as never } }, { text: '张。' }] },
      ],
    };
    const out = renderHtml(model, profile);
    expect(out).toContain('一、宣讲<mark class="sz-figure" data-figure="0">26</mark>场。</span>床位<mark class="sz-figure sz-typed-figure" data-figure="1">234</mark>张。');
  });

  it('marks the language of the script the document is written in', () => {
    expect(html).toContain('<article class="sz-document" lang="zh-CN">');
    expect(renderHtml({ ...bulletin, script: 'hant-tw' }, profile)).toContain('lang="zh-TW"');
  });
});

describe('CSS from the profile', () => {
  const css = profileCss(profile);

  it('gives the A4 page, its margins and the 156 × 225 mm text area', () => {
    // Whole twips, as the DOCX has them (layout/page-geometry.ts): within 0.01 mm of the standard.
    expect(css).toMatch(/width: 210\.\d*mm;\n {2}height: 297\.\d*mm;\n {2}padding: 37\.\d*mm 26mm 34\.99\d*mm 28\.0\d*mm;/);
    expect(css).toMatch(/\.sz-text \{ width: 155\.99\d*mm; height: 225\.00\d*mm; \}/);
  });

  it('sets the 22-line grid pitch, the character spacing for 28 a line and no gap around figures (宣讲26场次)', () => {
    expect(css).toContain('--sz-line: 28.95pt;');
    expect(css).toContain('letter-spacing: -0.25pt;');
    expect(css).toContain('text-autospace: no-autospace;');
    expect(css).toMatch(/\.sz-body \{[^}]*line-height: 28\.95pt;[^}]*text-indent: 2em;/);
  });

  it('sizes and colours each role as the profile does', () => {
    expect(css).toMatch(/\.sz-mastheadName \{[^}]*font-size: 42pt; color: #FF0000;/);
    expect(css).toMatch(/\.sz-title \{ font-family: "sz-latin-xiaobiaosong", "方正小标宋简体", [^}]*font-size: 22pt;/);
    expect(css).toMatch(/\.sz-heading1 \{ font-family: "sz-latin-heiti", "黑体", "SimHei"[^}]*sans-serif;/);
    expect(css).toMatch(/\.sz-mastheadOffice \{[^}]*border-bottom: 2pt solid #FF0000;/);
  });

  it('names stand-in faces in the regional family of the script', () => {
    expect(profileCss(profile, 'hant-tw')).toContain('"AR PL UMing TW"');
    expect(css).toContain('"AR PL UMing CN"');
  });

  it('prints digits in the PDF’s stand-in for the Latin face where that face is missing, not in the Chinese face', () => {
    const faces = [
      { key: 'fangsong', named: '仿宋_GB2312', installed: false, used: 'FandolFang', latinUsed: 'Liberation Serif' },
      { key: 'songti', named: '宋体', installed: false, used: 'Noto Serif CJK SC', latinUsed: 'Noto Serif CJK SC' },
    ];
    const withFaces = profileCss(profile, 'hans', faces);
    expect(withFaces).toContain('@font-face { font-family: "sz-latin-fangsong"; src: local("Times New Roman"), local("Liberation Serif"); unicode-range: U+0020-007E; }');
    expect(withFaces).toContain('@font-face { font-family: "sz-latin-songti"; src: local("宋体"), local("Noto Serif CJK SC");');
    expect(css).toContain('@font-face { font-family: "sz-latin-fangsong"; src: local("Times New Roman"); unicode-range');
  });

  it('escapes font names that could end a rule', () => {
    expect(cssString('a"b</style>')).toBe('"a\\22 b\\3c /style\\3e "');
  });
});
