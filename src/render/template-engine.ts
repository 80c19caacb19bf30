// Render stage: the Handlebars environment that templates, partials and the summaries written in
// summarize.yaml run in. It keeps three promises to editors:
//  - every mistake is reported at its file, line and column (a partial's mistake in the partial's
//    file; a summary's inside summarize.yaml), as a diagnostic, so one run lists them all;
//  - a reference to a variable that does not exist is reported (a warning, an error with --strict)
//    instead of silently printing nothing, in every branch of the template;
//  - templates cannot run code or read files: only the registered helpers and partials exist,
//    values are never compiled as template text, and Handlebars' prototype-access protections
//    (allowProtoPropertiesByDefault / allowProtoMethodsByDefault false) stay on.
//
// Only Handlebars' public interface is used: each text is checked for typing slips
// (template-syntax.ts), parsed, checked over its syntax tree against the context it runs in
// (template-check.ts), and the checked tree is what gets compiled. A template with an error in it
// is not run.

import Handlebars from 'handlebars';
import type { HelperOptions } from 'handlebars';
import type { Diagnostic } from '../model/diagnostic.js';
import { TemplateProblem } from './helpers.js';
import { checkTemplate, compilable, COMPILE_OPTIONS, conditionOf, PRINT_HELPER, type CheckedPartial, type TemplateIssue } from './template-check.js';
import type { Shape } from './template-context.js';
import { parseProblem, textSlips } from './template-syntax.js';
import { FigureMarks, TracedNumber } from './traced-number.js';
import { PRECOMPILED } from './templates.generated.js';

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

/** Handlebars' defaults since 4.6, stated so that a change of default cannot open them. */
const RUNTIME_OPTIONS: RuntimeOptions = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false };

type RuntimeOptions = Handlebars.RuntimeOptions;
type Location = { start: hbs.AST.Position; end: hbs.AST.Position };

export class TemplateEngine {
  readonly hb: typeof Handlebars = Handlebars.create();
  readonly diagnostics: Diagnostic[] = [];
  /** The figures printed through this engine (helpers are registered with these). */
  readonly marks = new FigureMarks();
  private active: TemplateText | undefined;
  private readonly failedIn = new WeakMap<object, TemplateText>();
  private readonly reported = new Set<string>();
  private readonly partials = new Map<string, CheckedPartial & { source: TemplateText }>();

  constructor(private readonly options: TemplateEngineOptions) {
    this.hb.registerHelper(PRINT_HELPER, (value: unknown, helperResult: boolean, options: HelperOptions) => {
      this.warnAboutZero(value, helperResult, (options as HelperOptions & { loc?: Location }).loc);
      if (value === undefined || value === null) return '';
      // A figure stays an object until Handlebars joins the output, when it prints itself as a mark.
      return value instanceof TracedNumber ? value : String(value);
    });
  }

  /** Registers a partial; a syntax error in it is reported even when no template uses it. */
  registerPartial(name: string, source: TemplateText): void {
    const ast = this.parse(source);
    this.partials.set(name, { text: source.text, ast, source });
    if (!ast) {
      this.hb.registerPartial(name, () => '');
      return;
    }
    const compiled = this.compile(source.text);
    this.hb.registerPartial(name, ((context: unknown, options: RuntimeOptions) => this.within(source, () => compiled(context, options))) as never);
  }

  /**
   * The rendered text, or undefined after reporting the problems that stopped it. `shape` says
   * which fields the context has (template-context.ts).
   */
  render(source: TemplateText, context: object, shape: Shape): string | undefined {
    const ast = this.parse(source);
    if (!ast) return undefined;
    let failed = false;
    checkTemplate(ast, source.text, shape, {
      strict: this.options.strict,
      partials: this.partials,
      report: (partial, issue) => {
        if (issue.severity === 'error') failed = true;
        this.report(partial?.source ?? source, issue);
      },
    });
    if (failed) return undefined;
    try {
      const compiled = this.compile(source.text);
      return this.within(source, () => compiled(context, RUNTIME_OPTIONS));
    } catch (error) {
      this.diagnostics.push(this.diagnose(error, (typeof error === 'object' && error && this.failedIn.get(error)) || source));
      return undefined;
    }
  }

  /** The text's syntax tree, or undefined after reporting why there is none. */
  private parse(source: TemplateText): hbs.AST.Program | undefined {
    const precompiled = PRECOMPILED.get(source.text);
    if (precompiled) return precompiled.tree();
    const parsed = compiledText(source.text).parsed;
    if ('issues' in parsed) {
      for (const issue of parsed.issues) this.report(source, issue);
      return undefined;
    }
    return parsed.ast;
  }

  /** A built-in template's text was compiled when the tool was built (scripts/handlebars-templates.mjs). */
  private compile(text: string): HandlebarsTemplateDelegate {
    return this.hb.template(PRECOMPILED.get(text)?.spec ?? compiledText(text).spec());
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

  /**
   * “举办招聘会0场”: a figure of 0 in running text is most often a sentence that does not apply to
   * the period. A figure is a helper's (sum, count…, or approx/number phrasing one); a 0 of the
   * data (an index, a field) is not one.
   */
  private warnAboutZero(value: unknown, helperResult: boolean, loc: Location | undefined): void {
    // approx and number print a figure in other words: the mark they return names it.
    const figure = value instanceof TracedNumber ? value.figure : typeof value === 'string' ? this.marks.figureOf(value) : undefined;
    // 持平 (同比 with no change) is a figure of 0 that prints no 0.
    const zero = figure ? figure.value === 0 && (typeof value !== 'string' || /\d/.test(this.marks.resolve(value))) : helperResult && (value === 0 || value === '0');
    if (!zero || !this.active || !loc) return;
    const what = figure ? `（${figure.counts}）` : '';
    const condition = conditionOf(this.active.text, loc, typeof value === 'string') ?? '(sum "指标")';
    this.report(this.active, {
      line: loc.start.line,
      column: loc.start.column + 1,
      severity: 'warning',
      code: 'template-zero-figure',
      message: `这里印出的数字是 0${what}`,
      hint: `本期没有这项工作时，用 {{#if ${condition}}}…{{/if}} 把这一句包起来，数字为 0 时不印`,
    });
  }

  private report(source: TemplateText, issue: TemplateIssue): void {
    const at = place(source, issue.line, issue.column);
    const key = `${at.file}:${at.line}:${at.column}:${issue.code}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.diagnostics.push({ ...at, severity: issue.severity, code: issue.code, message: issue.message, ...(issue.hint ? { hint: issue.hint } : {}) });
  }

  /** A helper's mistake as a diagnostic; anything else is our bug. */
  private diagnose(error: unknown, source: TemplateText): Diagnostic {
    if (!(error instanceof TemplateProblem)) throw error;
    return { ...place(source, error.line, error.column), severity: 'error', code: 'template-helper', message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  }
}

/**
 * What parsing and compiling make of a text depends on the text alone, so it is kept for the
 * process: a watch or preview rebuild (and a build of several kinds, which share the summaries of
 * summarize.yaml) takes the syntax tree and the compiled specification of every text it has seen
 * before; parsing and compiling the summaries was most of a 10k watch rebuild's render. The trees
 * are only read (the check's visitor does not rewrite them; `compilable` rewrites a tree of its own).
 */
interface CompiledText {
  /** The tree the check walks, or the problems that stop the text before it has one. */
  parsed: { ast: hbs.AST.Program } | { issues: TemplateIssue[] };
  /** Compiled on first use, as Handlebars' own `compile` does: a text with an error is never compiled. */
  spec(): TemplateSpecification;
}

type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

/** Kept texts; a long watch whose templates are edited often starts afresh past this many. */
const KEPT_TEXTS = 500;
const compiledTexts = new Map<string, CompiledText>();

function compiledText(text: string): CompiledText {
  let compiled = compiledTexts.get(text);
  if (compiled) return compiled;
  if (compiledTexts.size >= KEPT_TEXTS) compiledTexts.clear();
  let spec: TemplateSpecification | undefined;
  const parsed = parsedText(text);
  compiled = {
    parsed,
    spec: () => {
      if (!('ast' in parsed)) throw new Error('a template text with a syntax error was compiled');
      return (spec ??= specOf(parsed.ast));
    },
  };
  compiledTexts.set(text, compiled);
  return compiled;
}

function parsedText(text: string): CompiledText['parsed'] {
  const slips = textSlips(text);
  if (slips.length > 0) return { issues: slips };
  try {
    return { ast: Handlebars.parse(text) };
  } catch (error) {
    const problem = parseProblem(error, text, Handlebars);
    if (!problem) throw error;
    return { issues: [problem] };
  }
}

/**
 * What `Handlebars.compile` makes of a text before binding it to an environment: its compiler and
 * JavaScript compiler, with the options `compile` defaults (`data`), so that each engine binds the
 * same specification with `template`, as it does a precompiled one.
 */
function specOf(checked: hbs.AST.Program): TemplateSpecification {
  const options = { data: true, ...COMPILE_OPTIONS };
  const compilers = Handlebars as unknown as {
    Compiler: new () => { compile(ast: hbs.AST.Program, options: object): unknown };
    JavaScriptCompiler: new () => { compile(environment: unknown, options: object, context: undefined, asObject: true): TemplateSpecification };
  };
  const environment = new compilers.Compiler().compile(compiledTree(checked), options);
  return new compilers.JavaScriptCompiler().compile(environment, options, undefined, true);
}

/**
 * The tree Handlebars compiles, from the tree the check walked (Handlebars' `parse`: the text's
 * tree after whitespace control): `compilable` rewrites a copy of it. Parsing the text again for
 * the compiler was a fifth of the render of the example's summaries. `compile`, and
 * scripts/handlebars-templates.mjs, rewrite the tree before whitespace control instead: the trees
 * are the same, since `compilable` changes what a mustache prints and whitespace control reads
 * only where text and statements stand (test/render/precompiled-templates.test.ts compares them).
 */
export function compiledTree(checked: hbs.AST.Program): hbs.AST.Program {
  return compilable(structuredClone(checked));
}

/** A position in a template's text as a position in its file. */
function place(source: TemplateText, line: number, column: number): { file: string; line: number; column: number } {
  const mapped = source.position ? source.position(line, column) : { line, column };
  return { file: source.file, ...mapped };
}
