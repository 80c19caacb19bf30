// Validate stage: slips of a Chinese keyboard that break YAML's structure, found in the lines as
// typed. The parser only sees their effects (a key swallowed into the previous value, an
// "unexpected token" on the next line); these rules name the cause at its column:
// - no space after a list item's dash (`-date: …`), which YAML reads as a field named "-date";
// - no dash at all before an event's first field, in a log whose events begin with `- `;
// - a full-width colon after a field name (`title：…`, the input method still in Chinese mode);
// - no space after the colon (`date:2024-01-08`, which YAML reads as one piece of text);
// - full-width spaces (U+3000) or tabs as indentation;
// - a field indented further than the one above it, whose value it then seems to continue;
// - a title or text cut at ` #`, the rest of which YAML reads as a comment (a warning: it may be one).
// Only lines that start with a field name the schemas or the config define are looked at, and
// never the body of `|` / `>` block text, so Chinese text that happens to contain “：” is left alone.
// Each slip is also put right in a copy of the text (line for line), which validation then reads
// instead, so one run also reports the problems behind the slip rather than the parser's confusion.

import { shortened, type Diagnostic } from '../model/diagnostic.js';
import type { YamlSource } from '../load/yaml-source.js';

const KEY_LINE = /^([ \u3000]*(?:-[ \u3000]+)?)([A-Za-z_][A-Za-z0-9_-]*)([ \u3000]*)([:：])(.?)/;
/** A list item's first field with no space after the dash: `-date: 2024-03-05`. */
const DASH_KEY = /^([ \u3000]*-)([A-Za-z_][A-Za-z0-9_-]*)[ \u3000]*[:：]/;
/** A key inside braces: `{lectures:3}` or `{lectures：3}` (YAML reads both as one key with no value). */
/** What may follow a field's colon: nothing, or white space. */
const NOTHING_OR_SPACE = new Set(['', ' ', '\r', '\t']);
const FLOW_KEY = /([{,][ \u3000]*)([A-Za-z_][A-Za-z0-9_-]*)[ \u3000]*([:：])(?=[^\s,}])/g;

export interface Slips {
  /**
   * Lines (1-based) where the parser reports the slips' effects in its own terms: the slip's
   * line, or for a misaligned field the line above, whose value YAML takes it to continue.
   */
  echoes: Set<number>;
  /** The text with every slip put right (line for line, so positions stay), or undefined when none. */
  repaired?: string;
}

/** Pushes the slips found onto `diagnostics`. */
export function typingSlips(source: YamlSource, fieldNames: ReadonlySet<string>, diagnostics: Diagnostic[]): Slips {
  const echoes = new Set<number>();
  if (source.text === undefined || source.slipFree) return { echoes };
  const lines = source.text.split('\n');
  const alignment = new FieldAlignment();
  const events = new EventStarts();
  const tabs: { lines: number; first?: Diagnostic } = { lines: 0 };
  /** Where the last field line's dash and key stand (1-based), which a tab-indented line below it is likely aligned with. */
  let columnsAbove: number[] = [];
  // Whether the file is a list of events: its first line with content begins with a dash.
  let isList: boolean | undefined;
  let repairs = 0;
  const repaired = lines.map((text, index) => {
    const line = index + 1;
    if (source.blockTextLines?.has(line)) return text;
    const found = diagnostics.length;
    const problem = (column: number, code: string, message: string, hint: string): void => {
      diagnostics.push({ file: source.file, line, column, severity: 'error', code, message, hint });
    };
    let fixed = text;
    const indentEnd = text.search(/[^ \t\u3000]/);
    const indent = indentEnd < 0 ? text : text.slice(0, indentEnd);
    const rest = indentEnd < 0 ? '' : text.slice(indentEnd);
    if (indent.includes('\u3000') && /^(-(\s|$)|[A-Za-z_][A-Za-z0-9_-]*[ \u3000]*[:：])/.test(rest)) {
      problem(indent.indexOf('\u3000') + 1, 'full-width-space', '行首用了全角空格缩进', 'YAML 只能用半角空格缩进：删掉这些全角空格，用空格键重新缩进');
      fixed = indent.replaceAll('\u3000', ' ').replaceAll('\t', '  ') + rest;
    } else if (indent.includes('\t') && rest !== '' && !rest.startsWith('#')) {
      // One error for the file, at its first such line: an editor that indents with tabs does so
      // on every line, and a list of the same error per line hides the other problems.
      if (tabs.lines++ === 0) {
        problem(indent.indexOf('\t') + 1, 'tab-indent', '行首用了 Tab 缩进', 'YAML 只能用半角空格缩进：删掉 Tab，用空格键重新缩进（编辑器可设置“Tab 转为空格”）');
        tabs.first = diagnostics.at(-1);
      } else {
        echoes.add(line);
      }
      fixed = untabbed(indent, columnsAbove) + rest;
    }
    // The first field of every event comes after a dash, and the rules below read the line with the space put in.
    const dashKey = DASH_KEY.exec(fixed);
    if (dashKey && fieldNames.has(dashKey[2]!)) {
      problem(dashKey[1]!.length, 'missing-space-after-dash', `列表项的短横线“-”后面缺少空格`, `在短横线后加一个半角空格：“- ${dashKey[2]}: ”，每条记录都这样开头`);
      fixed = `${dashKey[1]} ${fixed.slice(dashKey[1]!.length)}`;
    }
    if (isList === undefined && rest !== '' && !rest.startsWith('#')) isList = indentEnd === 0 && /^-(\s|$)/.test(rest);
    // An event's first field at the margin, where the dash should be: YAML then reads its other
    // fields, indented under it, as misaligned (one error each).
    const atMargin = isList && indentEnd === 0 ? KEY_LINE.exec(fixed) : null;
    if (atMargin && atMargin[1] === '' && fieldNames.has(atMargin[2]!)) {
      problem(1, 'missing-dash', `这一行开始一条新记录，但行首缺少短横线“- ”`, `每条记录的第一行以短横线和一个空格开头：“- ${atMargin[2]}: …”`);
      fixed = `- ${fixed}`;
    }
    const indented = isList ? events.line(fixed) : undefined;
    if (indented) {
      problem(indented.dashColumn, 'missing-dash', `这一行开始一条新记录，但缺少短横线“- ”`, `每条记录的第一行以短横线和一个空格开头，与上一条记录的短横线对齐：“- ${indented.key}: …”`);
      fixed = `${' '.repeat(indented.dashColumn - 1)}- ${fixed.trimStart()}`;
      events.line(fixed);
    }
    // Most lines have no braces; the scan for keys inside them is skipped there (a large share of
    // a 100k-event build went to it).
    if (text.includes('{')) {
      // An exec loop and no replace when nothing was found: matchAll copies the expression for
      // each line, and a replace with a function is slow even when it replaces nothing.
      let flowSlips = false;
      FLOW_KEY.lastIndex = 0;
      for (let flow = FLOW_KEY.exec(text); flow; flow = FLOW_KEY.exec(text)) {
        if (!fieldNames.has(flow[2]!)) continue;
        flowSlips = true;
        const column = flow.index + flow[0].length;
        if (flow[3] === '：') problem(column, 'full-width-colon', `字段名 ${flow[2]} 后面用了全角冒号“：”`, `改成半角冒号加一个空格：“${flow[2]}: ”`);
        else problem(column, 'missing-space-after-colon', `字段名 ${flow[2]} 的冒号后面缺少空格`, `在冒号后加一个半角空格：“${flow[2]}: ”`);
      }
      if (flowSlips) fixed = fixed.replace(FLOW_KEY, (match, before: string, name: string) => (fieldNames.has(name) ? `${before}${name}: ` : match));
    }
    const key = KEY_LINE.exec(text);
    if (key && fieldNames.has(key[2]!) && (key[4] === '：' || !NOTHING_OR_SPACE.has(key[5]!))) {
      const name = key[2]!;
      const colonColumn = key[1]!.length + name.length + key[3]!.length + 1;
      if (key[4] === '：') {
        problem(colonColumn, 'full-width-colon', `字段名 ${name} 后面用了全角冒号“：”`, `改成半角冒号加一个空格：“${name}: ”`);
      } else {
        problem(colonColumn, 'missing-space-after-colon', `字段名 ${name} 的冒号后面缺少空格`, `在冒号后加一个半角空格：“${name}: ”`);
      }
      fixed = fixed.replace(KEY_LINE, (_, before: string, field: string, _spaces: string, _colon: string, next: string) => `${before}${field}: ${next}`);
    }
    // Alignment is judged on the line as repaired so far: a tab put right is not reported twice.
    const aligned = fixed === text ? key : KEY_LINE.exec(fixed);
    if (aligned) {
      const name = aligned[2]!;
      const column = aligned[1]!.length + 1;
      const value = fixed.slice(aligned[0].length - aligned[5]!.length).trim();
      const misaligned = alignment.field(line, column, name, aligned[1]!.includes('-'), value !== '' && !/^[|>[{"'&!*#]/.test(value));
      // Only a field name the schemas or config define: `VLOG: …` deeper in is more likely text.
      if (misaligned && fieldNames.has(name)) {
        const { above, by } = misaligned;
        if (diagnostics.length === found) {
          const more = by > 0 ? `多缩进了 ${by} 格` : `少缩进了 ${-by} 格`;
          problem(column, 'misaligned-field', `字段 ${name} 比上一行的 ${above.name} ${more}`, `同一层的字段要左对齐：${by > 0 ? '删掉' : '补上'} ${name} 前${by > 0 ? '多出' : '缺少'}的空格`);
        }
        echoes.add(above.line); // YAML reads the line as more of the value above and reports that line
        fixed = ' '.repeat(above.column - 1) + fixed.trimStart();
      }
    } else if (rest !== '' && !rest.startsWith('#')) {
      alignment.other();
    }
    if (diagnostics.length > found) echoes.add(line);
    // After the echoes: a warning leaves the parser's word on its line standing.
    if (key && (key[2] === 'title' || key[2] === 'text') && key[4] === ':') cutByComment(source.file, line, text, key[0].length - key[5]!.length, key[2], diagnostics);
    const fieldLine = KEY_LINE.exec(fixed);
    if (fieldLine) columnsAbove = [fieldLine[1]!.indexOf('-') + 1, fieldLine[1]!.length + 1].filter((column) => column > 0);
    if (fixed !== text) repairs++;
    return fixed;
  });
  if (tabs.first && tabs.lines > 1) tabs.first.message = `行首用了 Tab 缩进（本文件共 ${tabs.lines} 行）`;
  return repairs > 0 ? { echoes, repaired: repaired.join('\n') } : { echoes };
}

/**
 * Tabs as the editor that typed them showed them: each 2, 4 or 8 columns wide, whichever puts the
 * line where the field line above it has its dash or its key; 2 when none does. Two columns a tab
 * left a line typed in a 4-column editor out of line with its neighbours, and each field below it
 * was then reported as misaligned.
 */
function untabbed(indent: string, columnsAbove: readonly number[]): string {
  for (const width of [2, 4, 8]) {
    const spaces = indent.replaceAll('\t', ' '.repeat(width));
    if (columnsAbove.includes(spaces.length + 1)) return spaces;
  }
  return indent.replaceAll('\t', '  ');
}

/**
 * An event's first field typed again among the fields of the event before it, with its dash left
 * out (`  date: …` under `- date: …`): to YAML a duplicate key, then one for each field after it,
 * 7 errors of which none names the dash. Said only of the field an event began with, where that
 * event has it already and it stands between that event's dash and its fields.
 */
class EventStarts {
  private event: { dashColumn: number; fieldColumn: number; first: string; fields: Set<string> } | undefined;

  /** Reads a line of the list; the event start it lacks a dash for, if it is one. */
  line(text: string): { dashColumn: number; key: string } | undefined {
    const key = KEY_LINE.exec(text);
    if (!key) return undefined;
    const prefix = key[1]!;
    const name = key[2]!;
    const dash = prefix.indexOf('-');
    if (dash >= 0) {
      this.event = { dashColumn: dash + 1, fieldColumn: prefix.length + 1, first: name, fields: new Set([name]) };
      return undefined;
    }
    const event = this.event;
    if (!event) return undefined;
    const column = prefix.length + 1;
    if (name === event.first && event.fields.has(name) && column > event.dashColumn && column <= event.fieldColumn) return { dashColumn: event.dashColumn, key: name };
    if (column === event.fieldColumn) event.fields.add(name);
    return undefined;
  }
}

/**
 * `title: 青年大学习 #第3期`: YAML keeps 青年大学习 and drops the rest as a comment, while # is used in
 * Chinese text (#话题#). Quoted or block text keeps its #, and a # followed by a space starts a
 * comment as comments are written; a warning, since a comment may be meant all the same.
 */
function cutByComment(file: string, line: number, text: string, valueStart: number, field: string, diagnostics: Diagnostic[]): void {
  const value = text.slice(valueStart);
  const first = value.trimStart()[0];
  if (first === undefined || `"'|>[{&*!#`.includes(first)) return;
  // `# 可选`, with a space after the #, is a comment as YAML files write them.
  const hash = value.search(/ #[^\s]/);
  if (hash < 0) return;
  const kept = value.slice(0, hash).trim();
  const dropped = value.slice(hash + 1).trimEnd();
  diagnostics.push({
    file,
    line,
    column: valueStart + hash + 2,
    severity: 'warning',
    code: 'comment-in-text',
    message: `${field === 'title' ? '标题' : '说明'}只读到 “${shortened(kept)}”：后面的 “${shortened(dropped)}” 在空格加 # 之后，YAML 当作注释，不会印出`,
    hint: `如果这是${field === 'title' ? '标题' : '说明'}的一部分，给整段文字加上引号（${field}: "…"），或把 # 改成全角 ＃；确是注释则可不理会`,
  });
}

interface Field {
  line: number;
  column: number;
  name: string;
  /** The field has its value on its line (`date: 2024-03-05`), so nothing may be nested under it. */
  scalar: boolean;
}

/**
 * The columns at which fields may start, as the lines go by: a field is either aligned with a
 * level already open, or nested one level under a field with no value on its line. A field right
 * under a field with a value, further in or at no open column, is misaligned.
 */
class FieldAlignment {
  private levels: number[] = [];
  private previous: Field | undefined;

  field(line: number, column: number, name: string, listItem: boolean, scalar: boolean): { above: Field; by: number } | undefined {
    const above = this.previous?.line === line - 1 ? this.previous : undefined;
    let misaligned: { above: Field; by: number } | undefined;
    while (this.levels.length > 0 && this.levels.at(-1)! > column) this.levels.pop();
    const top = this.levels.at(-1);
    if (top !== column) {
      if (!listItem && above?.scalar && above.column !== column && (column > above.column || top === undefined || top < column)) {
        misaligned = { above, by: column - above.column };
        // Read on as if it were aligned, so one slip is reported once.
        column = above.column;
        while (this.levels.length > 0 && this.levels.at(-1)! > column) this.levels.pop();
        if (this.levels.at(-1) !== column) this.levels.push(column);
      } else {
        this.levels.push(column);
      }
    }
    this.previous = { line, column, name, scalar };
    return misaligned;
  }

  /** A line that is not a field (a list of plain values, text continued): nothing to compare with. */
  other(): void {
    this.previous = undefined;
  }
}
