// Validate stage: typing slips are put right as the typist meant them, so that one slip is one
// problem, and the rest of the file is read as meant.

import { describe, expect, it } from 'vitest';
import { parseYamlSource } from '../../src/load/yaml-source.js';
import { typingSlips } from '../../src/validate/typing-slips.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';

const FIELDS = new Set(['date', 'section', 'theme', 'title', 'sections', 'id', 'themes', 'summary']);

function slips(text: string): { problems: string[]; repaired?: string } {
  const diagnostics: Diagnostic[] = [];
  const { repaired } = typingSlips(parseYamlSource('a.yaml', text), FIELDS, diagnostics);
  return { problems: diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`), ...(repaired !== undefined ? { repaired } : {}) };
}

describe('tabs as indentation', () => {
  it('are one problem for the file, counting its lines', () => {
    const log = '- date: 2024-03-05\n\tsection: guidance\n\ttheme: ideology\n\ttitle: 宣讲\n';
    expect(slips(log)).toEqual({ problems: ['2:1 tab-indent 行首用了 Tab 缩进（本文件共 3 行）'], repaired: log.replaceAll('\t', '  ') });
  });

  it.each([
    ['2 columns', '    - id: ideology\n\t\t\ttitle: 强化\n', '      title: 强化'],
    ['4 columns', '      - id: ideology\n\t\ttitle: 强化\n', '        title: 强化'],
    ['8 columns', '- id: a\n  themes:\n          - id: b\n\t    title: c\n', '            title: c'],
  ])('are as wide as the editor showed them: %s, where the line above has its key', (_, text, line) => {
    const { problems, repaired } = slips(text);
    expect(problems).toHaveLength(1);
    expect(repaired!.split('\n')).toContain(line);
  });
});
