// Fixtures for the writer tests: a bulletin built by hand, shaped like the 上街信息 seeds.
import { readFileSync } from 'node:fs';
import { parseProfile } from '../../src/layout/profile.js';
import type { Block, DocumentModel } from '../../src/model/document.js';

export const profile = parseProfile(
  readFileSync(new URL('../../profiles/gbt9704.yaml', import.meta.url), 'utf8'),
  'profiles/gbt9704.yaml',
);

export const MASTHEAD: Block = {
  kind: 'masthead',
  name: '上街信息',
  issue: '第5期',
  office: '中共上街区委办公室',
  date: '2025年2月21日',
};

export const DISTRIBUTION: Block = {
  kind: 'distribution',
  lines: [
    [{ text: '本期送：区县处级领导' }],
    [{ text: '发：峡窝镇、各街道办事处、区直各单位负责同志' }],
    [{ text: '责任编辑：柴亚文 许亦是' }],
  ],
};

export const bulletin: DocumentModel = {
  title: '精准发力 做好青年学子引、育、留',
  date: '2025-02-21',
  blocks: [
    MASTHEAD,
    { kind: 'title', text: '精准发力 做好青年学子引、育、留' },
    {
      kind: 'paragraph',
      role: 'body',
      runs: [{ text: '为全面贯彻落实习近平总书记关于青年工作的重要思想，共青团上街区委发挥“生源地”优势，引领青年学子积极参加政务实践活动。' }],
    },
    { kind: 'heading', level: 1, runs: [{ text: '一、牢记育人使命，把牢思想引领“风向标”。' }] },
    {
      kind: 'paragraph',
      role: 'body',
      runs: [
        { text: '一是' },
        { text: '提前做好活动宣传', bold: true },
        { text: '。通过团属微信公众号对“返家乡”活动进行推介。二是' },
        { text: '统筹安排人员岗位', bold: true },
        { text: '。帮助区籍74名优秀返乡大学生达成实践意向。（团区委）' },
      ],
    },
    { kind: 'heading', level: 2, runs: [{ text: '（一）丰富实践活动内容' }] },
    { kind: 'paragraph', role: 'body', runs: [{ text: '组织实践大学生集中学习，590多名暑托班儿童受益。' }] },
    {
      kind: 'paragraph',
      role: 'brief',
      runs: [{ text: '△ 近日，区妇联开展“四组一队”助力“五星”支部创建观摩活动。（区妇联）' }],
    },
    DISTRIBUTION,
  ],
};

/** A bulletin whose body runs well past page 1, for measuring lines per page. */
export function longBulletin(paragraphs = 12): DocumentModel {
  const sentence = '共青团上街区委坚持受教育长才干作贡献的宗旨引导青年学子认识自身了解社会用知识推动家乡社会进步和经济发展';
  const body: Block[] = Array.from({ length: paragraphs }, (_, i) => ({
    kind: 'paragraph',
    role: 'body',
    runs: [{ text: `第${i + 1}段${sentence.repeat(3)}。` }],
  }));
  return { title: '长文测试', date: '2025-02-21', blocks: [MASTHEAD, { kind: 'title', text: '精准发力 做好青年学子引、育、留' }, ...body, DISTRIBUTION] };
}
