// Validate stage: the JSON Schemas in schema/ are the one description of each input file; editors
// with the YAML language server use the same files for completion. Here ajv checks a parsed file
// against them and each error becomes a positioned, Chinese diagnostic.

import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import { type Diagnostic, shortened } from '../model/diagnostic.js';
import type { YamlPath, YamlSource } from '../load/yaml-source.js';
import { suggestion } from './suggest.js';
import { fieldName } from './field-name.js';
import { LOG_COLUMNS, TAG_SEPARATORS, type LogColumn } from '../model/log-columns.js';
import { isValidIsoDate, writtenDateAsIso } from '../numbers/index.js';
// Compiled from schema/ by `npm run build` (scripts/schema-validators.mjs), so no run compiles them.
import * as validators from './schema-validators.generated.js';

export type SchemaName = 'summarize' | 'activities' | 'metrics' | 'plan';

const SCHEMA_DIR = new URL('../../schema/', import.meta.url);

/** Every field name the schemas define (organisation, date, metrics …), for rules about typing. */
export function schemaFieldNames(names: readonly SchemaName[]): Set<string> {
  const found = new Set<string>();
  const pending: unknown[] = names.map((name) => JSON.parse(readFileSync(schemaUrl(name), 'utf8')) as unknown);
  while (pending.length > 0) {
    const node = pending.pop();
    if (node === null || typeof node !== 'object') continue;
    const properties = (node as { properties?: unknown }).properties;
    if (properties !== null && typeof properties === 'object') {
      for (const key of Object.keys(properties)) if (key !== '$schema') found.add(key);
    }
    pending.push(...Object.values(node));
  }
  return found;
}

export function schemaUrl(name: SchemaName): URL {
  return new URL(`${name}.schema.json`, SCHEMA_DIR);
}

/** Returns true when the file's value has the schema's shape (so later rules may trust it). */
export function checkSchema(source: YamlSource, name: SchemaName, diagnostics: Diagnostic[]): boolean {
  return checkValue(source, name, source.value, diagnostics).valid;
}

export interface SchemaCheck {
  valid: boolean;
  /**
   * The entries of the top-level list (indices) or map (keys) that have a problem, so rules can
   * still check the others in the same run; undefined when the file as a whole has the wrong shape.
   */
  failedEntries?: Set<string | number>;
}

/** Like checkSchema, for a value the rules have normalised (e.g. full-width digits read as numbers). */
export function checkValue(source: YamlSource, name: SchemaName, value: unknown, diagnostics: Diagnostic[]): SchemaCheck {
  const validate = validators[name];
  if (validate(value)) return { valid: true, failedEntries: new Set() };
  const errors = relevantErrors(validate.errors ?? []);
  for (const error of errors) diagnostics.push(toDiagnostic(source, name, value, error));
  // A name refused by propertyNames is a problem of that entry, not of the map holding it.
  const paths = errors.map((e) => [...pointerToPath(e.instancePath, value), ...(e.keyword === 'propertyNames' ? [String(e.params.propertyName)] : [])]);
  // A problem at the top (wrong type, a missing or unknown top-level field) concerns the whole file.
  if (paths.some((p) => p.length === 0)) return { valid: false };
  return { valid: false, failedEntries: new Set(paths.map((p) => p[0]!)) };
}

/**
 * A failed `oneOf` also reports each branch's failure, and a failed `propertyNames` the pattern
 * the name failed; users only need the summary.
 */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  return errors.filter(
    (e) => (e.keyword === 'oneOf' || !oneOfPaths.has(e.instancePath)) && !(e.keyword !== 'propertyNames' && 'propertyName' in e),
  );
}

/** Text that is only blank: the schemas say `"pattern": "\\S"` for text that must have content. */
const NOT_BLANK = '\\S';
const DIGITS = /[0-9０-９]+(?:[.．][0-9０-９]+)?/g;

function toDiagnostic(source: YamlSource, name: SchemaName, root: unknown, error: ErrorObject): Diagnostic {
  const path = pointerToPath(error.instancePath, root);
  const column = columnNamed(source, path);
  const field = column ?? fieldLabel(path);
  const params = error.params as Record<string, unknown>;
  const value = valueAt(root, path);
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const missingColumn = columnNamed(source, [...path, missing]);
      if (missingColumn !== undefined) return at(source, [...path, missing], false, 'missing-field', `${missingColumn}没有填写`, '这一列每一行都要填写');
      const inChinese = name === 'activities' ? LOG_COLUMNS.find((c) => c.field === missing && value !== null && typeof value === 'object' && Object.hasOwn(value, c.header)) : undefined;
      return at(source, path, false, 'missing-field', `${field}缺少必填字段 ${missing}`, inChinese ? inEnglish(inChinese) : `加上 ${missing}: …`);
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {}).filter((k) => k !== '$schema');
      const headedSo = name === 'activities' ? LOG_COLUMNS.find((c) => c.header === extra) : undefined;
      const hint = headedSo ? inEnglish(headedSo) : (suggestion(extra, known) ?? (known.length > 0 ? `这里可以写的字段有：${known.join('、')}` : '检查拼写，或删除这个字段'));
      return at(source, [...path, extra], true, 'unknown-field', `${field}中有不认识的字段 ${shortened(extra)}`, hint);
    }
    case 'type':
      return typeProblem(source, path, field, String(params.type), value, column !== undefined);
    case 'minimum': {
      // Counts start at 0; an issue number at 1 and a plan's year at 1900, where 0 is no negative number.
      const least = Number(params.limit);
      if (least > 0) return at(source, path, false, 'number-too-small', `${field}不能小于 ${least}：${String(value)}`, `写 ${least} 或更大的数`);
      return at(source, path, false, 'negative-number', `${field}不能是负数：${String(value)}`, '统计数应为 0 或正整数');
    }
    case 'maxLength':
      // An id is typed into every log and named in every hint about it: a paragraph pasted as one made each such hint a paragraph long.
      return at(source, path, false, 'id-too-long', `${field}太长（${String(value).length} 个字符，最多 ${String(params.limit)} 个）：${shortened(String(value))}`, '标识用简短的英文，如 lectures、volunteering');
    case 'minLength':
      return at(source, path, false, 'empty-text', `${field}不能为空`, '填写内容，或删除这个字段');
    case 'minItems':
      return at(source, path, false, 'empty-list', `${field}至少要有一项`, undefined);
    case 'pattern':
      if (params.pattern === NOT_BLANK) return at(source, path, false, 'empty-text', `${field}${value === '' ? '不能为空' : '不能只有空格'}`, '填写内容，或删除这个字段');
      if (path.at(-1) === 'date') return at(source, path, false, 'invalid-date', `${column ?? `${field}的日期`}格式不对：${shortened(String(value))}`, dateHint(String(value)));
      return at(source, path, false, 'invalid-id', `${field}的写法不对：${shortened(String(value))}`, '标识用英文字母开头，只含字母、数字、_、-');
    case 'propertyNames':
      return at(source, [...path, String(params.propertyName)], true, 'invalid-id', `${field}中的名称 ${shortened(String(params.propertyName))} 写法不对`, 'id 用英文字母开头，只含字母、数字、_、-');
    default:
      return at(source, path, false, `schema-${error.keyword}`, `${field}${error.message ?? '不符合格式要求'}`, undefined);
  }
}

/**
 * A spreadsheet's column is headed 日期 or date alike (model/log-columns.ts), and a log typed by
 * someone who keeps one has `日期:`: said once, on the field, rather than as two unrelated problems.
 */
function inEnglish(column: LogColumn): string {
  return `YAML 记录中的字段名用英文：把“${column.header}”改成 ${column.field}`;
}

/** The date as it must be written, when what was typed says which day it is. */
function dateHint(typed: string): string {
  const iso = writtenDateAsIso(typed);
  if (iso !== undefined) return isValidIsoDate(iso) ? `写成 ${iso}（年-月-日，月、日不足两位时前面补 0）` : '没有这一天：检查月和日，写成 2024-05-04 这样的形式';
  if (MONTH_AND_DAY.test(typed)) return '日期要写上年份：写成 2024-05-04 这样的形式（年-月-日）';
  return '写成 2024-05-04 这样的形式（月、日不足两位时前面补 0）';
}

const MONTH_AND_DAY = /^\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*$/u;

/**
 * In a spreadsheet the value at `path` is a cell, named by its row and its column's header as the
 * sheet has it (`第3项的“参加人数”`; the row's number replaces the item's when the problem gets its
 * row, project.ts withTableRows); undefined for a YAML source, or a field with no column.
 */
function columnNamed(source: YamlSource, path: YamlPath): string | undefined {
  const [row, ...field] = path;
  if (!source.columnHeader || typeof row !== 'number' || field.length === 0) return undefined;
  const header = source.columnHeader(path);
  return header === undefined ? undefined : `第${row + 1}项的“${header}”`;
}

function typeProblem(source: YamlSource, path: YamlPath, field: string, expected: string, value: unknown, inCell: boolean): Diagnostic {
  const wanted = TYPE_NAMES[expected] ?? expected;
  if ((expected === 'integer' || expected === 'number') && typeof value === 'string' && /[0-9０-９]/.test(value)) {
    const numbers = value.match(DIGITS) ?? [];
    const hint = numbers.length === 1 ? `写成 ${halfWidth(numbers[0]!)}` : '只写一个数字，说明文字写在 text 中';
    // A cell's text is shown as a cell's, in Chinese quotes; a YAML value as YAML would quote it.
    const typed = inCell ? `“${shortened(value)}”` : shortened(JSON.stringify(value));
    return at(source, path, false, 'number-with-unit', `${field}应是纯数字，不要写单位或文字：${typed}`, hint);
  }
  if (expected === 'integer' && typeof value === 'number') {
    return at(source, path, false, 'non-integer', `${field}应是整数：${value}`, '统计数是场次、人次等整数；如是估计数，写整数');
  }
  if (expected === 'string' && (value === null || value === undefined)) {
    return at(source, path, false, 'empty-text', `${field}不能为空`, '填写内容，或删除这个字段');
  }
  if (path.at(-1) === 'date' && typeof value === 'number') {
    return at(source, path, false, 'invalid-date', `${field}的日期格式不对：${value}`, '写成 2024-05-04 这样的形式');
  }
  if (expected === 'boolean' && typeof value === 'string') {
    if (inCell) return at(source, path, false, 'wrong-type', `${field}应是“是”或“否”，现在是“${shortened(value)}”`, '是重点活动写“是”，不是写“否”或留空');
    return at(source, path, false, 'wrong-type', `${field}应是 true 或 false，现在是 ${shortened(JSON.stringify(value))}`, '是：写 true；否：写 false（或删除这个字段）');
  }
  return at(source, path, false, 'wrong-type', `${field}应是${wanted}，现在是 ${describe(value)}`, typeHint(path, expected, value));
}

/** What to write instead, for the mistakes that are typed: a list written as text, a number in words, a title that YAML read as a number. */
function typeHint(path: YamlPath, expected: string, value: unknown): string | undefined {
  const field = path.at(-1);
  if (expected === 'array' && typeof value === 'string') {
    const items = value.split(TAG_SEPARATORS).map((item) => item.trim()).filter((item) => item !== '');
    return `写成方括号中的列表，各项用半角逗号加空格分开：${typeof field === 'string' ? `${field}: ` : ''}[${shortened(items.join(', '))}]`;
  }
  if ((expected === 'integer' || expected === 'number') && typeof value === 'string') return '用阿拉伯数字写，如 26';
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return `YAML 把它读成了${typeof value === 'number' ? '数字' : ' true/false'}：要当文字，给它加上引号${typeof field === 'string' ? `，如 ${field}: "${String(value)}"` : ''}`;
  }
  return undefined;
}

function halfWidth(digits: string): string {
  return digits.replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

const TYPE_NAMES: Record<string, string> = {
  integer: '整数',
  number: '数字',
  string: '文字',
  boolean: 'true 或 false',
  array: '列表（每项以“- ”开头）',
  object: '字段表（“名称: 值”）',
};

function at(source: YamlSource, path: YamlPath, key: boolean, code: string, message: string, hint: string | undefined): Diagnostic {
  return { ...source.locate(path, { key }), severity: 'error', code, message, ...(hint ? { hint } : {}) };
}

/**
 * The path a JSON pointer into `root` names: a step is a list's index only where the value there
 * is a list. In a map, digits are a key (`targets: {2024: …}`), which messages name as written,
 * not as its 2025th item.
 */
function pointerToPath(pointer: string, root: unknown): YamlPath {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let current = root;
  for (const part of pointer.slice(1).split('/')) {
    const key = part.replaceAll('~1', '/').replaceAll('~0', '~');
    const step = Array.isArray(current) && /^\d+$/.test(key) ? Number(key) : key;
    path.push(step);
    current = current !== null && typeof current === 'object' ? (current as Record<string | number, unknown>)[step] : undefined;
  }
  return path;
}

/** The field as written, followed by a space (messages read `第1项的 title 不能为空`). */
function fieldLabel(path: YamlPath): string {
  return path.length === 0 ? '文件' : `${fieldName(path)} `;
}

function valueAt(value: unknown, path: YamlPath): unknown {
  let current = value;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return '空';
  if (Array.isArray(value)) return '列表';
  if (typeof value === 'object') return '字段表';
  return shortened(JSON.stringify(value));
}
