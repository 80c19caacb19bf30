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
    const slips = textSlips(source.text);
    if (slips.length > 0) {
      for (const slip of slips) this.report(source, slip);
      return undefined;
    }
    try {
      return this.hb.parse(source.text);
    } catch (error) {
      const problem = parseProblem(error, source.text, this.hb);
      if (!problem) throw error;
      this.report(source, problem);
      return undefined;
    }
  }

  /** A built-in template's text was compiled when the tool was built (scripts/handlebars-templates.mjs). */
  private compile(text: string): HandlebarsTemplateDelegate {
    const precompiled = PRECOMPILED.get(text);
    return precompiled ? this.hb.template(precompiled.spec) : this.hb.compile(compilable(this.hb.parseWithoutProcessing(text)), COMPILE_OPTIONS);
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
    const zero = figure ? figure.value === 0 : helperResult && (value === 0 || value === '0');
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

/** A position in a template's text as a position in its file. */
function place(source: TemplateText, line: number, column: number): { file: string; line: number; column: number } {
  const mapped = source.position ? source.position(line, column) : { line, column };
  return { file: source.file, ...mapped };
}
