// Validate stage: text from the logs is printed as typed, and an official document uses
// full-width punctuation between Chinese characters (numbers.md: a half-width comma or
// parenthesis inside Chinese text is an error a checker should flag). Warnings, not errors:
// the build still runs.

import type { Diagnostic } from '../model/diagnostic.js';
import type { YamlPath, YamlSource } from '../load/yaml-source.js';

export interface PunctuationProblem {
  /** Index (UTF-16) of the character in the text. */
  offset: number;
  code: string;
  message: string;
  hint: string;
}

const FULL_WIDTH: Record<string, string> = { ',': '，', ';': '；', ':': '：', '(': '（', ')': '）', '?': '？', '!': '！' };
const HAN = /\p{Script=Han}/u;

/** Any character a rule below looks at; text without one (most titles) needs no closer look. */
const SUSPECT = /[,;:()?!"“”]/;
/**
 * The characters the scan of each character below can flag. Most titles with a character of
 * SUSPECT have only Chinese quotes (“返家乡”), which need only the pairing check: the scan, an
 * array of the text's characters, was 4–5 % of a 100k build's workers' CPU.
 */
const HALF_WIDTH = /[,;:()?!"]/;

export function punctuationProblems(text: string): PunctuationProblem[] {
  const problems: PunctuationProblem[] = [];
  if (!SUSPECT.test(text)) return problems;
  if (HALF_WIDTH.test(text)) halfWidthProblems(text, problems);
  const unpaired = unpairedQuote(text);
  if (unpaired !== undefined) {
    const opening = occurrences(text, '“');
    const closing = occurrences(text, '”');
    problems.push({
      offset: unpaired,
      code: 'unpaired-quote',
      message: text[unpaired] === '“' ? `引号不成对：这个前引号 “ 没有对应的后引号 ”（共 ${opening} 个 “、${closing} 个 ”）` : `引号不成对：这个后引号 ” 前面没有前引号 “（共 ${opening} 个 “、${closing} 个 ”）`,
      hint: text[unpaired] === '“' ? '在引用的文字后补上 ”' : '在引用的文字前补上 “，或删除这个 ”',
    });
  }
  return problems;
}

/** Half-width punctuation next to a Chinese character, onto `problems`. */
function halfWidthProblems(text: string, problems: PunctuationProblem[]): void {
  const chars = [...text];
  let offset = 0;
  chars.forEach((char, index) => {
    const replacement = FULL_WIDTH[char];
    if (replacement && (nearHan(chars, index, -1) || nearHan(chars, index, 1))) {
      problems.push({
        offset,
        code: 'half-width-punctuation',
        message: `中文里用了半角标点 “${char}”`,
        hint: `改成全角 “${replacement}”`,
      });
    } else if (char === '"' && (nearHan(chars, index, -1) || nearHan(chars, index, 1))) {
      problems.push({ offset, code: 'half-width-punctuation', message: '中文里用了半角引号 "', hint: '改成中文引号 “ 或 ”' });
    }
    offset += char.length;
  });
}

/** The first “ or ” without its partner, matching them as brackets. */
function unpairedQuote(text: string): number | undefined {
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '“') open.push(i);
    else if (text[i] === '”' && open.pop() === undefined) return i;
  }
  return open[0];
}

function occurrences(text: string, char: string): number {
  return text.split(char).length - 1;
}

function nearHan(chars: string[], index: number, direction: -1 | 1): boolean {
  const neighbour = chars[index + direction];
  return neighbour !== undefined && HAN.test(neighbour);
}

/**
 * Warnings for the text at `path`, each at the exact line and column of the character. Template
 * text ({{sum "lectures"}}) is not prose: with `template`, what is inside {{ }} is skipped.
 */
export function textPunctuationIsChinese(
  source: YamlSource,
  path: YamlPath,
  text: string,
  diagnostics: Diagnostic[],
  options: { template?: boolean } = {},
): void {
  const prose = options.template ? text.replace(/\{\{[\s\S]*?\}\}/g, (m) => ' '.repeat(m.length)) : text;
  for (const found of punctuationProblems(prose)) {
    const position = source.locateInText?.(path, found.offset) ?? source.locate(path);
    diagnostics.push({ ...position, severity: 'warning', code: found.code, message: found.message, hint: found.hint });
  }
}
