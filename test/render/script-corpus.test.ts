// Known-hard phrases for simplified → traditional: one simplified character that is two
// traditional ones depending on the word (干部/乾燥, 发展/頭髮, 后来/皇后, 里面/公里, 余 as a
// number word and as a surname), and phrases OpenCC's longest-match segmentation splits wrongly
// (新征程). Each is checked for every traditional script a user can ask for.

import { describe, expect, it } from 'vitest';
import { resolveScript, scriptConverter, textConverter } from '../../src/render/script.js';
import type { DocumentScript } from '../../src/model/config.js';

/** simplified → [Taiwan, Hong Kong]. */
const CORPUS: [string, string, string][] = [
  ['踏上新征程', '踏上新征程', '踏上新征程'],
  ['奋进新征程，建功新时代', '奮進新征程，建功新時代', '奮進新征程，建功新時代'],
  ['伟大征程', '偉大征程', '偉大征程'],
  ['开启新征途', '開啟新征途', '開啓新征途'],
  ['征集志愿者', '徵集志願者', '徵集志願者'],
  ['青年干部', '青年幹部', '青年幹部'],
  ['气候乾燥', '氣候乾燥', '氣候乾燥'],
  ['气候干燥', '氣候乾燥', '氣候乾燥'],
  ['青年发展', '青年發展', '青年發展'],
  ['头发', '頭髮', '頭髮'],
  ['后来', '後來', '後來'],
  ['皇后', '皇后', '皇后'],
  ['里面', '裡面', '裏面'],
  ['五公里', '五公里', '五公里'],
  ['1.1万余人次', '1.1萬餘人次', '1.1萬餘人次'],
  ['其余', '其餘', '其餘'],
];

/** Every traditional script as a user writes it (--script or script:), with what it resolves to. */
const SCRIPTS: { asked: string; script: Exclude<DocumentScript, 'hans'>; column: 1 | 2 }[] = [
  { asked: 'hant', script: resolveScript('hant', undefined) as 'hant-tw', column: 1 },
  { asked: 'hant-tw', script: 'hant-tw', column: 1 },
  { asked: 'hant-hk', script: 'hant-hk', column: 2 },
];

describe.each(SCRIPTS)('traditional script $asked', ({ script, column }) => {
  it('converts the known-hard phrases right', async () => {
    const convert = await textConverter(script);
    const wrong = CORPUS.filter((row) => convert(row[0]) !== row[column]).map((row) => `${row[0]} → ${convert(row[0])}（应为 ${row[column]}）`);
    expect(wrong).toEqual([]);
  });

  it('prints protected words as listed: surnames, brand terms, a name kept simplified', async () => {
    const convert = await textConverter(script, ['余華', '余光中', '青年之家', '上街信息']);
    expect(convert('作家余华与余光中来到青年之家')).toBe('作家余華與余光中來到青年之家');
    expect(convert('《上街信息》编辑部')).toBe('《上街信息》編輯部');
    // Without the list, OpenCC reads 余 as 餘 (its commonest form): the reason for the list.
    expect((await textConverter(script))('作家余华')).toBe('作家餘華');
  });

  it('converts the same text the same way on every call', async () => {
    const convert = await textConverter(script, ['余華']);
    expect(convert('余华，余华')).toBe('余華，余華');
    expect(convert('')).toBe('');
  });
});

describe('the converted document model', () => {
  it('says which script and region it is in', async () => {
    const model = { title: '团区委', date: '2025-02-21', blocks: [] };
    expect((await scriptConverter('hant-hk'))(model)).toEqual({ title: '團區委', date: '2025-02-21', blocks: [], script: 'hant-hk' });
    expect((await scriptConverter('hant-tw', ['团区委']))(model).title).toBe('团区委');
  });
});
