// Validate stage: the JSON Schemas in schema/ are the one description of each input file; editors
// with the YAML language server use the same files for completion. Here ajv checks a parsed file
// against them and each error becomes a positioned, Chinese diagnostic.

import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Diagnostic } from '../model/diagnostic.js';
import type { YamlPath, YamlSource } from '../load/yaml-source.js';

export type SchemaName = 'summarize' | 'activities' | 'metrics' | 'plan';

const SCHEMA_DIR = new URL('../../schema/', import.meta.url);
const compiled = new Map<SchemaName, ValidateFunction>();

function validatorFor(name: SchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    const schema = JSON.parse(readFileSync(new URL(`${name}.schema.json`, SCHEMA_DIR), 'utf8')) as object;
    validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
    compiled.set(name, validate);
  }
  return validate;
}

export function schemaUrl(name: SchemaName): URL {
  return new URL(`${name}.schema.json`, SCHEMA_DIR);
}

/** Returns true when the file's value has the schema's shape (so later rules may trust it). */
export function checkSchema(source: YamlSource, name: SchemaName, diagnostics: Diagnostic[]): boolean {
  const validate = validatorFor(name);
  if (validate(source.value)) return true;
  for (const error of relevantErrors(validate.errors ?? [])) {
    diagnostics.push(toDiagnostic(source, error));
  }
  return false;
}

/** A failed `oneOf` also reports each branch's failure; users only need the summary. */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  return errors.filter((e) => e.keyword === 'oneOf' || !oneOfPaths.has(e.instancePath));
}

function toDiagnostic(source: YamlSource, error: ErrorObject): Diagnostic {
  const path = pointerToPath(error.instancePath);
  const field = fieldName(path);
  const params = error.params as Record<string, unknown>;
  const value = valueAt(source.value, path);
  switch (error.keyword) {
    case 'required':
      return at(source, path, false, 'missing-field', `${field}缺少必填字段 ${String(params.missingProperty)}`, `加上 ${String(params.missingProperty)}: …`);
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      return at(source, [...path, extra], true, 'unknown-field', `${field}中有不认识的字段 ${extra}`, '检查拼写，或删除这个字段');
    }
    case 'type':
      if (params.type === 'integer' && typeof value === 'string' && /^\s*[\d０-９]/.test(value)) {
        return at(source, path, false, 'number-with-unit', `${field}应是纯数字，不要写单位或文字：${JSON.stringify(value)}`, `写成 ${value.replace(/[^\d０-９]/g, '') || '数字'}`);
      }
      return at(source, path, false, 'wrong-type', `${field}应是${TYPE_NAMES[String(params.type)] ?? String(params.type)}，现在是 ${describe(value)}`, undefined);
    case 'minimum':
      return at(source, path, false, 'negative-number', `${field}不能是负数：${String(value)}`, '统计数应为 0 或正整数');
    case 'minLength':
      return at(source, path, false, 'empty-text', `${field}不能为空`, '填写内容，或删除这个字段');
    case 'minItems':
      return at(source, path, false, 'empty-list', `${field}至少要有一项`, undefined);
    case 'pattern':
      if (path.at(-1) === 'date') {
        return at(source, path, false, 'invalid-date', `${field}的日期格式不对：${String(value)}`, '写成 2024-05-04 这样的形式');
      }
      return at(source, path, false, 'invalid-id', `${field}的写法不对：${String(value)}`, '标识用英文字母开头，只含字母、数字、_、-');
    case 'propertyNames':
      return at(source, path, true, 'invalid-id', `${field}中的名称写法不对`, '指标 id 用英文字母开头，只含字母、数字、_、-');
    default:
      return at(source, path, false, `schema-${error.keyword}`, `${field}${error.message ?? '不符合格式要求'}`, undefined);
  }
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

function pointerToPath(pointer: string): YamlPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Field names as written in the file, so the user can find them: 第3条记录的 metrics.lectures */
function fieldName(path: YamlPath): string {
  if (path.length === 0) return '文件';
  const parts = path.map((step) => (typeof step === 'number' ? `第${step + 1}项` : step));
  return `${parts.join(' › ')} `;
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
  return JSON.stringify(value);
}
