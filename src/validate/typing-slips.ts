// Validate stage: slips of a Chinese keyboard that break YAML's structure, found in the lines as
// typed. The parser only sees their effects (a key swallowed into the previous value, an
// "unexpected token" on the next line); these rules name the cause at its column:
// - a full-width colon after a field name (`title：…`, the input method still in Chinese mode);
// - no space after the colon (`date:2024-01-08`, which YAML reads as one piece of text);
// - full-width spaces (U+3000) or tabs as indentation.
// Only lines that start with a field name the schemas or the config define are looked at, and
// never the body of `|` / `>` block text, so Chinese text that happens to contain “：” is left alone.

import type { Diagnostic } from '../model/diagnostic.js';
import type { YamlSource } from '../load/yaml-source.js';

const KEY_LINE = /^([ \u3000]*(?:-[ \u3000]+)?)([A-Za-z_][A-Za-z0-9_-]*)([ \u3000]*)([:：])(.?)/;
/** A key inside braces: `{lectures:3}` or `{lectures：3}` (YAML reads both as one key with no value). */
const FLOW_KEY = /([{,][ \u3000]*)([A-Za-z_][A-Za-z0-9_-]*)[ \u3000]*([:：])(?=[^\s,}])/g;

export function typingSlips(source: YamlSource, fieldNames: ReadonlySet<string>, diagnostics: Diagnostic[]): void {
  if (source.text === undefined) return;
  const lines = source.text.split('\n');
  lines.forEach((text, index) => {
    const line = index + 1;
    if (source.blockTextLines?.has(line)) return;
    const problem = (column: number, code: string, message: string, hint: string): void => {
      diagnostics.push({ file: source.file, line, column, severity: 'error', code, message, hint });
    };
    const indentEnd = text.search(/[^ \t\u3000]/);
    const indent = indentEnd < 0 ? text : text.slice(0, indentEnd);
    const rest = indentEnd < 0 ? '' : text.slice(indentEnd);
    if (indent.includes('\u3000') && /^(-(\s|$)|[A-Za-z_][A-Za-z0-9_-]*[ \u3000]*[:：])/.test(rest)) {
      problem(indent.indexOf('\u3000') + 1, 'full-width-space', '行首用了全角空格缩进', 'YAML 只能用半角空格缩进：删掉这些全角空格，用空格键重新缩进');
    } else if (indent.includes('\t') && rest !== '' && !rest.startsWith('#')) {
      problem(indent.indexOf('\t') + 1, 'tab-indent', '行首用了 Tab 缩进', 'YAML 只能用半角空格缩进：删掉 Tab，用空格键重新缩进（编辑器可设置“Tab 转为空格”）');
    }
    for (const flow of text.matchAll(FLOW_KEY)) {
      if (!fieldNames.has(flow[2]!)) continue;
      const column = flow.index + flow[0].length;
      if (flow[3] === '：') problem(column, 'full-width-colon', `字段名 ${flow[2]} 后面用了全角冒号“：”`, `改成半角冒号加一个空格：“${flow[2]}: ”`);
      else problem(column, 'missing-space-after-colon', `字段名 ${flow[2]} 的冒号后面缺少空格`, `在冒号后加一个半角空格：“${flow[2]}: ”`);
    }
    const key = KEY_LINE.exec(text);
    if (!key || !fieldNames.has(key[2]!)) return;
    const colonColumn = key[1]!.length + key[2]!.length + key[3]!.length + 1;
    if (key[4] === '：') {
      problem(colonColumn, 'full-width-colon', `字段名 ${key[2]} 后面用了全角冒号“：”`, `改成半角冒号加一个空格：“${key[2]}: ”`);
    } else if (key[5] !== '' && key[5] !== ' ' && key[5] !== '\r' && key[5] !== '\t') {
      problem(colonColumn, 'missing-space-after-colon', `字段名 ${key[2]} 的冒号后面缺少空格`, `在冒号后加一个半角空格：“${key[2]}: ”`);
    }
  });
}
