import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { parseProfile } from '../../src/layout/profile.js';
import type { DocumentModel } from '../../src/model/document.js';
import { documentTimestamp, renderDocx } from '../../src/write/docx.js';
import { attr, footerFor, paragraphs, styleXml, unzipParts } from './docx-parts.js';
import { bulletin, profile } from './bulletin-fixture.js';

const parts = unzipParts(await renderDocx(bulletin, profile));
const document = parts['word/document.xml']!;
const styles = parts['word/styles.xml']!;

describe('renderDocx: page (GB/T 9704-2012 5.1–5.2.3)', () => {
  it('sets A4 and the standard margins in twips', () => {
    expect(attr(document, 'w:pgSz', 'w:w')).toBe('11906');
    expect(attr(document, 'w:pgSz', 'w:h')).toBe('16838');
    expect(attr(document, 'w:pgMar', 'w:top')).toBe('2098');
    expect(attr(document, 'w:pgMar', 'w:bottom')).toBe('1984');
    expect(attr(document, 'w:pgMar', 'w:left')).toBe('1588');
    expect(attr(document, 'w:pgMar', 'w:right')).toBe('1474');
  });

  it('lays 22 lines on a line grid and 28 characters by tightening each 0.25 pt', () => {
    expect(attr(document, 'w:docGrid', 'w:type')).toBe('lines');
    expect(attr(document, 'w:docGrid', 'w:linePitch')).toBe('579');
    expect(attr(document, 'w:docGrid', 'w:charSpace')).toBeUndefined();
    const runProperties = (xml: string): string => /<w:rPr>.*?<\/w:rPr>/s.exec(xml)![0];
    expect(attr(runProperties(styles.slice(styles.indexOf('<w:docDefaults>'))), 'w:spacing', 'w:val')).toBe('-5');
    expect(attr(runProperties(styleXml(styles, 'Normal')), 'w:spacing', 'w:val')).toBe('-5');
  });

  it('says in the paragraph defaults that no gap goes between Chinese and Latin letters or digits (宣讲26场次), in schema order', () => {
    const defaults = /<w:pPrDefault><w:pPr>.*?<\/w:pPr>/s.exec(styles)![0];
    expect(attr(defaults, 'w:autoSpaceDE', 'w:val')).toBe('0');
    expect(attr(defaults, 'w:autoSpaceDN', 'w:val')).toBe('0');
    expect(defaults.indexOf('<w:autoSpaceDN')).toBeLessThan(defaults.indexOf('<w:spacing'));
  });

  it('writes the gap on where a profile asks for it', async () => {
    const spaced = unzipParts(await renderDocx(bulletin, { ...profile, grid: { ...profile.grid, autospace: true } }))['word/styles.xml']!;
    const defaults = /<w:pPrDefault>.*?<\/w:pPrDefault>/s.exec(spaced)![0];
    expect([attr(defaults, 'w:autoSpaceDE', 'w:val'), attr(defaults, 'w:autoSpaceDN', 'w:val')]).toEqual(['1', '1']);
  });

  it('puts the page number 7 mm below the text area', () => {
    // 1984 twips bottom margin − 7 mm (397 twips) − half of the 14 pt number line (140 twips).
    expect(attr(document, 'w:pgMar', 'w:footer')).toBe('1447');
  });
});

describe('renderDocx: styles', () => {
  it.each([
    ['MastheadName', '版头名称', '方正小标宋简体', '84'],
    ['MastheadIssue', '版头期号', '仿宋_GB2312', '32'],
    ['MastheadOffice', '版头发文', '仿宋_GB2312', '32'],
    ['DocTitle', '标题', '方正小标宋简体', '44'],
    ['Body', '正文', '仿宋_GB2312', '32'],
    ['Level1Heading', '一级标题', '黑体', '32'],
    ['Level1HeadingChar', '一级标题字符', '黑体', '32'],
    ['Level2Heading', '二级标题', '楷体_GB2312', '32'],
    ['Level2HeadingChar', '二级标题字符', '楷体_GB2312', '32'],
    ['Brief', '简讯', '仿宋_GB2312', '32'],
    ['Closing', '落款', '仿宋_GB2312', '32'],
    ['Distribution', '版记', '仿宋_GB2312', '28'],
    ['PageNumberOdd', '页码（单页）', '宋体', '28'],
    ['PageNumberEven', '页码（双页）', '宋体', '28'],
  ])('%s is named %s, East Asian font %s, size %s half-points', (id, name, eastAsia, size) => {
    const style = styleXml(styles, id);
    expect(attr(style, 'w:name', 'w:val')).toBe(name);
    expect(attr(style, 'w:rFonts', 'w:eastAsia')).toBe(eastAsia);
    expect(attr(style, 'w:sz', 'w:val')).toBe(size);
  });

  it('makes Normal 三号 仿宋 too, the base of every style in LibreOffice', () => {
    const normal = styleXml(styles, 'Normal');
    expect(attr(normal, 'w:rFonts', 'w:eastAsia')).toBe('仿宋_GB2312');
    expect(attr(normal, 'w:sz', 'w:val')).toBe('32');
    expect(attr(styles.slice(styles.indexOf('<w:docDefaults>')), 'w:rFonts', 'w:eastAsia')).toBe('仿宋_GB2312');
  });

  it('prints the masthead name in red and the rule under the office line in red', () => {
    expect(attr(styleXml(styles, 'MastheadName'), 'w:color', 'w:val')).toBe('FF0000');
    expect(attr(styleXml(styles, 'MastheadName'), 'w:jc', 'w:val')).toBe('center');
    const office = styleXml(styles, 'MastheadOffice');
    expect(attr(office, 'w:bottom', 'w:color')).toBe('FF0000');
    expect(attr(office, 'w:bottom', 'w:sz')).toBe('16');
    // The date sits against the right edge of the 156 mm text area.
    expect(attr(office, 'w:tab', 'w:val')).toBe('right');
    expect(attr(office, 'w:tab', 'w:pos')).toBe('8844');
  });

  it('indents body paragraphs two characters and spaces lines exactly 579 twips', () => {
    const body = styleXml(styles, 'Body');
    expect(attr(body, 'w:ind', 'w:firstLineChars')).toBe('200');
    expect(attr(body, 'w:spacing', 'w:line')).toBe('579');
    expect(attr(body, 'w:spacing', 'w:lineRule')).toBe('exact');
    expect(attr(body, 'w:jc', 'w:val')).toBe('both');
  });

  it('centres the title with a blank line before the body', () => {
    const title = styleXml(styles, 'DocTitle');
    expect(attr(title, 'w:jc', 'w:val')).toBe('center');
    expect(attr(title, 'w:spacing', 'w:after')).toBe('579');
  });

  it('draws the 版记 rules thick, thin between, thick (7.4.1)', () => {
    const distribution = styleXml(styles, 'Distribution');
    expect(attr(distribution, 'w:top', 'w:sz')).toBe('8');
    expect(attr(distribution, 'w:bottom', 'w:sz')).toBe('8');
    expect(attr(distribution, 'w:between', 'w:sz')).toBe('6');
    expect(attr(distribution, 'w:ind', 'w:left')).toBe('280');
    expect(attr(distribution, 'w:ind', 'w:right')).toBe('280');
  });

  it('names each face with its first fallback in the font table', () => {
    expect(parts['word/fontTable.xml']).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/>');
    expect(parts['word/fontTable.xml']).toContain('<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/>');
  });
});

describe('renderDocx: language', () => {
  const eastAsiaLanguage = (xml: string): string | undefined => attr(xml.slice(xml.indexOf('<w:docDefaults>')), 'w:lang', 'w:eastAsia');

  it.each([
    ['hans', 'zh-CN'],
    ['hant-tw', 'zh-TW'],
    ['hant-hk', 'zh-HK'],
  ] as const)('marks a %s document %s, in the defaults every style inherits', async (script, language) => {
    const own = unzipParts(await renderDocx(bulletin, profile, script))['word/styles.xml']!;
    expect(eastAsiaLanguage(own)).toBe(language);
    expect(attr(styleXml(own, 'Normal'), 'w:lang', 'w:eastAsia')).toBe(language);
    expect(own.match(/w:eastAsia="zh-[A-Z]+"/g)!.every((mark) => mark.includes(language))).toBe(true);
  });

  it.each(['hant-tw', 'hant-hk'] as const)('names in a %s document the faces a Word in Taiwan or Hong Kong has, none of the GB2312 ones', async (script) => {
    const own = unzipParts(await renderDocx(bulletin, profile, script));
    const styles = own['word/styles.xml']!;
    expect(attr(styleXml(styles, 'Body'), 'w:rFonts', 'w:eastAsia')).toBe('標楷體');
    expect(attr(styleXml(styles, 'DocTitle'), 'w:rFonts', 'w:eastAsia')).toBe('標楷體');
    expect(attr(styleXml(styles, 'Level1Heading'), 'w:rFonts', 'w:eastAsia')).toBe('微軟正黑體');
    expect(attr(styleXml(styles, 'Level2Heading'), 'w:rFonts', 'w:eastAsia')).toBe('標楷體');
    expect(attr(styleXml(styles, 'PageNumberOdd'), 'w:rFonts', 'w:ascii')).toBe('新細明體');
    // Big5 faces, each with the English name Word also knows it by.
    expect(own['word/fontTable.xml']).toContain('<w:font w:name="標楷體"><w:altName w:val="DFKai-SB"/><w:charset w:val="88"/>');
    expect(own['word/fontTable.xml']).toContain('<w:font w:name="微軟正黑體"><w:altName w:val="Microsoft JhengHei"/><w:charset w:val="88"/>');
    expect(own['word/fontTable.xml']).toContain('<w:font w:name="新細明體"><w:altName w:val="PMingLiU"/><w:charset w:val="88"/>');
    for (const part of Object.values(own)) expect(part).not.toMatch(/GB2312|方正小标宋|黑体|宋体/);
  });
});

describe('renderDocx: Chinese punctuation', () => {
  const runs = (paragraph: string) => [...paragraph.matchAll(/<w:r>.*?<\/w:r>/gs)].map(([xml]) => xml);
  const list = paragraphs(document);

  it('sets “ ” and △ apart in runs whose every face is the role’s East Asian one, also after digits', async () => {
    const model: DocumentModel = { title: 't', date: '2024-01-01', blocks: [{ kind: 'paragraph', role: 'body', runs: [{ text: '按照全区“1469”发展思路' }] }] };
    const [paragraph] = paragraphs(unzipParts(await renderDocx(model, profile))['word/document.xml']!);
    const texts = runs(paragraph!.xml).map((run) => [/<w:t[^>]*>([^<]*)<\/w:t>/.exec(run)![1], attr(run, 'w:rFonts', 'w:hAnsi')]);
    expect(texts).toEqual([
      ['按照全区', undefined],
      ['“', '仿宋_GB2312'],
      ['1469', undefined],
      ['”', '仿宋_GB2312'],
      ['发展思路', undefined],
    ]);
    const closing = runs(paragraph!.xml)[3]!;
    expect(attr(closing, 'w:rFonts', 'w:ascii')).toBe('仿宋_GB2312');
    expect(attr(closing, 'w:rFonts', 'w:eastAsia')).toBe('仿宋_GB2312');
    expect(attr(closing, 'w:rFonts', 'w:hint')).toBe('eastAsia');
    // The language too: a LibreOffice without 仿宋_GB2312 then asks fontconfig for a Chinese stand-in.
    expect(attr(closing, 'w:lang', 'w:val')).toBe('zh-CN');
    const brief = list.find((p) => p.text.startsWith('△'))!;
    expect(attr(runs(brief.xml)[0]!, 'w:rFonts', 'w:hAnsi')).toBe('仿宋_GB2312');
  });

  it('takes the heading’s face for quotes in a run-in heading', () => {
    const lead = list.find((p) => p.text.startsWith('一、'))!;
    const quote = runs(lead.xml).find((run) => run.includes('>“<'))!;
    expect(attr(quote, 'w:rFonts', 'w:hAnsi')).toBe('黑体');
    expect(attr(quote, 'w:rStyle', 'w:val')).toBe('Level1HeadingChar');
  });
});

describe('renderDocx: blocks', () => {
  const list = paragraphs(document);

  it('gives every paragraph a style, in document order', () => {
    expect(list.map((p) => p.style)).toEqual([
      'MastheadName',
      'MastheadIssue',
      'MastheadOffice',
      'DocTitle',
      'Body',
      'Body',
      'Level2Heading',
      'Body',
      'Brief',
      'Distribution',
      'Distribution',
      'Distribution',
      'Body',
    ]);
    expect(list[0]!.text).toBe('上街信息');
    expect(list[1]!.text).toBe('第5期');
    expect(list[2]!.xml).toMatch(/中共上街区委办公室<\/w:t><w:tab\/><w:t[^>]*>2025年2月21日/);
    expect(list[8]!.text.startsWith('△')).toBe(true);
    expect(list.slice(9, 12).map((p) => p.text)).toEqual(['本期送：区县处级领导', '发：峡窝镇、各街道办事处、区直各单位负责同志', '责任编辑：柴亚文 许亦是']);
  });

  it('prints a level-1 heading run-in at the start of the body paragraph that follows it', () => {
    const runIn = list[5]!;
    expect(runIn.text).toMatch(/^一、牢记育人使命，把牢思想引领“风向标”。一是提前做好活动宣传。/);
    const runs = [...runIn.xml.matchAll(/<w:r>.*?<\/w:r>/gs)].map(([r]) => r);
    const heading = runs.filter((run) => run.includes('<w:rStyle w:val="Level1HeadingChar"/>'));
    expect(heading.map((run) => /<w:t[^>]*>([^<]*)</.exec(run)![1]).join('')).toBe('一、牢记育人使命，把牢思想引领“风向标”。');
    const body = runs.slice(heading.length);
    expect(body[0]).not.toContain('rStyle');
    expect(body[1]).toMatch(/<w:b\/>.*提前做好活动宣传/s);
  });

  it('uses no direct formatting on runs but bold and the face of Chinese punctuation', () => {
    const runProperties = [...document.matchAll(/<w:rPr>(.*?)<\/w:rPr>/gs)].map(([, inner]) =>
      inner!.replace(/<w:rStyle [^>]*\/>|<w:b\/>|<w:bCs\/>|<w:rFonts w:ascii="([^"]+)" w:eastAsia="\1" w:hAnsi="\1" w:hint="eastAsia"\/>|<w:lang w:val="zh-CN" w:eastAsia="zh-CN"\/>/g, ''),
    );
    expect(runProperties.filter((p) => p !== '')).toEqual([]);
  });

  it('sets the 版记 in a frame on the bottom edge of the text area, with an empty paragraph to anchor it', () => {
    for (const p of list.slice(9, 12)) {
      expect(attr(p.xml, 'w:framePr', 'w:yAlign')).toBe('bottom');
      expect(attr(p.xml, 'w:framePr', 'w:vAnchor')).toBe('margin');
      expect(attr(p.xml, 'w:framePr', 'w:w')).toBe('8844');
    }
    expect(list[12]).toMatchObject({ style: 'Body', text: '' });
    expect(list[12]!.xml).not.toContain('framePr');
  });

  it('keeps a level-1 heading as its own paragraph when headings.runIn is off', async () => {
    const data = parse(readFileSync(new URL('../../profiles/gbt9704.yaml', import.meta.url), 'utf8'));
    data.headings.runIn = false;
    const own = unzipParts(await renderDocx(bulletin, parseProfile(stringify(data), 'test.yaml')));
    const styles = paragraphs(own['word/document.xml']!).map((p) => p.style);
    expect(styles.slice(4, 7)).toEqual(['Body', 'Level1Heading', 'Body']);
  });

  it('keeps a level-1 heading without closing punctuation on its own line, as the parts of a plan (一、…, then （一）…)', async () => {
    const plan: DocumentModel = {
      title: 't',
      date: '2025-02-21',
      blocks: [
        { kind: 'heading', level: 1, runs: [{ text: '一、深化政治教育，喜迎建团百年' }] },
        { kind: 'paragraph', role: 'body', runs: [{ text: '（一）' }, { text: '开展主题教育', bold: true }, { text: '。全年不少于30场。' }] },
        { kind: 'heading', level: 1, runs: [{ text: '二、服务青年。' }] },
        { kind: 'paragraph', role: 'body', runs: [{ text: '一是办好招聘会。' }] },
      ],
    };
    const list = paragraphs(unzipParts(await renderDocx(plan, profile))['word/document.xml']!);
    expect(list.slice(0, 3).map((p) => [p.style, p.text])).toEqual([
      ['Level1Heading', '一、深化政治教育，喜迎建团百年'],
      ['Body', '（一）开展主题教育。全年不少于30场。'],
      ['Body', '二、服务青年。一是办好招聘会。'],
    ]);
  });

  it('sets the 落款 date two characters right of the issuing body (7.3.5.2)', async () => {
    const closing = (office: string, date: string): DocumentModel => ({
      title: 't',
      date: '2025-02-21',
      blocks: [
        { kind: 'paragraph', role: 'body', runs: [{ text: '正文。' }] },
        { kind: 'paragraph', role: 'closing', runs: [{ text: office }] },
        { kind: 'paragraph', role: 'closing', runs: [{ text: date }] },
      ],
    });
    const indents = async (model: DocumentModel): Promise<(string | undefined)[]> =>
      paragraphs(unzipParts(await renderDocx(model, profile))['word/document.xml']!)
        .filter((p) => p.style === 'Closing')
        .map((p) => attr(p.xml, 'w:ind', 'w:right'));
    // 9 characters over a 6.5-character date: the date keeps 9 − 6.5 = 2.5 characters on its right.
    expect(await indents(closing('共青团上街区委员会', '2025年2月21日'))).toEqual(['640', '800']);
    // A 7-character date keeps 2 characters; the body starts 2 characters left of it: 2 + 7 + 2 − 3 = 8.
    expect(await indents(closing('团区委', '2025年12月31日'))).toEqual(['2560', '640']);
  });

  it('keeps the last paragraph and the 落款’s lines with the date, so the 落款 is never alone on a page', async () => {
    const model: DocumentModel = {
      title: 't',
      date: '2025-02-21',
      blocks: [
        { kind: 'paragraph', role: 'body', runs: [{ text: '前文。' }] },
        { kind: 'paragraph', role: 'body', runs: [{ text: '正文。' }] },
        { kind: 'paragraph', role: 'closing', runs: [{ text: '共青团上街区委' }] },
        { kind: 'paragraph', role: 'closing', runs: [{ text: '2025年2月21日' }] },
      ],
    };
    const keeps = paragraphs(unzipParts(await renderDocx(model, profile))['word/document.xml']!).map((p) => p.xml.includes('<w:keepNext/>'));
    expect(keeps).toEqual([false, true, true, false]);
  });
});

describe('renderDocx: page numbers (7.5)', () => {
  it('writes “— PAGE —” right-aligned on odd pages and left-aligned on even pages', () => {
    const odd = footerFor(parts, 'default');
    const even = footerFor(parts, 'even');
    for (const footer of [odd, even]) {
      expect(footer).toContain('<w:instrText xml:space="preserve">PAGE</w:instrText>');
      expect(footer).toMatch(/<w:t xml:space="preserve">— <\/w:t>.*PAGE.*<w:t xml:space="preserve"> —<\/w:t>/s);
    }
    expect(attr(odd, 'w:pStyle', 'w:val')).toBe('PageNumberOdd');
    expect(attr(even, 'w:pStyle', 'w:val')).toBe('PageNumberEven');
    const oddStyle = styleXml(styles, 'PageNumberOdd');
    const evenStyle = styleXml(styles, 'PageNumberEven');
    expect(attr(oddStyle, 'w:jc', 'w:val')).toBe('right');
    expect(attr(oddStyle, 'w:ind', 'w:right')).toBe('280');
    expect(attr(evenStyle, 'w:jc', 'w:val')).toBe('left');
    expect(attr(evenStyle, 'w:ind', 'w:left')).toBe('280');
  });

  it('turns on separate odd and even footers', () => {
    expect(parts['word/settings.xml']).toContain('<w:evenAndOddHeaders/>');
  });
});

describe('renderDocx: package', () => {
  it('takes title, creator and dates from the model', () => {
    const core = parts['docProps/core.xml']!;
    expect(core).toContain('<dc:title>精准发力 做好青年学子引、育、留</dc:title>');
    expect(core).toContain('<dc:creator>中共上街区委办公室</dc:creator>');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2025-02-21T00:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2025-02-21T00:00:00Z</dcterms:modified>');
  });

  it('contains no random ids (docx uses nanoid for hyperlinks, images and packaged parts)', () => {
    const ids = Object.values(parts).flatMap((xml) => [...xml.matchAll(/\b(?:Id|r:id)="([^"]+)"/g)].map((m) => m[1]!));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(/^rId\d+$/);
    expect(Object.values(parts).join('')).not.toMatch(/w14:paraId|w14:textId|w:rsid/);
  });

  it('gives the same bytes for the same model, a second later', async () => {
    const first = await renderDocx(bulletin, profile);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = await renderDocx(bulletin, profile);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  it('lists [Content_Types].xml first', async () => {
    const names = Object.keys(unzipSync(await renderDocx(bulletin, profile)));
    expect(names.slice(0, 2)).toEqual(['[Content_Types].xml', '_rels/.rels']);
  });

  it('dates the package by SOURCE_DATE_EPOCH when set, else by the model', () => {
    expect(documentTimestamp('2025-02-21', {}).toISOString()).toBe('2025-02-21T00:00:00.000Z');
    expect(documentTimestamp('2025-02-21', { SOURCE_DATE_EPOCH: '1700000000' }).toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(documentTimestamp(undefined, {}).toISOString()).toBe('1980-01-01T00:00:00.000Z');
    expect(() => documentTimestamp('2025-02-21', { SOURCE_DATE_EPOCH: 'yesterday' })).toThrow(/SOURCE_DATE_EPOCH/);
  });
});
