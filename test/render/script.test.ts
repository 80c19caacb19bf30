// --script hant: the document model in traditional characters (OpenCC, Taiwan or Hong Kong
// standard). Digits, Latin letters and full-width punctuation come through unchanged, and the
// conversion works on the model's text, so Markdown escapes are not touched.

import { describe, expect, it } from 'vitest';
import type { DocumentModel } from '../../src/model/document.js';
import { resolveScript, scriptConverter } from '../../src/render/script.js';
import { renderMarkdown } from '../../src/write/markdown.js';

const model: DocumentModel = {
  title: '团区委凝聚青春奋进力量',
  date: '2025-02-21',
  blocks: [
    { kind: 'masthead', name: '上街信息', issue: '第11期', office: '中共上街区委办公室', date: '2025年2月21日' },
    { kind: 'title', text: '团区委凝聚青春奋进力量' },
    { kind: 'heading', level: 1, runs: [{ text: '一、牢记育人使命，把牢思想引领“风向标”。' }] },
    {
      kind: 'paragraph',
      role: 'body',
      runs: [
        { text: '一是' },
        { text: '强化思想政治引领', bold: true },
        { text: '。覆盖少先队员1.1万余人次；“青年大学习”13期，发布推送756篇（VLOG 8期）、后台里面**号。' },
      ],
    },
    { kind: 'paragraph', role: 'closing', runs: [{ text: '共青团上街区委' }] },
    { kind: 'distribution', lines: [[{ text: '本期送：区县处级领导' }], [{ text: '责任编辑：柴亚文 许亦是' }]] },
  ],
};

describe('traditional script', () => {
  it('converts every text of the model to the Taiwan standard, keeping digits and punctuation', async () => {
    const converted = (await scriptConverter('hant-tw'))(model);
    expect(converted.title).toBe('團區委凝聚青春奮進力量');
    expect(converted.blocks[0]).toEqual({ kind: 'masthead', name: '上街信息', issue: '第11期', office: '中共上街區委辦公室', date: '2025年2月21日' });
    expect(converted.blocks[2]).toEqual({ kind: 'heading', level: 1, runs: [{ text: '一、牢記育人使命，把牢思想引領“風向標”。' }] });
    expect(converted.blocks[3]).toEqual({
      kind: 'paragraph',
      role: 'body',
      runs: [
        { text: '一是' },
        { text: '強化思想政治引領', bold: true },
        { text: '。覆蓋少先隊員1.1萬餘人次；“青年大學習”13期，發佈推送756篇（VLOG 8期）、後臺裡面**號。' },
      ],
    });
    expect(converted.blocks[4]).toEqual({ kind: 'paragraph', role: 'closing', runs: [{ text: '共青團上街區委' }] });
    expect(converted.blocks[5]).toEqual({ kind: 'distribution', lines: [[{ text: '本期送：區縣處級領導' }], [{ text: '責任編輯：柴亞文 許亦是' }]] });
    expect(converted.date).toBe('2025-02-21');
    // The model is converted, not the Markdown: the writer still escapes what needs escaping.
    expect(renderMarkdown(converted)).toContain('後臺裡面\\*\\*號。');
  });

  it('uses Hong Kong characters for hant-hk', async () => {
    const converted = (await scriptConverter('hant-hk'))(model);
    const paragraph = converted.blocks[3];
    expect(paragraph).toMatchObject({ runs: [{}, {}, { text: expect.stringContaining('後台裏面') }] });
  });

  it('leaves the model as it is for hans', async () => {
    expect((await scriptConverter('hans'))(model)).toBe(model);
  });

  it('takes the variant of --script hant from summarize.yaml, Taiwan by default', () => {
    expect(resolveScript(undefined, undefined)).toBe('hans');
    expect(resolveScript(undefined, 'hant-hk')).toBe('hant-hk');
    expect(resolveScript('hant', undefined)).toBe('hant-tw');
    expect(resolveScript('hant', 'hant-hk')).toBe('hant-hk');
    expect(resolveScript('hans', 'hant-hk')).toBe('hans');
    expect(resolveScript('hant-tw', 'hant-hk')).toBe('hant-tw');
  });
});
