// Load stage: parse YAML while keeping where every value came from, so that validation can say
// `file:line:col` and every figure in the document can be traced back to the line that logged it.
// Input is plain data typed by hand, so anything beyond plain data is refused with a positioned
// problem rather than interpreted: tags (`!foo`, `!!js/function`, `!!binary`), keys that are
// lists or maps, and documents nested or aliased past fixed bounds (hostile input must not hang
// or crash the tool). Columns count UTF-16 code units from 1, as editors and compilers do.

import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type ErrorCode,
  type Node,
  type Pair,
  type YAMLError,
  type YAMLMap,
} from 'yaml';
import { FAILSAFE_SCHEMA, load as loadPlainYaml, Type, types } from 'js-yaml';
import { type Diagnostic, type SourcePosition, type TableRowContext, shortened } from '../model/diagnostic.js';
import { readLogLines, type ItemStart } from './log-lines.js';

export type YamlPath = ReadonlyArray<string | number>;

export interface YamlSource {
  file: string;
  /** The plain value, or undefined when the file could not be parsed at all. */
  value: unknown;
  /** Where the value at `path` starts; with `key`, where its key starts (for unknown-key errors). */
  locate(path: YamlPath, options?: { key?: boolean }): SourcePosition;
  diagnostics: Diagnostic[];
  /** The text as read (YAML sources only), for rules about how a line was typed. */
  text?: string;
  /**
   * Where the character at `index` of the string at `path` was typed, exactly, in plain, quoted
   * and block text alike (YAML sources only; otherwise use `locate`).
   */
  locateInText?(path: YamlPath, index: number): SourcePosition;
  /** Lines (1-based) that hold the body of a `|` or `>` block text, where any character is text. */
  blockTextLines?: ReadonlySet<number>;
  /**
   * True when every number in the file is typed as JavaScript prints it (26, not 0x1A, 26.0 or
   * +26) and is exact, so no number needs its written form looked up by position.
   */
  numbersAsPrinted?: boolean;
  /**
   * True when the text was read line by line in the one shape logs are typed in (load/log-lines.ts),
   * which holds none of the typing slips validate/typing-slips.ts looks for.
   */
  slipFree?: boolean;
  /** Spreadsheet sources only: the values of the row at `position`, for a problem's code frame. */
  tableRow?(position: SourcePosition): TableRowContext | undefined;
  /**
   * Spreadsheet sources only: the column that holds the value at `path` ([row, field, …]), named as
   * the sheet's header names it (标题, title, 参加人数), for messages to name the column the user
   * sees rather than the YAML field; undefined when the sheet has no such column.
   */
  columnHeader?(path: YamlPath): string | undefined;
}

/**
 * Bounds that keep hostile input from hanging or crashing the tool. A real log nests five levels
 * (list › event › metrics › value); a config seven. An alias may stand for a repeated value, but
 * a "billion laughs" expands to gigabytes: yaml counts expansions and stops at the bound.
 */
const MAX_DEPTH = 64;
const MAX_ALIAS_EXPANSION = 1000;

/** The only explicit tags allowed: the YAML 1.2 core schema's own (`!!str 26` keeps "26" text). */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));
const UNSUPPORTED_TAG = 'yaml-unsupported-tag';

export function parseYamlSource(file: string, text: string): YamlSource {
  // A log in the one shape logs are typed in is read line by line, several times faster than by
  // js-yaml (load/log-lines.ts); what that reads is within the bounds nestingPastBounds checks.
  const log = readLogLines(text);
  if (log) return fastSource(file, text, log.value, { numbersAsPrinted: true, blockText: false, itemStarts: log.itemStarts, slipFree: true });
  const tooDeep = nestingPastBounds(file, text);
  if (tooDeep) return { file, value: undefined, text, locate: () => ({ file, line: 1, column: 1 }), diagnostics: [tooDeep] };
  return parsePlainData(file, text) ?? parseWithPositions(file, text);
}

/**
 * The fast path for anything else. yaml's syntax tree gives every position but costs ~45 bytes of memory per byte
 * of input and most of a large build's time (100k events: 10 s of 21 s, 1.5 GB); js-yaml reads the
 * same plain data ten times faster. Most log files are plain data that validate without a
 * problem, and then only each event's line is needed, which a scan of the text gives. So a file
 * with nothing beyond plain data is read with js-yaml, and yaml's tree is built only if a
 * position inside an event is asked for (a problem is being reported). A file that uses anything
 * else (anchors, aliases, tags, explicit keys, binary numbers), or that js-yaml cannot read, takes
 * the full path, whose messages and checks are the reference.
 */
const BEYOND_PLAIN_DATA = /(?:^|[\s[{,])[&*!?](?=[\s\w!<-]|$)|:\s+0b[01]/m;
/**
 * Block text (`|`, `>`): js-yaml reads it as yaml does (test/load/yaml-fast-path.test.ts holds the
 * two equal on every example and fixture); which lines it spans, which the typing-slip check asks
 * of every file, is found on the text (blockScalarLines) only in a file that may have some.
 */
const BLOCK_TEXT = /(?:^|[\s[{,])[|>](?=[\s\w!<+-]|$)|^\s*[-?]?\s*[|>]/m;
const NO_LINES: ReadonlySet<number> = new Set();

/**
 * A block scalar's header (`|`, `>-`, `|2`…) ending a line, with what comes before it: sequence
 * indentation, sequence dashes, a key (group 1), then properties; groups 2 and 3 hold an explicit
 * indentation, if any.
 */
const BLOCK_HEADER = /^( *(?:- +)*(?:(?:[^\s#'"{[\]},&*!|>%@`-][^#]*?|"(?:[^"\\]|\\.)*"|'(?:[^']|'')*') *: +)?)(?:[&!]\S* +)*[|>](?:([1-9])[+-]?|[+-]([1-9])?)?(?: +#.*)?$/;

/**
 * The lines of block text (`|`, `>`), found on the text as YAML bounds them: a header's following
 * lines while blank or indented at least as the first of them, which must be deeper than the key
 * or dash that owns the block. On a valid file yaml's syntax tree gives the same lines
 * (test/load/yaml-fast-path.test.ts), but building it cost about 13 ms per summarize.yaml, for
 * each config of a roll-up, on every build; on a broken file its recovery can stretch a block over
 * the line after it, whose slip (validate/typing-slips.ts) would then go unreported.
 */
function blockScalarLines(text: string): ReadonlySet<number> {
  const lines = text.split(/\r?\n/);
  const found = new Set<number>();
  let index = 0;
  while (index < lines.length) {
    const header = BLOCK_HEADER.exec(lines[index]!);
    index++;
    if (!header) continue;
    const prefix = header[1]!;
    const dashes = /^ *(?:- +)*/.exec(prefix)![0];
    // A key's column; with no key, the last dash's; with neither, the document's (-1).
    const owner = dashes.length < prefix.length ? dashes.length : prefix === '' ? -1 : prefix.trimEnd().length - 1;
    const explicit = header[2] ?? header[3];
    let depth = explicit === undefined ? undefined : owner + Number(explicit);
    for (; index < lines.length; index++) {
      const line = lines[index]!;
      if (/^[ \t]*$/.test(line)) {
        found.add(index + 1);
        continue;
      }
      const indent = line.length - line.replace(/^ */, '').length;
      depth ??= indent > owner ? indent : Infinity;
      if (indent < depth) break;
      found.add(index + 1);
    }
  }
  return found;
}

function parsePlainData(file: string, text: string): YamlSource | undefined {
  const plain = plainYamlValue(text);
  if (!plain) return undefined;
  const { value, numbersAsPrinted } = plain;
  const itemStarts = Array.isArray(value) ? topLevelItemStarts(text, value.length) : undefined;
  return fastSource(file, text, value, { numbersAsPrinted, blockText: BLOCK_TEXT.test(text), itemStarts, slipFree: false });
}

/**
 * What yaml's core schema reads from a file of plain data, read by js-yaml, and whether every
 * number in it reads back as typed (YamlSource.numbersAsPrinted); undefined when the file holds
 * anything beyond plain data or js-yaml refuses it (a duplicate key among others), for yaml to
 * read and to say why.
 */
export function plainYamlValue(text: string): { value: unknown; numbersAsPrinted: boolean } | undefined {
  if (BEYOND_PLAIN_DATA.test(text)) return undefined;
  numbersTypedOtherwise = 0;
  try {
    // The core schema: the same types as yaml's 'core' (dates stay text); duplicate keys throw.
    // js-yaml reads a file with no document at all (empty, only spaces) as undefined, which here
    // means "could not be read"; yaml reads it as null, like a file holding only `null`.
    const value: unknown = loadPlainYaml(text, { schema: CORE_SCHEMA_NOTING_NUMBERS, json: false }) ?? null;
    return { value, numbersAsPrinted: numbersTypedOtherwise === 0 };
  } catch {
    return undefined;
  }
}

/**
 * A source read without yaml's tree: events are found at `itemStarts` (when known), and yaml's tree
 * is built only if a position inside an event is asked for.
 */
function fastSource(
  file: string,
  text: string,
  value: unknown,
  { numbersAsPrinted, blockText, itemStarts, slipFree }: { numbersAsPrinted: boolean; blockText: boolean; itemStarts: ItemStart[] | undefined; slipFree: boolean },
): YamlSource {
  let full: YamlSource | undefined;
  const withPositions = () => (full ??= parseWithPositions(file, text));
  let lines: ReadonlySet<number> | undefined;
  let keyLines: ReadonlyMap<string, number> | undefined | null;
  const keyLine = (key: string) => (keyLines ??= topLevelKeyLines(text, value) ?? null)?.get(key);
  return {
    file,
    value,
    diagnostics: [],
    text,
    get blockTextLines() {
      return blockText ? (lines ??= blockScalarLines(text)) : NO_LINES;
    },
    numbersAsPrinted,
    slipFree,
    locate: (path, options) => {
      const item = path.length === 1 && typeof path[0] === 'number' && !options?.key ? itemStarts?.[path[0]] : undefined;
      if (item) return { file, ...item };
      const line = path.length === 1 && typeof path[0] === 'string' && options?.key ? keyLine(path[0]) : undefined;
      return line === undefined ? withPositions().locate(path, options) : { file, line, column: 1 };
    },
    locateInText: (path, index) => withPositions().locateInText!(path, index),
  };
}

/**
 * js-yaml's core schema, with its numbers counting those not typed as JavaScript prints them. The
 * check of how a number was typed (validate/as-typed) needs each number's position, and asking
 * for one builds yaml's whole tree; when every number reads back as typed, none is asked for.
 * js-yaml constructs values synchronously within one load, so one counter serves.
 */
let numbersTypedOtherwise = 0;
function notingNumbersTypedOtherwise(type: InstanceType<typeof Type>): InstanceType<typeof Type> {
  return new Type(type.tag, {
    kind: 'scalar',
    resolve: type.resolve,
    construct: (data: string) => {
      const read: unknown = type.construct(data);
      const exactAsTyped = typeof read === 'number' && (Number.isSafeInteger(read) ? String(read) === data : Number.isFinite(read) && !Number.isInteger(read));
      if (!exactAsTyped) numbersTypedOtherwise++;
      return read;
    },
    predicate: type.predicate ?? undefined,
    represent: type.represent ?? undefined,
    defaultStyle: type.defaultStyle ?? undefined,
  });
}
const CORE_SCHEMA_NOTING_NUMBERS = FAILSAFE_SCHEMA.extend({
  implicit: [types.null, types.bool, notingNumbersTypedOtherwise(types.int), notingNumbersTypedOtherwise(types.float)],
});

/**
 * The line of each key of a mapping at the top of a file (a metrics file's `id: figure` lines,
 * whose keys are every figure's source), when a scan of the lines finds exactly the keys js-yaml
 * read: every line starting in column 1 that is no comment holds one plain key, and each key is
 * on one such line. Anything else (a quoted key, a document marker, a flow mapping, a value
 * continued at column 1) is left to yaml's tree.
 */
function topLevelKeyLines(text: string, value: unknown): Map<string, number> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = new Set(Object.keys(value));
  const lines = new Map<string, number>();
  const texts = text.split('\n');
  for (let index = 0; index < texts.length; index++) {
    const typed = texts[index]!;
    if (/^(?:[ \t#\r]|$)/.test(typed)) continue;
    const key = PLAIN_TOP_LEVEL_KEY.exec(typed)?.[1];
    if (key === undefined || !keys.has(key) || lines.has(key)) return undefined;
    lines.set(key, index + 1);
  }
  return lines.size === keys.size ? lines : undefined;
}
/** A plain key at column 1, up to the colon that ends it (spaces before the colon are not part of it). */
const PLAIN_TOP_LEVEL_KEY = /^([^\s'"#:&*!|>%@`{}[\],?-][^:]*?) *:(?:[ \t\r]|$)/;

/**
 * Where each item of a top-level block list starts: its `- ` marker at the line start, the
 * position being that of the item's first character, as yaml gives it. Undefined when the count
 * of markers is not the count of items (a flow list, a `- ` inside continued text): then the
 * full parse answers.
 */
function topLevelItemStarts(text: string, count: number): ItemStart[] | undefined {
  const starts: ItemStart[] = [];
  const marker = /^-(?:[ \t]+|$)/gm;
  let line = 1;
  let counted = 0;
  for (let match = marker.exec(text); match; match = marker.exec(text)) {
    for (let i = text.indexOf('\n', counted); i >= 0 && i < match.index; i = text.indexOf('\n', i + 1)) {
      line++;
      counted = i + 1;
    }
    const rest = text.charCodeAt(match.index + match[0].length);
    // `-` alone on its line: the item starts on a later line, which the scan does not follow.
    if (Number.isNaN(rest) || rest === 0x0a || rest === 0x0d || rest === 0x23) return undefined;
    starts.push({ line, column: match[0].length + 1 });
    if (starts.length > count) return undefined;
  }
  return starts.length === count ? starts : undefined;
}

/** The full path: yaml's syntax tree, every position, every check. */
export function parseWithPositions(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    // Duplicate keys are found below in linear time; yaml's own check is quadratic in the number
    // of keys of a map (300 000 keys took minutes).
    uniqueKeys: false,
    prettyErrors: false,
    // Only plain data: no !!binary, !!timestamp, !!set or custom tags, whatever the %YAML version.
    schema: 'core',
    customTags: [],
    resolveKnownTags: false,
    merge: false,
    strict: true,
  });
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { file, line, column: col };
  };
  const tree: Diagnostic[] = [];
  const walk = walkTree(doc, text, at, tree, doc.warnings.some((w) => w.code === 'TAG_RESOLVE_FAILED'));
  const diagnostics = [
    ...oncePerLine([
      ...withoutCascade(doc.errors.map((e) => parserProblem(e, 'error', text, walk, at))),
      ...doc.warnings.map((w) => parserProblem(w, w.code === 'TAG_RESOLVE_FAILED' ? 'error' : 'warning', text, walk, at)),
    ]),
    ...tree,
  ];
  let value: unknown;
  if (!diagnostics.some((d) => d.severity === 'error')) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION });
    } catch (error) {
      // yaml throws a ReferenceError when aliases expand past the bound; anything else is a bug.
      if (!(error instanceof ReferenceError)) throw error;
      diagnostics.push({
        ...at(walk.firstAlias ?? 0),
        severity: 'error',
        code: 'yaml-alias-bomb',
        message: 'YAML 格式错误：别名（*名称）展开后内容过多，文件不能读取',
        hint: '活动记录中不需要锚点（&名称）和别名（*名称），请把内容直接写出',
      });
    }
  }
  const locate = (path: YamlPath, options?: { key?: boolean }): SourcePosition => {
    const found = find(doc, path);
    if (options?.key && found.keyOffset !== undefined) return at(found.keyOffset);
    const start = found.node?.range?.[0];
    if (start === undefined) return at(found.keyOffset ?? 0);
    return at(contentStart(found.node!, text));
  };
  return {
    file,
    value,
    diagnostics,
    text,
    locate,
    blockTextLines: blockScalarLines(text),
    locateInText: (path, index) => {
      const offset = offsetInText(find(doc, path).node, text, index);
      return offset === undefined ? locate(path) : at(offset);
    },
  };
}

/**
 * yaml's composer is recursive. It catches its own stack overflow, but V8 compiles a regular
 * expression lazily on first use, and one first used thousands of frames deep aborts the whole
 * process ("RegExpCompiler Allocation failed"), which no catch can stop: a 20 KB line of
 * `- - - - …` did. So nesting is bounded on the text, before yaml sees it. Each level of block
 * nesting takes at least one column of indentation or a `- `, `? `, `: ` marker, and each level of
 * flow nesting a `[` or `{`; a real log needs a dozen columns and one bracket.
 */
const MAX_INDENT_COLUMNS = 2 * MAX_DEPTH;

function nestingPastBounds(file: string, text: string): Diagnostic | undefined {
  let line = 1;
  let lineStart = 0;
  let flowDepth = 0;
  let atLineStart = true;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (atLineStart) {
      atLineStart = false;
      if (blockPrefixPastBounds(text, i)) return tooDeepAt(file, line, MAX_INDENT_COLUMNS + 1, `缩进超过 ${MAX_INDENT_COLUMNS} 列`);
    }
    if (char === 0x0a) {
      line++;
      lineStart = i + 1;
      atLineStart = true;
    } else if (char === 0x5b || char === 0x7b) {
      if (++flowDepth > MAX_DEPTH) return tooDeepAt(file, line, i - lineStart + 1, `方括号或花括号嵌套超过 ${MAX_DEPTH} 层`);
    } else if ((char === 0x5d || char === 0x7d) && flowDepth > 0) {
      flowDepth--;
    }
  }
  return undefined;
}

/**
 * Whether the line starting at `start` opens with more than MAX_INDENT_COLUMNS columns of spaces
 * and `- `, `? `, `: ` markers. Read character by character: a slice and a regular expression per
 * line cost a tenth of a second at 100k events.
 */
function blockPrefixPastBounds(text: string, start: number): boolean {
  let end = start;
  while (end - start <= MAX_INDENT_COLUMNS) {
    const char = text.charCodeAt(end);
    if (char === 0x20) end++;
    else if ((char === 0x2d || char === 0x3f || char === 0x3a) && text.charCodeAt(end + 1) === 0x20) end += 2;
    else return false;
  }
  return true;
}

function tooDeepAt(file: string, line: number, column: number, what: string): Diagnostic {
  return {
    file,
    line,
    column,
    severity: 'error',
    code: 'yaml-too-deep',
    message: `YAML 格式错误：${what}，层次太深，文件不能读取`,
    hint: '活动记录只需几层：列表 › 一条记录 › metrics › 数字；请检查缩进和括号',
  };
}

/**
 * Once yaml has met a slip it cannot read past (`-date:` with no space after the dash, a `]` too
 * many), it reports an unexpected token on nearly every line after it: 195 errors for one missing
 * space in a 200-line log, which hid the one to fix. The lines after the first problem are counted
 * in its hint instead; a later slip of its own shows when the file is checked again.
 */
function withoutCascade(problems: Diagnostic[]): Diagnostic[] {
  const first = problems.reduce<Diagnostic | undefined>((earliest, p) => (!earliest || p.line < earliest.line || (p.line === earliest.line && p.column < earliest.column) ? p : earliest), undefined);
  if (!first) return problems;
  const cascade = new Set(problems.filter((p) => p.code === UNEXPECTED_TOKEN && p.line !== first.line).map((p) => p.line));
  if (cascade.size === 0) return problems;
  const after = `之后 ${cascade.size} 行的“多余的或位置不对的符号”多半由这一处引起，改正这一处后再检查一遍`;
  return [{ ...first, hint: first.hint ? `${first.hint}；${after}` : after }, ...problems.filter((p) => p !== first && !(p.code === UNEXPECTED_TOKEN && p.line !== first.line))];
}

const UNEXPECTED_TOKEN = 'yaml-unexpected-token';

/**
 * yaml often reports one slip several times on a line (a tag at the tag and at its value; a bad
 * indent as two kinds of key error); the first is enough to find it.
 */
function oncePerLine(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.line}:${d.severity}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A quote or bracket opened and never closed. */
interface Unclosed {
  /** Offset of the opening quote or bracket: what the user has to close. */
  start: number;
  opener: '"' | "'" | '[' | '{';
}

interface Walked {
  /**
   * Unclosed quoted text and [ ] / { } collections, by the offset where yaml ends them, which is
   * where it reports the missing character (the end of the text); the outermost one per offset.
   */
  unclosed: Map<number, Unclosed>;
  /** Where each key of a block map written with no `:` after it starts (yaml reports it there). */
  keysWithoutValue: Set<number>;
  /** Start and end offsets of every [ ] and { } collection. */
  flowRanges: [number, number][];
  firstAlias?: number;
}

/**
 * One pass over the syntax tree, without recursion (a deep document must not overflow the
 * stack): bounds the depth, refuses tags and non-scalar keys, and finds duplicate keys.
 */
function walkTree(doc: Document, text: string, at: (offset: number) => SourcePosition, diagnostics: Diagnostic[], tagsReported: boolean): Walked {
  const walked: Walked = { unclosed: new Map(), keysWithoutValue: new Set(), flowRanges: [] };
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 1 }];
  let tooDeep = false;
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (isAlias(node)) {
      walked.firstAlias = Math.min(walked.firstAlias ?? Infinity, node.range?.[0] ?? 0);
      continue;
    }
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) continue;
    const start = node.range?.[0] ?? 0;
    if (node.tag !== undefined && !CORE_TAGS.has(node.tag) && !tagsReported) {
      // yaml reports every tag it cannot resolve; this catches one it might resolve after all.
      diagnostics.push(yamlProblem(at(start), 'error', 'TAG_RESOLVE_FAILED', unsupportedTag(node.tag)));
    }
    if (isScalar(node)) {
      if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && node.range && !quoteClosed(text, node.range[0], node.range[1])) {
        walked.unclosed.set(node.range[1], { start: node.range[0], opener: node.type === 'QUOTE_DOUBLE' ? '"' : "'" });
      }
      continue;
    }
    if (depth > MAX_DEPTH) {
      if (!tooDeep) {
        tooDeep = true;
        diagnostics.push({
          ...at(start),
          severity: 'error',
          code: 'yaml-too-deep',
          message: `YAML 格式错误：层次嵌套超过 ${MAX_DEPTH} 层，文件不能读取`,
          hint: '活动记录只需几层：列表 › 一条记录 › metrics › 数字；请检查缩进和括号',
        });
      }
      continue;
    }
    if (node.flow && node.range) {
      const [, end] = node.range;
      walked.flowRanges.push([start, end]);
      const closer = isMap(node) ? '}' : ']';
      // The outermost collection ending at an offset is the one a missing bracket left open.
      if (text[end - 1] !== closer && start < (walked.unclosed.get(end)?.start ?? Infinity)) walked.unclosed.set(end, { start, opener: isMap(node) ? '{' : '[' });
    }
    if (isMap(node)) {
      duplicateKeys(node, at, diagnostics);
      for (const pair of node.items) {
        if (!node.flow && pair.value === null && isScalar(pair.key) && pair.key.range) walked.keysWithoutValue.add(pair.key.range[0]);
        stack.push({ node: pair.key, depth: depth + 1 }, { node: pair.value, depth: depth + 1 });
      }
    } else {
      for (const item of node.items) {
        // A flow sequence may hold single pairs ([a: 1]); walk their parts.
        if (isPair(item)) stack.push({ node: item.key, depth: depth + 1 }, { node: item.value, depth: depth + 1 });
        else stack.push({ node: item, depth: depth + 1 });
      }
    }
  }
  return walked;
}

function duplicateKeys(map: YAMLMap, at: (offset: number) => SourcePosition, diagnostics: Diagnostic[]): void {
  const seen = new Map<string, number>();
  for (const pair of map.items) {
    const key = pair.key as unknown;
    if (key === null || key === undefined) continue;
    if (!isScalar(key)) {
      const offset = (key as Node).range?.[0] ?? map.range?.[0] ?? 0;
      diagnostics.push({
        ...at(offset),
        severity: 'error',
        code: 'yaml-non-scalar-key',
        message: 'YAML 格式错误：字段名只能是文字，这里是列表、字段表或别名',
        hint: '字段名写成 名称: 值 的形式',
      });
      continue;
    }
    const name = String(key.value);
    const offset = key.range?.[0] ?? 0;
    const first = seen.get(name);
    if (first === undefined) {
      seen.set(name, offset);
      continue;
    }
    diagnostics.push({
      ...at(offset),
      severity: 'error',
      code: 'yaml-duplicate-key',
      message: `YAML 格式错误：字段名 ${shortened(name)} 重复（第 ${at(first).line} 行已有）`,
      hint: YAML_HINTS.DUPLICATE_KEY,
    });
  }
}

/** Maps already searched, by key: a log's list is indexed, but a metrics map may be long. */
const keyIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

function pairOf(map: YAMLMap, step: string | number): Pair | undefined {
  let index = keyIndex.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items) {
      if (!isScalar(pair.key)) continue;
      const name = String(pair.key.value);
      if (!index.has(name)) index.set(name, pair);
    }
    keyIndex.set(map, index);
  }
  return index.get(String(step));
}

function find(doc: Document, path: YamlPath): { node: Node | null | undefined; keyOffset?: number } {
  let node: Node | null | undefined = doc.contents;
  let keyOffset: number | undefined;
  for (const step of path) {
    if (isMap(node)) {
      const pair = pairOf(node, step);
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
  return { node, ...(keyOffset !== undefined ? { keyOffset } : {}) };
}

/** A quoted string's first character (so a column inside the text can be added to it). */
function contentStart(node: Node, text: string): number {
  const start = node.range![0];
  if (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')) return start + 1;
  if (isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED')) return blockBodyStart(node, text);
  return start;
}

function blockBodyStart(node: Node, text: string): number {
  const [start, end] = node.range!;
  const newline = text.indexOf('\n', start);
  if (newline < 0 || newline >= end) return start;
  // The first non-space character of the body.
  let offset = newline + 1;
  while (offset < end && (text[offset] === ' ' || text[offset] === '\r' || text[offset] === '\n')) offset++;
  return offset;
}

/**
 * The offset in the file of the character at `index` of a string value. YAML removes indentation,
 * folds line breaks and resolves escapes, so offsets inside the value and the file differ; but
 * none of that adds or removes the punctuation and quotes the rules look for. So the n-th
 * occurrence of the character in the value is its n-th occurrence in the scalar's source text.
 * When the counts differ (an escape such as \u201c), there is no exact answer: undefined.
 */
function offsetInText(node: Node | null | undefined, text: string, index: number): number | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  const value = node.value;
  const char = value[index];
  if (char === undefined) return undefined;
  const from = contentStart(node, text);
  const source = text.slice(from, node.range[1]);
  const before = occurrences(value.slice(0, index), char);
  if (occurrences(value, char) !== occurrences(source, char)) return undefined;
  let offset = -1;
  for (let n = 0; n <= before; n++) offset = source.indexOf(char, offset + 1);
  return offset < 0 ? undefined : from + offset;
}

function occurrences(text: string, char: string): number {
  let count = 0;
  for (let i = text.indexOf(char); i >= 0; i = text.indexOf(char, i + char.length)) count++;
  return count;
}

/**
 * A problem yaml found, in Chinese, from its structured data: the error code, and what the syntax
 * tree holds at the error's offset (an unclosed quote or bracket ends there, a key without `:`
 * starts there, a tag is written there). yaml's English message is never read.
 */
function parserProblem(error: YAMLError, severity: Diagnostic['severity'], text: string, walk: Walked, at: (offset: number) => SourcePosition): Diagnostic {
  const [offset, end] = error.pos;
  // yaml reports an unclosed quote or bracket where the text ends; the one opened is what to fix.
  const unclosed = error.code === 'MISSING_CHAR' || error.code === 'BAD_INDENT' ? walk.unclosed.get(offset) : undefined;
  if (unclosed) return yamlProblem(at(unclosed.start), severity, 'MISSING_CHAR', UNCLOSED[unclosed.opener]);
  switch (error.code) {
    case 'MISSING_CHAR': {
      const inFlow = walk.flowRanges.some(([from, to]) => from < offset && offset < to);
      const what = walk.keysWithoutValue.has(offset) ? '字段名后面缺少半角冒号 “:”' : inFlow ? '方括号 [ ] 或花括号 { } 中缺少逗号、冒号或空格' : '缺少必要的符号（冒号、空格或列表的短横线）';
      return yamlProblem(at(offset), severity, error.code, what);
    }
    case 'TAG_RESOLVE_FAILED':
      return yamlProblem(at(offset), severity, error.code, unsupportedTag(text.slice(offset, end)));
    case 'BLOCK_AS_IMPLICIT_KEY':
      if (colonInValue(text, offset)) {
        return { ...yamlProblem(at(offset), severity, error.code, '这段文字中有半角冒号加空格“: ”，被当成了又一个字段'), hint: '把文字中的“: ”改成全角冒号“：”，或给整段文字加上引号' };
      }
      return yamlProblem(at(offset), severity, error.code, YAML_MESSAGES[error.code]);
    default:
      return yamlProblem(at(offset), severity, error.code, YAML_MESSAGES[error.code]);
  }
}

/**
 * `title: 主题宣讲: 走进社区`: the value at `offset` follows a field's `key: ` on its line and holds
 * a `: ` of its own, which YAML reads as a mapping inside the value. Chinese text means the colon.
 */
function colonInValue(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset);
  return FIELD_BEFORE_VALUE.test(text.slice(lineStart, offset)) && COLON_IN_TEXT.test(text.slice(offset, lineEnd < 0 ? text.length : lineEnd));
}

const FIELD_BEFORE_VALUE = /^ *(?:- +)?[^\s#:][^#:]*: +$/;
const COLON_IN_TEXT = /:(?: |\r?$)/;

function yamlProblem(position: SourcePosition, severity: Diagnostic['severity'], code: ErrorCode, message: string): Diagnostic {
  const hint = YAML_HINTS[code];
  return {
    ...position,
    severity,
    code: code === 'TAG_RESOLVE_FAILED' ? UNSUPPORTED_TAG : `yaml-${code.toLowerCase().replaceAll('_', '-')}`,
    message: `YAML 格式错误：${message}`,
    ...(hint ? { hint } : {}),
  };
}

/** A tag as written (`!foo`) or as resolved (`tag:yaml.org,2002:binary`, shown as `!!binary`). */
function unsupportedTag(tag: string): string {
  const written = tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
  return `不支持 YAML 标签 ${shortened(written)}，活动记录只能写普通的文字、数字、列表和字段`;
}

const UNCLOSED: Record<Unclosed['opener'], string> = {
  '"': '双引号 " 没有闭合',
  "'": "单引号 ' 没有闭合",
  '[': '方括号 [ 没有闭合',
  '{': '花括号 { 没有闭合',
};

/**
 * Whether quoted text starting at `start` and ending at `end` has its closing quote: a `"` after an
 * even number of backslashes, or an odd run of `'` (two of them are one quote inside the text).
 */
function quoteClosed(text: string, start: number, end: number): boolean {
  const quote = text[start];
  if (end - start < 2 || text[end - 1] !== quote) return false;
  let run = 0;
  const repeated = quote === '"' ? '\\' : "'";
  const from = quote === '"' ? end - 2 : end - 1;
  for (let i = from; i > start && text[i] === repeated; i--) run++;
  return quote === '"' ? run % 2 === 0 : run % 2 === 1;
}

const YAML_MESSAGES: Record<string, string> = {
  ALIAS_PROPS: '别名（*名称）不能再加锚点或标签',
  BAD_ALIAS: '别名（*名称）引用了没有定义的锚点',
  BAD_DIRECTIVE: '不认识的 % 指令',
  BAD_DQ_ESCAPE: '双引号中的反斜杠 \\ 转义写法不对',
  BAD_INDENT: '缩进不对',
  BAD_PROP_ORDER: '锚点或标签的位置不对',
  BAD_SCALAR_START: '这个值不能以这个符号开头',
  BLOCK_AS_IMPLICIT_KEY: '这一行不能作为字段名：可能缩进不对，或上一行缺少冒号',
  BLOCK_IN_FLOW: '方括号 [ ] 或花括号 { } 中不能换行写列表或字段',
  DUPLICATE_KEY: '字段名重复',
  IMPOSSIBLE: '无法解析这里的内容',
  KEY_OVER_1024_CHARS: '字段名太长（超过 1024 个字符）',
  MULTILINE_IMPLICIT_KEY: '字段名不能跨行：可能上一行的引号没有闭合，或冒号后缺少空格',
  MULTIPLE_ANCHORS: '一个值只能有一个锚点（&名称）',
  MULTIPLE_DOCS: '一个文件只能有一份内容，这里出现了第二份（“---”分隔线之后）',
  MULTIPLE_TAGS: '一个值只能有一个标签',
  NON_STRING_KEY: '字段名只能是文字',
  RESOURCE_EXHAUSTION: '层次嵌套太深，文件不能读取',
  TAB_AS_INDENT: '用了 Tab 缩进',
  UNEXPECTED_TOKEN: '这里有多余的或位置不对的符号',
  BAD_COLLECTION_TYPE: '列表或字段表的写法不对',
};

const YAML_HINTS: Partial<Record<ErrorCode, string>> = {
  DUPLICATE_KEY: '同一层级的字段名重复了，请删除或合并其中一个',
  TAB_AS_INDENT: 'YAML 不能用 Tab 缩进，请改成空格',
  BAD_INDENT: '检查这一行的缩进：同一层级的字段要对齐，用空格缩进',
  MISSING_CHAR: '检查引号、括号是否成对，字段名后是否有半角冒号和空格',
  BLOCK_AS_IMPLICIT_KEY: '检查上一行是否少了冒号后的空格或引号未闭合',
  MULTILINE_IMPLICIT_KEY: '检查引号是否成对、冒号后是否有空格',
  UNEXPECTED_TOKEN: '检查这一行的标点：YAML 的冒号、短横线要用半角并在后面加空格',
  BAD_SCALAR_START: '以 @、` 等符号开头的文字要加引号',
  MULTIPLE_DOCS: '删除“---”分隔线，或把第二份内容移到另一个文件',
  TAG_RESOLVE_FAILED: '删除以 ! 开头的标签，直接写值',
  RESOURCE_EXHAUSTION: '检查缩进和括号：活动记录只需几层',
  BAD_DQ_ESCAPE: '双引号中的 \\ 要写成 \\\\，或改用单引号',
};
