import { describe, expect, it } from 'vitest';
import type { Figure } from '../../src/model/figure.js';
import { markdownToModel, MarkupProblem } from '../../src/render/markdown-to-model.js';
import { FigureMarks } from '../../src/render/traced-number.js';

const meta = { title: 't', date: '2025-02-21' };

describe('markdownToModel', () => {
  it('reads the masthead container field by field', () => {
    const model = markdownToModel('::: masthead\n上街信息\n第11期\n中共上街区委办公室\n2025年2月21日\n:::\n', meta);
    expect(model.blocks).toEqual([{ kind: 'masthead', name: '上街信息', issue: '第11期', office: '中共上街区委办公室', date: '2025年2月21日' }]);
  });

  it('accepts a masthead without an issue line', () => {
    const model = markdownToModel('::: masthead\n上街信息\n中共上街区委办公室\n2025年2月21日\n:::\n', meta);
    expect(model.blocks[0]).toMatchObject({ kind: 'masthead', issue: '', office: '中共上街区委办公室' });
  });

  it('rejects a masthead with a missing field', () => {
    expect(() => markdownToModel('::: masthead\n上街信息\n:::\n', meta)).toThrow(MarkupProblem);
  });

  it('maps # to the title and ## / ### to heading levels', () => {
    const model = markdownToModel('# 标题\n\n## 一、部分。\n\n### （一）小节\n', meta);
    expect(model.blocks).toEqual([
      { kind: 'title', text: '标题' },
      { kind: 'heading', level: 1, runs: [{ text: '一、部分。' }] },
      { kind: 'heading', level: 2, runs: [{ text: '（一）小节' }] },
    ]);
  });

  it('keeps bold lead-ins next to Chinese punctuation (CJK-friendly emphasis)', () => {
    const model = markdownToModel('一是**强化思想政治引领。**注重发挥作用。', meta);
    expect(model.blocks[0]).toEqual({
      kind: 'paragraph',
      role: 'body',
      runs: [{ text: '一是' }, { text: '强化思想政治引领。', bold: true }, { text: '注重发挥作用。' }],
    });
  });

  it('joins wrapped lines without a space between Chinese characters, with one between Latin words', () => {
    const model = markdownToModel('开展宣讲\n26场次，推出VLOG\nseries', meta);
    expect(model.blocks[0]).toMatchObject({ runs: [{ text: '开展宣讲26场次，推出VLOG series' }] });
  });

  it('marks paragraphs starting with △ as brief items', () => {
    const model = markdownToModel('△ 近日，区妇联开展活动。（区妇联）', meta);
    expect(model.blocks[0]).toMatchObject({ kind: 'paragraph', role: 'brief' });
  });

  it('reads the distribution block one line per field', () => {
    const model = markdownToModel('::: distribution\n本期送：区县处级领导\n发：各街道办事处\n责任编辑：柴亚文 许亦是\n:::\n', meta);
    expect(model.blocks[0]).toEqual({
      kind: 'distribution',
      lines: [[{ text: '本期送：区县处级领导' }], [{ text: '发：各街道办事处' }], [{ text: '责任编辑：柴亚文 许亦是' }]],
    });
  });

  it('prints escaped Markdown characters literally', () => {
    const model = markdownToModel('\\*\\*不是粗体\\*\\*', meta);
    expect(model.blocks[0]).toMatchObject({ runs: [{ text: '**不是粗体**' }] });
  });

  it.each([
    ['- 列表项', '无序列表'],
    ['1. 列表项', '有序列表'],
    ['```\ncode\n```', '代码块'],
    ['> 引用', '引用'],
  ])('refuses %j, which an official document cannot hold', (markdown, what) => {
    expect(() => markdownToModel(markdown, meta)).toThrow(what);
  });

  describe('figures printed by helpers', () => {
    const reached: Figure = { value: 11234, counts: '覆盖人数（reached）', metric: 'reached', sources: [] };
    const lectures: Figure = { value: 26, counts: '宣讲（lectures）', metric: 'lectures', sources: [] };

    it('become runs of their own, with their wording as text, bold where the text is bold', () => {
      const marks = new FigureMarks();
      const markdown = `一是**开展宣讲${marks.mark(lectures, '26')}场次。**覆盖${marks.mark(reached, '1.1万余')}人次。`;
      expect(markdownToModel(markdown, meta, marks).blocks[0]).toMatchObject({
        runs: [
          { text: '一是' },
          { text: '开展宣讲', bold: true },
          { text: '26', bold: true, figure: lectures },
          { text: '场次。', bold: true },
          { text: '覆盖' },
          { text: '1.1万余', figure: reached },
          { text: '人次。' },
        ],
      });
    });

    it('parse emphasis and line wrapping as their wording would', () => {
      const marks = new FigureMarks();
      const plain = markdownToModel('增长**12.5%**人次，覆盖1.1万余\n人次', meta);
      const marked = markdownToModel(`增长**${marks.mark(lectures, '12.5%')}**人次，覆盖${marks.mark(reached, '1.1万余')}\n人次`, meta, marks);
      expect(marked.blocks.map((b) => 'runs' in b && b.runs.map((r) => [r.text, r.bold]))).toEqual(plain.blocks.map((b) => 'runs' in b && formatted(b.runs)));
    });

    it('are refused in the title, which the audit does not read', () => {
      const marks = new FigureMarks();
      expect(() => markdownToModel(`# 全年${marks.mark(lectures, '26')}场`, meta, marks)).toThrow(MarkupProblem);
    });
  });
});

/** Plain runs split where the marked ones are, to compare text and weight only. */
function formatted(runs: { text: string; bold?: boolean }[]): [string, boolean | undefined][] {
  return runs.flatMap((r) => r.text.split(/(12\.5%|1\.1万余)/).filter(Boolean).map((text): [string, boolean | undefined] => [text, r.bold]));
}
