import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fallbackNotice, regionalFamily, resolveFaces, rolesByFont, type FontCatalogue } from '../../src/layout/fonts.js';
import { parseProfile } from '../../src/layout/profile.js';
import { catalogueFromListing } from '../../src/write/fontconfig.js';

const profile = parseProfile(readFileSync(new URL('../../profiles/gbt9704.yaml', import.meta.url), 'utf8'), 'profiles/gbt9704.yaml');

/** A machine as fc-list would list it: Debian's free faces, with fontconfig's language coverage. */
const debian = catalogueFromListing(
  [
    'Noto Serif CJK SC,Noto Serif CJK SC SemiBold\tja|zh-cn|zh-hk|zh-tw',
    'Noto Serif CJK SC\tja|zh-cn|zh-hk|zh-tw',
    'Noto Serif CJK TC,Noto Serif CJK TC SemiBold\tja|zh-cn|zh-hk|zh-tw',
    'Noto Serif CJK TC\tja|zh-cn|zh-hk|zh-tw',
    'Noto Serif CJK HK\tja|zh-cn|zh-hk|zh-tw',
    'Noto Serif CJK HK,Noto Serif CJK HK SemiBold\tja|zh-cn|zh-hk|zh-tw',
    'Noto Serif CJK JP\tja|zh-cn|zh-hk|zh-tw',
    'Noto Sans CJK SC\tja|zh-cn|zh-hk|zh-tw',
    'Noto Sans CJK TC\tja|zh-cn|zh-hk|zh-tw',
    'Noto Sans CJK HK\tja|zh-cn|zh-hk|zh-tw',
    'AR PL UKai CN\tzh-cn|zh-sg|zh-tw',
    'AR PL UKai TW\tzh-cn|zh-sg|zh-tw',
    'AR PL UKai HK\tzh-cn|zh-sg|zh-tw',
    'AR PL UMing CN\tzh-cn|zh-hk|zh-tw',
    'FandolFang\tzh-cn|zh-sg',
    'cwTeXFangSong,cwTeX 仿宋體\tzh-tw',
    'Liberation Serif\ten|de',
  ].join('\n'),
);

const used = (script: 'hans' | 'hant-tw' | 'hant-hk', catalogue: FontCatalogue = debian) =>
  Object.fromEntries(resolveFaces(profile, script, catalogue).map((face) => [face.key, face.used]));

describe('regionalFamily', () => {
  it('moves a pan-CJK family to the region of the script, and never leaves Japanese or Korean', () => {
    expect(regionalFamily('Noto Serif CJK SC Light', 'hant-tw')).toBe('Noto Serif CJK TC Light');
    expect(regionalFamily('Noto Sans CJK JP', 'hans')).toBe('Noto Sans CJK SC');
    expect(regionalFamily('Noto Sans CJK KR', 'hant-hk')).toBe('Noto Sans CJK HK');
    expect(regionalFamily('AR PL UKai CN', 'hant-hk')).toBe('AR PL UKai HK');
    expect(regionalFamily('AR PL UKai HK', 'hans')).toBe('AR PL UKai CN');
    expect(regionalFamily('AR PL UMing TW MBE', 'hant-tw')).toBe('AR PL UMing TW');
    expect(regionalFamily('FandolFang', 'hant-tw')).toBe('FandolFang');
  });
});

describe('resolveFaces', () => {
  it('gives each role a face of its kind in simplified forms: 宋 title, 仿宋 body, 黑 and 楷 headings', () => {
    expect(used('hans')).toEqual({
      xiaobiaosong: 'Noto Serif CJK SC SemiBold',
      fangsong: 'FandolFang',
      heiti: 'Noto Sans CJK SC',
      kaiti: 'AR PL UKai CN',
      songti: 'Noto Serif CJK SC',
    });
  });

  it('names the faces of a Word in Taiwan or Hong Kong for a traditional document, and prints them in stand-ins of their kind in that region’s forms', () => {
    const traditional = resolveFaces(profile, 'hant-tw', debian);
    expect(Object.fromEntries(traditional.map((face) => [face.key, face.named]))).toEqual({
      xiaobiaosong: '標楷體',
      fangsong: '標楷體',
      heiti: '微軟正黑體',
      kaiti: '標楷體',
      songti: '新細明體',
    });
    expect(used('hant-tw')).toEqual({
      xiaobiaosong: 'AR PL UKai TW',
      fangsong: 'AR PL UKai TW',
      heiti: 'Noto Sans CJK TC',
      kaiti: 'AR PL UKai TW',
      songti: 'Noto Serif CJK TC',
    });
    expect(used('hant-hk')).toEqual({
      xiaobiaosong: 'AR PL UKai HK',
      fangsong: 'AR PL UKai HK',
      heiti: 'Noto Sans CJK HK',
      kaiti: 'AR PL UKai HK',
      songti: 'Noto Serif CJK HK',
    });
  });

  it('prints a face a Taiwan office has where it is installed', () => {
    const office = catalogueFromListing('標楷體,DFKai-SB\tzh-tw\n新細明體,PMingLiU\tzh-tw');
    const faces = resolveFaces(profile, 'hant-tw', office);
    expect(faces.find((face) => face.key === 'fangsong')).toEqual({ key: 'fangsong', named: '標楷體', installed: true, used: '標楷體' });
    expect(faces.find((face) => face.key === 'songti')).toMatchObject({ named: '新細明體', installed: true });
  });

  it('prints the named face where it is installed, and says so', () => {
    const office = catalogueFromListing(`仿宋_GB2312,FangSong_GB2312\tzh-cn\n${'Noto Serif CJK SC\tzh-cn'}`);
    const [fangsong] = resolveFaces(profile, 'hans', office).filter((face) => face.key === 'fangsong');
    expect(fangsong).toEqual({ key: 'fangsong', named: '仿宋_GB2312', installed: true, used: '仿宋_GB2312' });
  });

  it('says which face digits print in: the Latin face, else fontconfig’s substitute for it, else the role’s own stand-in where it is also the Chinese face (宋体)', () => {
    const withSubstitute: FontCatalogue = { ...debian, substitute: (family) => (family === 'Times New Roman' ? 'Liberation Serif' : undefined) };
    const latin = (catalogue: FontCatalogue) => Object.fromEntries(resolveFaces(profile, 'hans', catalogue).map((face) => [face.key, face.latinUsed]));
    expect(latin(withSubstitute)).toEqual({
      xiaobiaosong: 'Liberation Serif',
      fangsong: 'Liberation Serif',
      heiti: 'Liberation Serif',
      kaiti: 'Liberation Serif',
      songti: 'Noto Serif CJK SC',
    });
    const office = catalogueFromListing('Times New Roman\ten\nNoto Serif CJK SC\tzh-cn');
    expect(latin(office)['fangsong']).toBe('Times New Roman');
  });

  it('names the package of a nearer free face that is missing', () => {
    const withoutFandol = catalogueFromListing('Noto Serif CJK SC,Noto Serif CJK SC Light\tzh-cn\nNoto Serif CJK SC\tzh-cn');
    const fangsong = resolveFaces(profile, 'hans', withoutFandol).find((face) => face.key === 'fangsong')!;
    expect(fangsong.used).toBe('Noto Serif CJK SC Light');
    expect(fangsong.better).toEqual({ family: 'FandolFang', package: 'texlive-lang-chinese' });
    // A traditional document's body is 標楷體: it is pointed at a 楷 of Taiwan forms instead.
    const traditional = resolveFaces(profile, 'hant-tw', withoutFandol).find((face) => face.key === 'fangsong')!;
    expect(traditional.better).toEqual({ family: 'AR PL UKai TW', package: 'fonts-arphic-ukai' });
  });
});

describe('fallbackNotice', () => {
  it('is one line naming each stand-in and what to install', () => {
    const bare = catalogueFromListing('Noto Sans CJK SC\tzh-cn');
    const notice = fallbackNotice(resolveFaces(profile, 'hans', bare))!;
    expect(notice.split('\n')).toHaveLength(1);
    expect(notice).toContain('仿宋_GB2312→（无可用字体）');
    expect(notice).toContain('黑体→Noto Sans CJK SC');
    const install = /sudo apt-get install ([^；]+)/.exec(notice)![1]!.split(' ');
    expect(install.sort()).toEqual(['fonts-arphic-ukai', 'fonts-noto-cjk', 'fonts-noto-cjk-extra', 'texlive-lang-chinese']);
  });

  it('is silent where every face the DOCX names is installed', () => {
    const all = catalogueFromListing(Object.values(profile.fonts).map((font) => `${font.eastAsia}\tzh-cn`).join('\n'));
    expect(fallbackNotice(resolveFaces(profile, 'hans', all))).toBeUndefined();
  });
});

describe('rolesByFont', () => {
  it('lists the styles each family prints', () => {
    const roles = rolesByFont(profile);
    expect(roles.get('xiaobiaosong')).toEqual(['mastheadName', 'title']);
    expect(roles.get('heiti')).toEqual(['heading1']);
    expect(roles.get('kaiti')).toEqual(['heading2']);
  });
});
