// Validate stage: values as people type them on a Chinese keyboard → values as meant, before the
// schema sees them. A count typed with the input method still in full-width mode (２６), with a
// space inside (1 200) or in quotes ("26") is plainly a number: it is read as one, with a warning
// saying what was changed, instead of failing the build. Anything else (26场, 约30) is left for
// the schema to report. `metrics:` left empty is read as no figures, with a warning.

import { type Diagnostic, shortened } from '../model/diagnostic.js';
import type { YamlPath, YamlSource } from '../load/yaml-source.js';
import { fieldName } from './field-name.js';

/** Digits, half- or full-width, in groups separated by half- or full-width spaces. */
const TYPED_NUMBER = /^[0-9０-９]+(?:[ \u3000]+[0-9０-９]+)*$/;

/**
 * activities/<year>/*.yaml: each event's `metrics` values. Returns a new list, which holds an
 * event of the input as it is when nothing in it changes; the input is never changed.
 */
export function activitiesAsMeant(source: YamlSource, value: unknown, diagnostics: Diagnostic[]): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((entry: unknown, index) => {
    if (!isPlainObject(entry) || !Object.hasOwn(entry, 'metrics')) return entry;
    const metrics = entry.metrics;
    if (metrics === null || (isPlainObject(metrics) && Object.keys(metrics).length === 0)) {
      diagnostics.push({
        ...source.locate([index, 'metrics'], { key: true }),
        severity: 'warning',
        code: 'empty-metrics',
        message: 'metrics 是空的：这条记录不计入任何指标',
        hint: '填上数字，如 metrics: {lectures: 1}；只需计入活动条数的记录可删除 metrics 这一行',
      });
      return { ...entry, metrics: {} };
    }
    if (!isPlainObject(metrics)) return entry;
    const meant = numbersAsMeant(source, metrics, [index, 'metrics'], diagnostics);
    return meant === metrics ? entry : { ...entry, metrics: meant };
  });
}

/** metrics/<year>.yaml or .csv: metric id → figure. */
export function figuresAsMeant(source: YamlSource, value: unknown, diagnostics: Diagnostic[]): unknown {
  return isPlainObject(value) ? numbersAsMeant(source, value, [], diagnostics) : value;
}

function numbersAsMeant(source: YamlSource, values: Record<string, unknown>, at: YamlPath, diagnostics: Diagnostic[]): Record<string, unknown> {
  // Nearly always every value is a number typed as JavaScript prints it: nothing to read otherwise
  // or to warn about, and the values are kept as the parser made them (nothing changes them later).
  if (source.numbersAsPrinted && onlyNumbers(values)) return values;
  const result: Record<string, unknown> = {};
  for (const [key, written] of Object.entries(values)) {
    if (typeof written === 'number') numberAsRead(source, written, [...at, key], diagnostics);
    const number = typeof written === 'string' ? typedNumber(written) : undefined;
    // defineProperty: a key such as __proto__ stays a plain key, as the parser made it.
    Object.defineProperty(result, key, { value: number ?? written, enumerable: true, writable: true, configurable: true });
    if (number === undefined) continue;
    const path = [...at, key];
    diagnostics.push({
      ...source.locate(path),
      severity: 'warning',
      code: 'number-normalised',
      message: `${fieldName(path)} 的数字${howTyped(written as string)}：“${shortened(written as string)}”，已按 ${number} 读取`,
      hint: '数字用半角（英文输入法）输入，不加引号，中间不加空格',
    });
  }
  return result;
}

/**
 * A number the parser has already read. A number written otherwise than in plain digits (0x1A,
 * 0o17, 1e3, 010, 26.0, +26) is read as YAML says, which may not be what the editor meant: a
 * warning says how.
 */
function numberAsRead(source: YamlSource, read: number, path: YamlPath, diagnostics: Diagnostic[]): void {
  if (source.numbersAsPrinted || refuseInexact(source, read, path, diagnostics)) return;
  const position = source.locate(path);
  const written = writtenToken(source, position);
  if (written !== undefined && written !== String(read) && Number.isInteger(read)) {
    diagnostics.push({
      ...position,
      severity: 'warning',
      code: 'number-notation',
      message: `${fieldName(path)} 写成了 ${written}，已按 ${read} 读取`,
      hint: `数字直接写成 ${read}`,
    });
  }
}

/**
 * JavaScript holds integers exactly only up to 2^53 − 1: a larger one (9007199254740993) is read
 * as its neighbour (…992), and would be printed so. That is an error, at the value (true when
 * there is one): in a log or metrics file, and for an issue number or a target.
 */
export function refuseInexact(source: YamlSource, read: number, path: YamlPath, diagnostics: Diagnostic[], hint = '检查是否多打了数字；确实这么大的数请改用更大的计量单位（如 万人次）'): boolean {
  if (Number.isFinite(read) && (!Number.isInteger(read) || Number.isSafeInteger(read))) return false;
  const position = source.locate(path);
  const written = writtenToken(source, position);
  diagnostics.push({
    ...position,
    severity: 'error',
    code: 'number-too-large',
    message: `${fieldName(path)} 的数字${written === undefined ? '' : ` ${written} `}太大，超出了能精确计算的范围（最大 ${Number.MAX_SAFE_INTEGER}）${Number.isFinite(read) ? `，会被读成 ${read}` : ''}`,
    hint,
  });
  return true;
}

/** The value as typed at `position`, up to the next space, comma, bracket or comment. */
function writtenToken(source: YamlSource, position: { line: number; column: number }): string | undefined {
  const line = linesOf(source)?.[position.line - 1];
  return line === undefined ? undefined : /^[^\s,}\]#]+/.exec(line.slice(position.column - 1))?.[0];
}

/**
 * A file's lines, split once: every number of a file that yaml's tree reads (one with an anchor or
 * a tag) is looked up here, and splitting the whole text for each made checking a log of 6,000
 * events take 110 s.
 */
const sourceLines = new WeakMap<YamlSource, readonly string[]>();

function linesOf(source: YamlSource): readonly string[] | undefined {
  if (source.text === undefined) return undefined;
  let lines = sourceLines.get(source);
  if (!lines) sourceLines.set(source, (lines = source.text.split(/\r?\n/)));
  return lines;
}

/** The number a string of digits stands for, or undefined when it is not only digits. */
export function typedNumber(text: string): number | undefined {
  const trimmed = text.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
  if (!TYPED_NUMBER.test(trimmed)) return undefined;
  const digits = trimmed.replace(/[ \u3000]/g, '').replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const number = Number(digits);
  return Number.isSafeInteger(number) ? number : undefined;
}

function howTyped(text: string): string {
  const ways: string[] = [];
  if (/[０-９]/.test(text)) ways.push('用了全角数字');
  if (/[0-9０-９][ \u3000]+[0-9０-９]/.test(text)) ways.push('中间有空格');
  return ways.length > 0 ? ways.join('、') : '加了引号';
}

function onlyNumbers(values: Record<string, unknown>): boolean {
  for (const key in values) if (typeof values[key] !== 'number') return false;
  return true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

