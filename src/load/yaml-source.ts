// Load stage: parse YAML while keeping where every value came from, so that validation can say
// `file:line:col` and every figure in the document can be traced back to the line that logged it.

import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostic, SourcePosition } from '../model/diagnostic.js';

export type YamlPath = ReadonlyArray<string | number>;

export interface YamlSource {
  file: string;
  /** The plain value, or undefined when the file could not be parsed at all. */
  value: unknown;
  /** Where the value at `path` starts; with `key`, where its key starts (for unknown-key errors). */
  locate(path: YamlPath, options?: { key?: boolean }): SourcePosition;
  diagnostics: Diagnostic[];
}

/** Bounds that keep hostile input (alias bombs, huge documents) from hanging the tool. */
const MAX_ALIAS_EXPANSION = 1000;

export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    // Only plain data: no !!js/function-like tags, no timestamp or binary types.
    schema: 'core',
    customTags: [],
    strict: true,
  });
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const diagnostics: Diagnostic[] = [
    ...doc.errors.map((e) => yamlProblem(at(e.pos[0]), 'error', e.code, e.message)),
    ...doc.warnings.map((w) => yamlProblem(at(w.pos[0]), 'warning', w.code, w.message)),
  ];
  let value: unknown;
  if (doc.errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION });
    } catch (error) {
      // toJS throws only for alias expansion past the bound; report it as the user's problem.
      diagnostics.push(yamlProblem(at(0), 'error', 'alias-bomb', (error as Error).message));
    }
  }
  return {
    file,
    value,
    diagnostics,
    locate: (path, options) => at(offsetOf(doc, path, options?.key ?? false)),
  };
}

function offsetOf(doc: Document, path: YamlPath, wantKey: boolean): number {
  let node: Node | null | undefined = doc.contents;
  let keyOffset: number | undefined;
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
      if (!pair) break;
      keyOffset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof step === 'number') {
      keyOffset = undefined;
      node = node.items[step] as Node | null;
    } else {
      break;
    }
  }
  if (wantKey && keyOffset !== undefined) return keyOffset;
  const start = node?.range?.[0];
  if (start === undefined) return keyOffset ?? 0;
  // Point at a quoted string's first character, so a column inside the text can be added to it.
  const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
  return quoted ? start + 1 : start;
}

function yamlProblem(position: SourcePosition, severity: Diagnostic['severity'], code: string, message: string): Diagnostic {
  const firstLine = message.split('\n')[0] ?? message;
  return {
    ...position,
    severity,
    code: `yaml-${code.toLowerCase().replaceAll('_', '-')}`,
    message: `YAML 格式错误：${firstLine}`,
    hint: YAML_HINTS[code],
  };
}

const YAML_HINTS: Record<string, string> = {
  DUPLICATE_KEY: '同一层级的字段名重复了，请删除或合并其中一个',
  TAB_AS_INDENT: 'YAML 不能用 Tab 缩进，请改成空格',
  BAD_INDENT: '检查这一行的缩进：同一层级的字段要对齐，用空格缩进',
  MISSING_CHAR: '检查引号、括号是否成对',
  BLOCK_AS_IMPLICIT_KEY: '检查上一行是否少了冒号后的空格或引号未闭合',
  MULTILINE_IMPLICIT_KEY: '检查引号是否成对、冒号后是否有空格',
  UNEXPECTED_TOKEN: '检查这一行的标点：YAML 的冒号、短横线要用半角并在后面加空格',
};
