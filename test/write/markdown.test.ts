import { describe, expect, it } from 'vitest';
import type { DocumentModel } from '../../src/model/document.js';
import MarkdownIt from 'markdown-it';
import { renderMarkdown } from '../../src/write/markdown.js';

const model: DocumentModel = {
  title: '团区委工作综述',
  date: '2025-02-21',
  blocks: [
    { kind: 'masthead', name: '上街信息', issue: '第11期', office: '中共上街区委办公室', date: '2025年2月21日' },
    { kind: 'title', text: '团区委工作综述' },
    { kind: 'heading', level: 1, runs: [{ text: '一、牢记育人使命。' }] },
    { kind: 'paragraph', role: 'body', runs: [{ text: '一是' }, { text: '强化思想政治引领', bold: true }, { text: '。开展宣讲26场次。（团区委）' }] },
    { kind: 'paragraph', role: 'brief', runs: [{ text: '△ 近日，区妇联开展活动。（区妇联）' }] },
    { kind: 'distribution', lines: [[{ text: '本期送：区县处级领导' }], [{ text: '责任编辑：柴亚文' }]] },
  ],
};

describe('renderMarkdown', () => {
  const markdown = renderMarkdown(model);

  it('writes the masthead as a header block closed by a rule', () => {
    expect(markdown.startsWith('**上街信息**\\\n第11期\\\n中共上街区委办公室　2025年2月21日\n\n---\n')).toBe(true);
  });

  it('writes the title, headings, bold lead-ins, △ items and the distribution block between rules', () => {
    expect(markdown).toContain('# 团区委工作综述\n');
    expect(markdown).toContain('## 一、牢记育人使命。\n');
    expect(markdown).toContain('一是**强化思想政治引领**。开展宣讲26场次。（团区委）\n');
    expect(markdown).toContain('△ 近日，区妇联开展活动。（区妇联）\n');
    expect(markdown).toContain('---\n\n本期送：区县处级领导\\\n责任编辑：柴亚文\n\n---\n');
  });

  it('contains no HTML', () => {
    expect(markdown).not.toMatch(/<[a-z]/i);
  });

  it('escapes Markdown characters that came from the logs', () => {
    const withStars = renderMarkdown({ ...model, blocks: [{ kind: 'paragraph', role: 'body', runs: [{ text: '**号' }] }] });
    expect(withStars).toBe('\\*\\*号\n');
  });

  it('parses as Markdown into the structure of a bulletin', () => {
    const tokens = new MarkdownIt('commonmark').parse(markdown, {});
    const types = tokens.filter((t) => t.type.endsWith('_open') || t.type === 'hr').map((t) => (t.tag === 'hr' ? 'hr' : t.tag));
    expect(types).toEqual(['p', 'hr', 'h1', 'h2', 'p', 'p', 'hr', 'p', 'hr']);
    const boldTexts = tokens.flatMap((t) => t.children ?? []).flatMap((c, i, all) => (c.type === 'strong_open' ? [all[i + 1]!.content] : []));
    expect(boldTexts).toEqual(['上街信息', '强化思想政治引领']);
  });
});
