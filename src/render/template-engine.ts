// Render stage: the Handlebars environment that templates, partials and the summaries written in
// summarize.yaml run in. It keeps three promises to editors:
//  - every mistake is reported at its file, line and column (a partial's mistake in the partial's
//    file; a summary's inside summarize.yaml), as a diagnostic, so one run lists them all;
//  - a reference to a variable that does not exist is reported (a warning, an error with --strict)
//    instead of silently printing nothing;
//  - templates cannot run code or read files: only the registered helpers and partials exist,
//    values are never compiled as template text, and Handlebars' prototype-access protections
//    (allowProtoPropertiesByDefault / allowProtoMethodsByDefault false) stay on.
//
// Missing variables: templates are compiled with Handlebars' documented `strict` option, under which
// a mustache that prints a missing field (`{{document.titel}}`) calls the runtime's `strict`
// lookup, while a helper argument (`{{#if opening}}`) may be absent. Handlebars' own lookup throws
// on the first miss; to report every miss and keep rendering, each compiled template's runtime
// container gets a `strict` lookup that records the miss and prints nothing (and a null-safe
// `lookupProperty`, which strict mode calls without its usual null checks). Both are fields of
// the Handlebars 4 runtime container; test/render-templates.test.ts pins the behaviour.

import Handlebars from 'handlebars';
import type { HelperOptions } from 'handlebars';
import type { Diagnostic } from '../model/diagnostic.js';
import { suggestion } from '../validate/suggest.js';
import { TemplateProblem } from './helpers.js';

/** A piece of template text and where it came from. */
export interface TemplateText {
  /** Shown in messages. */
  file: string;
  text: string;
  /**
   * Maps a 1-based line and column of `text` to the file's; absent for a template file, whose
   * text is the whole file. Summaries inside summarize.yaml start part-way into it.
   */
  position?: (line: number, column: number) => { line: number; column: number };
}

export interface TemplateEngineOptions {
  /** Missing variables are errors rather than warnings (`--strict`). */
  strict: boolean;
}

const COMPILE_OPTIONS: CompileOptions = { noEscape: true, strict: true, knownHelpersOnly: false };
/** Handlebars' defaults since 4.6, stated so that a change of default cannot open them. */
const RUNTIME_OPTIONS: RuntimeOptions = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false };

type CompileOptions = Parameters<typeof Handlebars.compile>[1];
type RuntimeOptions = Handlebars.RuntimeOptions;
type Location = { start: { line: number; column: number }; end: { line: number; column: number } };
type LookupProperty = (parent: unknown, name: string) => unknown;
/** The parts of the Handlebars 4 runtime container this module replaces (see the header). */
interface RuntimeContainer {
  strict: (parent: unknown, name: string, loc?: Location) => unknown;
  lookupProperty: LookupProperty;
}
interface TemplateSpec {
  main: (this: unknown, container: RuntimeContainer, ...rest: unknown[]) => unknown;
}

export class TemplateEngine {
  readonly hb: typeof Handlebars = Handlebars.create();
  readonly diagnostics: Diagnostic[] = [];
  private active: TemplateText | undefined;
  private readonly failedIn = new WeakMap<object, TemplateText>();
  private readonly reported = new Set<string>();
  private readonly instrumented = new WeakSet<RuntimeContainer>();

  constructor(private readonly options: TemplateEngineOptions) {
    const runtimeTemplate = this.hb.template.bind(this.hb);
    this.hb.template = ((spec: TemplateSpec) => runtimeTemplate(this.instrument(spec) as never)) as typeof this.hb.template;
  }

  /** Registers a partial; a syntax error in it is reported even when no template uses it. */
  registerPartial(name: string, source: TemplateText): void {
    try {
      this.hb.parse(source.text);
    } catch (error) {
      this.diagnostics.push(this.diagnose(error, source));
      this.hb.registerPartial(name, () => '');
      return;
    }
    const compiled = this.hb.compile(source.text, COMPILE_OPTIONS);
    this.hb.registerPartial(name, ((context: unknown, options: RuntimeOptions) => this.within(source, () => compiled(context, options))) as never);
  }

  /** The rendered text, or undefined after pushing the diagnostic that stopped it. */
  render(source: TemplateText, context: object): string | undefined {
    try {
      return this.within(source, () => this.hb.compile(source.text, COMPILE_OPTIONS)(context, RUNTIME_OPTIONS));
    } catch (error) {
      this.diagnostics.push(this.diagnose(error, (typeof error === 'object' && error && this.failedIn.get(error)) || source));
      return undefined;
    }
  }

  /** Runs `action` as the template `source`, and marks an error escaping it as having happened there. */
  private within<T>(source: TemplateText, action: () => T): T {
    const outer = this.active;
    this.active = source;
    try {
      return action();
    } catch (error) {
      if (typeof error === 'object' && error !== null && !this.failedIn.has(error)) this.failedIn.set(error, source);
      throw error;
    } finally {
      this.active = outer;
    }
  }

  private instrument(spec: TemplateSpec): TemplateSpec {
    const main = spec.main;
    // The replacement runs with Handlebars' own `this`; the engine has to be reached beside it.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const engine = this;
    spec.main = function (this: unknown, container: RuntimeContainer, ...rest: unknown[]) {
      const source = engine.active;
      if (!engine.instrumented.has(container)) {
        engine.instrumented.add(container);
        const lookupProperty = container.lookupProperty;
        container.lookupProperty = (parent, name) => (parent === null || parent === undefined ? undefined : lookupProperty(parent, name));
      }
      container.strict = (parent, name, loc) => {
        const box = parent === null || parent === undefined ? undefined : Object(parent);
        if (box === undefined || !(name in box)) return engine.missing(source, parent, name, loc);
        const value = container.lookupProperty(parent, name);
        // With noEscape, Handlebars joins the first two printed values with `+`: two numbers
        // (`{{a}}{{b}}`) would be added up. A printed value is text.
        return typeof value === 'number' ? String(value) : value;
      };
      return main.call(this, container, ...rest);
    };
    return spec;
  }

  /**
   * What a missing name resolves to. Under strict mode an unknown helper is looked up the same way
   * as a missing variable, so the answer is a function: called with arguments it is a helper call
   * (an error: no such helper); called as a block (`{{#x}}…{{/x}}`, `{{^x}}…{{/x}}`) it is a test
   * for presence, like {{#if}}, and is false; called bare it is a variable, reported, printing
   * nothing.
   */
  private missing(source: TemplateText | undefined, parent: unknown, name: string, loc: Location | undefined): () => undefined {
    return (...args: unknown[]) => {
      const options = args.at(-1) as (HelperOptions & { fn?: unknown }) | undefined;
      const hash = (options && typeof options === 'object' && (options as { hash?: object }).hash) || {};
      if (options && typeof options === 'object' && options.fn !== undefined && args.length === 1) return undefined;
      if (args.length > 1 || Object.keys(hash).length > 0) {
        const helpers = Object.keys(this.hb.helpers).filter((h) => !['helperMissing', 'blockHelperMissing', 'log'].includes(h));
        throw new TemplateProblem(
          `没有名为 “${name}” 的助手`,
          loc?.start.line ?? 1,
          (loc?.start.column ?? 0) + 1,
          suggestion(name, helpers) ?? '运行 summarize templates helpers 查看可用的助手',
        );
      }
      if (source) this.reportMissing(source, parent, name, loc);
      return undefined;
    };
  }

  private reportMissing(source: TemplateText, parent: unknown, name: string, loc: Location | undefined): void {
    const at = place(source, loc?.start.line ?? 1, (loc?.start.column ?? 0) + 1);
    const key = `${at.file}:${at.line}:${at.column}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const written = loc ? textAt(source.text, loc) : name;
    const known = parent !== null && typeof parent === 'object' ? Object.keys(parent) : [];
    const hint = suggestion(name, known) ?? (known.length > 0 ? `这里可用的有：${known.slice(0, 12).join('、')}` : `“${written}” 前面的部分也不存在，检查拼写`);
    this.diagnostics.push({
      ...at,
      severity: this.options.strict ? 'error' : 'warning',
      code: 'template-missing-variable',
      message: `模板引用的 ${written} 不存在${this.options.strict ? '' : '，印出来是空的'}`,
      hint,
    });
  }

  /** A template mistake as a diagnostic; anything that is not a template mistake is our bug. */
  private diagnose(error: unknown, source: TemplateText): Diagnostic {
    if (error instanceof TemplateProblem) {
      return { ...place(source, error.line, error.column), severity: 'error', code: 'template-helper', message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
    }
    if (!(error instanceof Error)) throw error;
    const parse = parseErrorPosition(error.message, source.text);
    if (parse) {
      const got = /got '([^']*)'$/m.exec(error.message)?.[1];
      const unclosed = got === 'EOF' ? unclosedBlock(source.text) : undefined;
      if (unclosed) {
        return {
          ...place(source, unclosed.line, unclosed.column),
          severity: 'error',
          code: 'template-syntax',
          message: `模板写法有误：{{#${unclosed.name}}} 没有对应的 {{/${unclosed.name}}}`,
          hint: `在这一块结束的地方加上 {{/${unclosed.name}}}`,
        };
      }
      return {
        ...place(source, parse.line, parse.column),
        severity: 'error',
        code: 'template-syntax',
        message: `模板写法有误：这里的 {{ }} 无法识别${got ? `（Handlebars 读到 ${got}）` : ''}`,
        hint: '检查 {{ }} 是否成对、引号是否成对、{{#…}} 是否有对应的 {{/…}}',
      };
    }
    if (!(error instanceof Handlebars.Exception)) throw error;
    const exception = error as Error & { lineNumber?: number; column?: number };
    const firstLine = (error.message.split('\n')[0] ?? error.message).replace(/ - \d+:\d+$/, '');
    const partial = /^The partial (.+) could not be found/.exec(firstLine);
    if (partial) {
      const at = findInText(source.text, new RegExp(`\\{\\{~?#?>\\s*["']?${escapeRegExp(partial[1]!)}`));
      const partials = Object.keys(this.hb.partials);
      return {
        ...place(source, at.line, at.column),
        severity: 'error',
        code: 'template-missing-partial',
        message: `没有名为 “${partial[1]}” 的局部模板`,
        hint: suggestion(partial[1]!, partials) ?? `可用的有：${partials.join('、')}（summarize templates list）`,
      };
    }
    const at = exception.lineNumber !== undefined ? { line: exception.lineNumber, column: (exception.column ?? 0) + 1 } : { line: 1, column: 1 };
    return {
      ...place(source, at.line, at.column),
      severity: 'error',
      code: 'template-syntax',
      message: `模板写法有误：${firstLine}`,
      hint: '检查 {{#…}} 与 {{/…}} 是否对应、助手的参数是否齐全（summarize templates helpers 列出可用的助手）',
    };
  }
}

/** A position in a template's text as a position in its file. */
function place(source: TemplateText, line: number, column: number): { file: string; line: number; column: number } {
  const mapped = source.position ? source.position(line, column) : { line, column };
  return { file: source.file, ...mapped };
}

function textAt(text: string, loc: Location): string {
  const lines = text.split('\n');
  if (loc.start.line !== loc.end.line) return (lines[loc.start.line - 1] ?? '').slice(loc.start.column);
  return (lines[loc.start.line - 1] ?? '').slice(loc.start.column, loc.end.column);
}

function findInText(text: string, pattern: RegExp): { line: number; column: number } {
  const match = pattern.exec(text);
  if (!match) return { line: 1, column: 1 };
  const before = text.slice(0, match.index).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/** The innermost {{#block}} (or {{^block}}) left open when the text ends. */
function unclosedBlock(text: string): { name: string; line: number; column: number } | undefined {
  const open: { name: string; index: number }[] = [];
  for (const match of text.matchAll(/\{\{~?\s*([#^/])>?\s*([^\s}~]+)/g)) {
    if (match[1] === '/') {
      const at = open.map((o) => o.name).lastIndexOf(match[2]!);
      if (at >= 0) open.splice(at);
    } else {
      open.push({ name: match[2]!, index: match.index });
    }
  }
  const last = open.at(-1);
  if (!last) return undefined;
  const before = text.slice(0, last.index).split('\n');
  return { name: last.name, line: before.length, column: before.at(-1)!.length + 1 };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Handlebars' parser reports "Parse error on line N:" with an excerpt of up to 20 characters each
 * side (line breaks removed) and a caret under the offending token, but no column. The column is
 * where, on line N, the text before the caret ends and the text after it begins.
 */
export function parseErrorPosition(message: string, text: string): { line: number; column: number } | undefined {
  const match = /^Parse error on line (\d+):\n(.*)\n(-*)\^/.exec(message);
  if (!match) return undefined;
  const line = Number(match[1]);
  const caret = match[3]!.length;
  const before = match[2]!.slice(0, caret).replace(/^\.\.\./, '');
  const after = match[2]!.slice(caret).replace(/\.\.\.$/, '');
  const lineText = text.split(/\r?\n/)[line - 1] ?? '';
  for (let column = 0; column <= lineText.length; column++) {
    const head = lineText.slice(0, column);
    const tail = lineText.slice(column);
    const headFits = before.endsWith(head) || head.endsWith(before);
    const tailFits = after.startsWith(tail) || tail.startsWith(after);
    if (headFits && tailFits && (head !== '' || before === '' || tail.startsWith(after))) return { line, column: column + 1 };
  }
  return { line, column: 1 };
}
