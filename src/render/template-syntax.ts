// Render stage: the template mistakes found in the text itself, before Handlebars parses it —
// the slips of a Chinese input method (full-width ｛｛ ｝｝, “ ” quotes, （ ） and ＝ inside {{ }}),
// a {{ left open, a block left open or closed by another name — and Handlebars' own parse
// errors said in Chinese: where, and what was expected there. Each carries the corrected text
// as its hint where there is one.

import type Handlebars from 'handlebars';
import type { TemplateIssue } from './template-check.js';
import { shortened } from '../model/diagnostic.js';

/** What an editor calls each sign, in messages. */
const SIGN_NAMES: Record<string, string> = { '“': '中文引号', '”': '中文引号', '‘': '中文引号', '’': '中文引号', '（': '全角括号', '）': '全角括号', '＝': '全角等号', '\u3000': '全角空格' };

/** Full-width and typographic signs a Chinese input method puts where a template needs ASCII. */
const HALF_WIDTH: Record<string, string> = {
  '｛': '{',
  '｝': '}',
  '“': '"',
  '”': '"',
  '‘': "'",
  '’': "'",
  '（': '(',
  '）': ')',
  '＝': '=',
  '\u3000': ' ',
  '＃': '#',
  '／': '/',
  '＞': '>',
};
const SLIP = /[｛｝“”‘’（）＝\u3000＃／＞]/g;

/** 1-based line and column of an offset. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

function issue(text: string, offset: number, code: string, message: string, hint: string): TemplateIssue {
  return { ...position(text, offset), severity: 'error', code, message, hint };
}

/** A template expression typed with a Chinese input method, and other mistakes in the text. */
export function textSlips(text: string): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const typedFullWidth: { start: number; end: number }[] = [];
  // ｛｛…｝｝, or a mix such as {{…｝｝: printed literally by Handlebars, never run.
  for (const match of text.matchAll(/[{｛][{｛](?:(?![{｛][{｛]|[}｝][}｝]).){0,200}?[}｝][}｝]/gsu)) {
    if (!/[｛｝]/.test(match[0])) continue;
    typedFullWidth.push({ start: match.index, end: match.index + match[0].length });
    issues.push(issue(text, match.index, 'template-full-width', `全角的 ${match[0].replace(/[^{}｛｝]/g, '')} 不是模板写法，这段会原样印出`, `改为 ${halfWidth(match[0])}`));
  }
  for (const expression of expressions(text)) {
    if (typedFullWidth.some((range) => expression.start >= range.start && expression.start < range.end)) continue;
    if (expression.unclosed) {
      // `{{sum "lectures"}场次`: one brace short.
      const short = /^\{\{[^{}\n]*\}(?!\})/.exec(expression.text)?.[0];
      const hint = short ? `改为 ${short}}` : `在表达式末尾加上 }}：${shortened(text.slice(expression.start, lineEnd(text, expression.start)))}}}`;
      issues.push(issue(text, expression.start, 'template-syntax', '模板写法有误：{{ 没有对应的 }}', hint));
      continue;
    }
    const slip = firstSlip(expression.text);
    if (slip !== undefined) {
      const sign = expression.text[slip]!;
      const what = sign === '\u3000' ? '全角空格' : `${SIGN_NAMES[sign] ?? '全角符号'} ${sign}`;
      issues.push(issue(text, expression.start + slip, 'template-full-width', `模板表达式中的${what} 应改为半角的 ${HALF_WIDTH[sign]!.trim() || '空格'}`, `改为 ${halfWidth(expression.text)}`));
    }
  }
  return issues.length > 0 ? issues : blockMismatches(text);
}

/** `{{…}}` expressions of the text outside comments, each with where it starts. */
function expressions(text: string): { start: number; text: string; unclosed?: boolean }[] {
  const found: { start: number; text: string; unclosed?: boolean }[] = [];
  let at = 0;
  for (;;) {
    const start = text.indexOf('{{', at);
    if (start < 0) return found;
    if (text[start - 1] === '\\') {
      at = start + 2;
      continue;
    }
    if (text.startsWith('{{!--', start) || text.startsWith('{{~!--', start)) {
      const end = text.indexOf('--', text.indexOf('!--', start) + 3);
      at = end < 0 ? text.length : end + 2;
      continue;
    }
    const end = closing(text, start + 2);
    if (end < 0) {
      found.push({ start, text: text.slice(start), unclosed: true });
      return found;
    }
    if (text[start + 2] !== '!' && !(text[start + 2] === '~' && text[start + 3] === '!')) found.push({ start, text: text.slice(start, end + 2) });
    at = end + 2;
  }
}

/** Where the `}}` closing an expression opened before `from` is, skipping quoted strings; -1 when there is none before the next `{{` or line of text. */
function closing(text: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\n') return -1;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (text.startsWith('}}', i)) return i;
    else if (text.startsWith('{{', i)) return -1;
  }
  return -1;
}

/** The offset in an expression of its first full-width sign outside a quoted string. */
function firstSlip(expression: string): number | undefined {
  let quote: string | undefined;
  for (let i = 0; i < expression.length; i++) {
    const char = expression[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (HALF_WIDTH[char] !== undefined) {
      return i;
    }
  }
  return undefined;
}

function halfWidth(expression: string): string {
  let quote: string | undefined;
  let result = '';
  for (const char of expression) {
    if (quote) {
      if (char === quote || (quote === '"' && char === '”')) quote = undefined;
      result += char === '”' ? '"' : char;
      continue;
    }
    const replaced = char.replace(SLIP, (s) => HALF_WIDTH[s]!);
    if (replaced === '"' || replaced === "'") quote = replaced;
    result += replaced;
  }
  return result;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/** A block opened and not closed, or closed by another name. */
function blockMismatches(text: string): TemplateIssue[] {
  const open: { name: string; index: number }[] = [];
  for (const expression of expressions(text)) {
    const match = /^\{\{~?\s*([#^/])>?\s*([^\s}~()]+)/.exec(expression.text);
    if (!match) continue;
    const name = match[2]!;
    if (match[1] !== '/') {
      open.push({ name, index: expression.start });
      continue;
    }
    const innermost = open.pop();
    if (!innermost) return [issue(text, expression.start, 'template-syntax', `模板写法有误：{{/${name}}} 前面没有 {{#${name}}}`, `删去这个 {{/${name}}}，或在这一块开始的地方加上 {{#${name} …}}`)];
    if (innermost.name !== name) {
      const opened = position(text, innermost.index);
      return [
        issue(text, expression.start, 'template-syntax', `模板写法有误：这里应是 {{/${innermost.name}}}（第 ${opened.line} 行第 ${opened.column} 列的 {{#${innermost.name}}} 还没有结束），写的是 {{/${name}}}`, `改为 {{/${innermost.name}}}`),
      ];
    }
  }
  const last = open.at(-1);
  if (!last) return [];
  return [issue(text, last.index, 'template-syntax', `模板写法有误：{{#${last.name}}} 没有对应的 {{/${last.name}}}`, `在这一块结束的地方加上 {{/${last.name}}}`)];
}

/** What Handlebars' grammar calls the tokens it expected, as an editor would name them. */
const TOKEN_NAMES: Record<string, string> = {
  ID: '名称',
  STRING: '带引号的文字',
  NUMBER: '数字',
  BOOLEAN: 'true 或 false',
  CLOSE: '}}',
  CLOSE_UNESCAPED: '}}}',
  OPEN_SEXPR: '(',
  CLOSE_SEXPR: ')',
  EQUALS: '=',
  SEP: '. 或 /',
  DATA: '@名称',
  OPEN_BLOCK_PARAMS: 'as |…|',
  OPEN_ENDBLOCK: '{{/…}}',
  EOF: '模板结束',
  INVALID: '无法识别的字符',
};

/**
 * A parse error of Handlebars in Chinese. Handlebars' Exception (block names that do not match)
 * carries its line and column; its grammar's errors carry only a message with the line, an excerpt
 * with a caret, the tokens expected and the one found, which is read here.
 */
export function parseProblem(error: unknown, text: string, hb: typeof Handlebars): TemplateIssue | undefined {
  if (!(error instanceof Error)) return undefined;
  const exception = error as Error & { lineNumber?: number; column?: number };
  if (error instanceof hb.Exception && exception.lineNumber !== undefined) {
    return {
      line: exception.lineNumber,
      column: (exception.column ?? 0) + 1,
      severity: 'error',
      code: 'template-syntax',
      message: '模板写法有误：{{#…}} 与 {{/…}} 的名称不对应',
      hint: '检查 {{#…}} 与 {{/…}} 是否成对、名称是否一致',
    };
  }
  const at = parseErrorPosition(error.message, text);
  if (!at) return undefined;
  const expected = [...(/^Expecting (.*), got '([^']*)'$/m.exec(error.message)?.[1] ?? '').matchAll(/'([^']+)'/g)].map((m) => TOKEN_NAMES[m[1]!]).filter((n) => n !== undefined);
  const got = /got '([^']*)'$/m.exec(error.message)?.[1];
  const wanted = [...new Set(expected)].slice(0, 4);
  return {
    ...at,
    severity: 'error',
    code: 'template-syntax',
    message: `模板写法有误：这里${wanted.length > 0 ? `应是${wanted.join('、')}` : '无法识别'}${got && TOKEN_NAMES[got] ? `，读到的是${TOKEN_NAMES[got]}` : ''}`,
    // The lexer gives up only inside a comment (or a raw block) that never ends.
    hint: error.message.startsWith('Lexical error') ? '{{!-- 开始的注释要以 --}} 结束' : '检查 {{ }} 是否成对、引号是否成对、{{#…}} 是否有对应的 {{/…}}',
  };
}

/**
 * Handlebars' grammar reports "Parse error on line N:", and its lexer "Lexical error on line N.
 * Unrecognized text." (an unclosed `{{!--`), with an excerpt of up to 20 characters each
 * side (line breaks removed) and a caret under the offending token, but no column. The column is
 * where, on line N, the text before the caret ends and the text after it begins.
 */
export function parseErrorPosition(message: string, text: string): { line: number; column: number } | undefined {
  const match = /^(?:Parse error on line (\d+):|Lexical error on line (\d+)\. .*)\n(.*)\n(-*)\^/.exec(message);
  if (!match) return undefined;
  const line = Number(match[1] ?? match[2]);
  const caret = match[4]!.length;
  const before = match[3]!.slice(0, caret).replace(/^\.\.\./, '');
  const after = match[3]!.slice(caret).replace(/\.\.\.$/, '');
  const lineText = text.split(/\r?\n/)[line - 1] ?? '';
  if (match[2] !== undefined) {
    // The lexer's excerpt repeats the start of what it could not read before the caret: only what follows it is placed.
    for (let column = 0; column < lineText.length; column++) {
      const tail = lineText.slice(column);
      if (tail.startsWith(after) || after.startsWith(tail)) return { line, column: column + 1 };
    }
    return { line, column: 1 };
  }
  for (let column = 0; column <= lineText.length; column++) {
    const head = lineText.slice(0, column);
    const tail = lineText.slice(column);
    const headFits = before.endsWith(head) || head.endsWith(before);
    const tailFits = after.startsWith(tail) || tail.startsWith(after);
    if (headFits && tailFits && (head !== '' || before === '' || tail.startsWith(after))) return { line, column: column + 1 };
  }
  return { line, column: 1 };
}
