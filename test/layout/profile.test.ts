import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseProfile } from '../../src/layout/profile.js';
import { loadProfile } from '../../src/load/profile.js';
import { UserError } from '../../src/model/errors.js';
import { temporaryFolder } from '../helpers/temp.js';

const BUILT_IN = readFileSync(new URL('../../profiles/gbt9704.yaml', import.meta.url), 'utf8');

/** The built-in profile with one change made to its data. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests reach into arbitrary paths of parsed YAML, which has no static shape
type ProfileData = Record<string, any>;
function altered(change: (data: ProfileData) => void): string {
  const data = parse(BUILT_IN) as ProfileData;
  change(data);
  return stringify(data);
}

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('expected the profile to be rejected');
}

describe('parseProfile', () => {
  it('reads the built-in GB/T 9704 profile', () => {
    const profile = parseProfile(BUILT_IN, 'profiles/gbt9704.yaml');
    expect(profile.geometry.margins).toEqual({ top: 2098, bottom: 1984, left: 1588, right: 1474 });
    expect(profile.grid).toEqual({ lines: 22, chars: 28, linePitch: 579, charSpacing: -5, autospace: false });
    expect(profile.styles.body).toMatchObject({ font: 'fangsong', size: 16, firstLineIndent: 2, lineSpacing: 579 });
    expect(profile.styles.title).toMatchObject({ font: 'xiaobiaosong', size: 22, align: 'center' });
    expect(profile.styles.mastheadName).toMatchObject({ size: 42, color: 'FF0000', lineSpacing: 'auto' });
    expect(profile.styles.pageNumber).toMatchObject({ font: 'songti', size: 14 });
    expect(profile.fonts['fangsong']).toMatchObject({ eastAsia: '仿宋_GB2312' });
    expect(profile.fonts['fangsong']!.fallbacks.length).toBeGreaterThan(0);
    expect(profile.headings.runIn).toBe(true);
  });

  it('rejects a profile without page.margins, naming the key', () => {
    const text = altered((d) => delete d['page'].margins);
    expect(messageOf(() => parseProfile(text, 'house.yaml'))).toMatch(/house\.yaml.*page\.margins：缺少此项/s);
  });

  it('names every wrong key at once', () => {
    const text = altered((d) => {
      d['page'].margins.top = 37;
      d['styles'].title.size = '八号';
      d['styles'].body.font = 'weiruanyahei';
      d['masthead'].rule.colour = 'red';
    });
    const message = messageOf(() => parseProfile(text, 'house.yaml'));
    expect(message).toContain('page.margins.top：长度要写单位');
    expect(message).toContain('styles.title.size');
    expect(message).toContain('styles.body.font：没有名为 “weiruanyahei” 的字体');
    expect(message).toContain('masthead.rule.colour：未知的键');
  });

  it('rejects a line pitch at which 22 lines overflow the text area', () => {
    const text = altered((d) => (d['grid'].linePitch = '29pt'));
    expect(messageOf(() => parseProfile(text, 'house.yaml'))).toMatch(/grid\.linePitch：22 行 × 580 twip 超出版心高度 12756 twip/);
  });

  it('rejects a bottom margin too small for the page number below the text area, and says the least that fits', () => {
    const message = messageOf(() => parseProfile(altered((d) => (d['page'].margins.bottom = '1mm')), 'house.yaml'));
    expect(message).toMatch(/page\.margins\.bottom：下边距 57 twip 放不下页码：页码在版心下 397 twip，下边距至少要 \d+twip/);
    const least = Number(/至少要 (\d+)twip/.exec(message)![1]);
    expect(() => parseProfile(altered((d) => (d['page'].margins.bottom = `${least}twip`)), 'house.yaml')).not.toThrow();
    expect(() => parseProfile(altered((d) => (d['page'].margins.bottom = `${least - 1}twip`)), 'house.yaml')).toThrow(/放不下页码/);
  });

  it('rejects a number, a length or a size no page comes near (1e308, a run of nines) instead of writing it', () => {
    const message = messageOf(() =>
      parseProfile(
        altered((d) => {
          d['styles'].body.firstLineIndent = 1e308;
          d['styles'].body.size = 1e308;
          d['pageNumber'].dashBelowTextArea = `${'9'.repeat(400)}mm`;
        }),
        'house.yaml',
      ),
    );
    expect(message).toContain('styles.body.firstLineIndent：应为数字（0 到 1000），现为 1e+308');
    expect(message).toContain('styles.body.size：应为字号名（初号…小四）或磅值（16pt，至多 1638pt），现为 1e+308');
    expect(message).toContain('pageNumber.dashBelowTextArea：长度 999');
    expect(message).toContain('比一米还长，纸上放不下');
  });

  it('rejects a character spacing that gives 27 characters a line, and says the right one', () => {
    const text = altered((d) => (d['grid'].charSpacing = '-4twip'));
    expect(messageOf(() => parseProfile(text, 'house.yaml'))).toMatch(/grid\.charSpacing：.*排 27 字而不是 28 字；应为 -5twip/);
  });

  it('refuses two families that name the same face with different stand-ins (a PDF swaps faces by name)', () => {
    const text = altered((d) => (d['fonts'].kaiti.traditional.fallbacks = ['AR PL UKai TW']));
    expect(messageOf(() => parseProfile(text, 'house.yaml'))).toMatch(/fonts\.kaiti\.traditional\.fallbacks：与 fonts\.\w+\.traditional 同为 標楷體，替代字体应与它相同/);
  });

  it('asks for quotes round a colour YAML reads as a number', () => {
    const text = BUILT_IN.replace('color: "000000"              # 5.2.4', 'color: 000000 # 5.2.4');
    expect(messageOf(() => parseProfile(text, 'house.yaml'))).toContain('styles.default.color：应为六位十六进制颜色并加引号');
  });
});

describe('loadProfile', () => {
  function project(files: Record<string, string>): string {
    const root = temporaryFolder('profile');
    mkdirSync(path.join(root, 'profiles'));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, 'profiles', name), text);
    return root;
  }

  it('falls back to the built-in profile', () => {
    expect(loadProfile('gbt9704', project({})).styles.body.size).toBe(16);
  });

  it('lays a project profile over the built-in one, key by key', () => {
    const root = project({
      'house.yaml': 'styles:\n  mastheadName:\n    size: 小初\nfonts:\n  fangsong:\n    fallbacks: [仿宋]\n',
    });
    const profile = loadProfile('house', root);
    expect(profile.styles.mastheadName.size).toBe(36);
    expect(profile.styles.mastheadName.color).toBe('FF0000');
    expect(profile.fonts['fangsong']).toMatchObject({ eastAsia: '仿宋_GB2312', latin: 'Times New Roman', fallbacks: ['仿宋'], traditional: { eastAsia: '標楷體' } });
    expect(profile.geometry.margins.top).toBe(2098);
  });

  it('names the project file when an override is wrong', () => {
    const root = project({ 'house.yaml': 'page:\n  margins:\n    top: 37\n' });
    expect(messageOf(() => loadProfile('house', root))).toMatch(/house\.yaml（叠加在内置 gbt9704\.yaml 之上）.*page\.margins\.top/s);
  });

  it('says where it looked when there is no such profile', () => {
    let caught: unknown;
    try {
      loadProfile('nosuch', project({}));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as UserError).exitCode).toBe(2);
    expect((caught as UserError).message).toContain('找不到版式配置 “nosuch”');
    expect((caught as UserError).hint).toContain('gbt9704');
  });

  it('refuses a name that is a path', () => {
    expect(messageOf(() => loadProfile('../secret', project({})))).toContain('不合法');
  });
});
