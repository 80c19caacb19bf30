// Validate stage: a problem in a spreadsheet log names the row and the column as the sheet heads
// it, and says what to type in the cell; the same problem in a YAML log names the field.

import { cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate } from '../../src/cli/validate.js';
import { temporaryFolder } from '../helpers/temp.js';

const minimal = path.resolve(import.meta.dirname, '../fixtures/valid/minimal');

async function problems(file: string, text: string): Promise<string[]> {
  const dir = temporaryFolder('table-messages');
  cpSync(minimal, dir, { recursive: true });
  rmSync(path.join(dir, 'activities/2024/log.yaml'));
  writeFileSync(path.join(dir, 'activities/2024', file), text);
  const checked = await validate('2024', { project: dir, cache: false });
  return checked.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message} → ${d.hint ?? ''}`);
}

describe('a spreadsheet log’s problems', () => {
  it('name the row and the column as headed, and the cell to fill', async () => {
    const csv = ['日期,部分,条目,标题,重点,参加人数', '2024-03-05,guidance,ideology,,也许,120', '5月8日,guidance,ideology,宣讲,,12人'].join('\n');
    expect(await problems('台账.csv', csv)).toEqual([
      '2:4 missing-field 第2行的“标题”没有填写 → 这一列每一行都要填写',
      '2:5 wrong-type 第2行的“重点”应是“是”或“否”，现在是“也许” → 是重点活动写“是”，不是写“否”或留空',
      '3:1 invalid-date 第3行的“日期”格式不对：5月8日 → 日期要写上年份：写成 2024-05-04 这样的形式（年-月-日）',
      '3:6 number-with-unit 第3行的“参加人数”应是纯数字，不要写单位或文字：“12人” → 写成 12',
    ]);
  });

  it('name a column headed by its English field name as headed', async () => {
    expect(await problems('log.csv', 'date,section,theme,title\n2024-03-05,guidance,ideology,\n')).toEqual(['2:4 missing-field 第2行的“title”没有填写 → 这一列每一行都要填写']);
  });
});

describe('a YAML log’s problems', () => {
  it('name the field, and say what to write', async () => {
    const log = '- date: 2024-03-05\n  section: guidance\n  theme: ideology\n  highlight: 也许\n';
    expect(await problems('log.yaml', log)).toEqual([
      '1:3 missing-field 第1项 缺少必填字段 title → 加上 title: …',
      '4:14 wrong-type 第1项的 highlight 应是 true 或 false，现在是 "也许" → 是：写 true；否：写 false（或删除这个字段）',
    ]);
  });
});

describe('an unknown section or theme', () => {
  it('typed as its title gets its id', async () => {
    const log = '- date: 2024-03-05\n  section: 把牢思想引领\n  theme: ideology\n  title: 宣讲\n- date: 2024-03-06\n  section: guidance\n  theme: 强化思想政治引领\n  title: 宣讲\n';
    expect(await problems('log.yaml', log)).toEqual([
      '2:12 unknown-section section “把牢思想引领” 没有在 summarize.yaml 的 sections 中定义 → “把牢思想引领”是部分的名称，这里写它的代码：guidance',
      '7:10 unknown-theme theme “强化思想政治引领” 不是部分 guidance 下的条目 → “强化思想政治引领”是条目的名称，这里写它的代码：ideology',
    ]);
  });

  it('like no id is answered with every id and its title', async () => {
    const log = '- date: 2024-03-05\n  section: hope\n  theme: ideology\n  title: 宣讲\n';
    expect(await problems('log.yaml', log)).toEqual(['2:12 unknown-section section “hope” 没有在 summarize.yaml 的 sections 中定义 → 可用的有：guidance（把牢思想引领）、youth（服务青年发展）']);
  });
});
