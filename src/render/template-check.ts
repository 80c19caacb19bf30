// Render stage: the check of a template before it runs, over the syntax tree Handlebars' public
// `parse` gives, walked with its public `Visitor`. It follows the context through {{#each}},
// {{#with}}, block parameters, `../` and partials (template-context.ts says what each context
// holds) and reports, at the line and column of the expression itself:
//  - a variable that does not exist (a warning; an error with --strict), in every branch, printed
//    or not this period;
//  - a helper that does not exist, a call with the wrong number of arguments or a `key=` the
//    helper does not read, with a right call as the hint;
//  - a helper written as an argument without its parentheses (`{{approx sum "reached"}}`), with the
//    corrected text.
// It also decides the one rule of names: a documented field is never shadowed by a helper of the
// same name. A helper called without arguments is either one that takes none (count, titles…, and
// no field has such a name: test/render/template-check.test.ts holds every pair) or a mistake;
// so a bare `{{number}}` inside {{#each themes}} is the theme's number. `compilable` turns the
// tree into what Handlebars compiles accordingly.

import Handlebars from 'handlebars';
import { arityMessage, helperSpec, HELPER_NAMES, HELPERS, type HelperSpec } from './helpers.js';
import { ANY, VALUE, type Shape } from './template-context.js';
import { suggestion } from '../validate/suggest.js';

type Node = hbs.AST.Node;
type Program = hbs.AST.Program;
type PathExpression = hbs.AST.PathExpression;
type Call = hbs.AST.MustacheStatement | hbs.AST.SubExpression | hbs.AST.BlockStatement;

/**
 * What Handlebars' own helpers need, or they throw when the template is rendered ("Must pass
 * iterator to #each", reading `hash` of undefined): how many arguments, and whether as a block.
 * `log` takes anything.
 */
const BUILT_IN_CALLS: ReadonlyMap<string, { arguments: number; block: boolean; written: string }> = new Map([
  ['if', { arguments: 1, block: true, written: '{{#if 条件}}……{{else}}……{{/if}}' }],
  ['unless', { arguments: 1, block: true, written: '{{#unless 条件}}……{{/unless}}' }],
  ['each', { arguments: 1, block: true, written: '{{#each 列表}}……{{/each}}' }],
  ['with', { arguments: 1, block: true, written: '{{#with 字段}}……{{/with}}' }],
  ['lookup', { arguments: 2, block: false, written: '{{lookup 列表 序号}}' }],
]);
/** Handlebars' own helpers: blocks that steer the context, lookup and log. */
const BUILT_IN_HELPERS = new Set([...BUILT_IN_CALLS.keys(), 'log']);
/** Helpers Handlebars registers for its own use: called from a template, they fail at render time. */
const INTERNAL_HELPERS = new Set(['helperMissing', 'blockHelperMissing']);
/**
 * The helper every printed value goes through (registered by the template engine). Its name has a
 * space, which no template can write as a name.
 */
export const PRINT_HELPER = 'summarize print';

export interface TemplateIssue {
  /** 1-based, in the template's text. */
  line: number;
  column: number;
  severity: 'error' | 'warning';
  code: string;
  message: string;
  hint?: string;
}

export interface CheckedPartial {
  text: string;
  /** Undefined for a partial whose text could not be parsed (reported already). */
  ast: Program | undefined;
}

export interface CheckOptions<P extends CheckedPartial> {
  /** Missing variables are errors rather than warnings. */
  strict: boolean;
  partials: ReadonlyMap<string, P>;
  /** Reports a problem in the template checked (`partial` undefined) or in one of its partials. */
  report(partial: P | undefined, issue: TemplateIssue): void;
}

/** True for a helper that cannot be called without an argument: its bare name is a field. */
export function needsArguments(spec: HelperSpec): boolean {
  return spec.params.some((p) => !p.optional);
}

/** Checks a template's tree in a context of the given shape, following the partials it includes. */
export function checkTemplate<P extends CheckedPartial>(ast: Program, text: string, shape: Shape, options: CheckOptions<P>): void {
  new TemplateChecker(options, { partial: undefined, text }, shape).accept(ast);
}

interface Frame<P> {
  /** The partial being checked, or undefined for the template itself. */
  partial: P | undefined;
  text: string;
}

class TemplateChecker<P extends CheckedPartial> extends Handlebars.Visitor {
  /** The contexts `../` climbs, innermost last. */
  private contexts: Shape[];
  /** Block parameters (`as |theme index|`) in scope, innermost last. */
  private locals: Map<string, Shape>[] = [];
  private readonly partialsOpen: string[] = [];

  constructor(
    private readonly options: CheckOptions<P>,
    private frame: Frame<P>,
    shape: Shape,
  ) {
    super();
    this.contexts = [shape];
  }

  override MustacheStatement(mustache: hbs.AST.MustacheStatement): void {
    this.call(mustache, true);
  }

  override SubExpression(sexpr: hbs.AST.SubExpression): void {
    this.call(sexpr, false);
  }

  override BlockStatement(block: hbs.AST.BlockStatement): void {
    const name = simpleName(block.path);
    if (name !== undefined && !this.builtInCallIsRight(name, block, true)) return;
    const inner = (shape: Shape | undefined, params: Shape[] = []) => {
      if (shape === undefined) return this.program(block.program);
      this.contexts.push(shape);
      this.program(block.program, params);
      this.contexts.pop();
    };
    if (name === 'each' || name === 'with') {
      this.arguments(block);
      const subject = block.params[0] === undefined ? ANY : this.shapeOf(block.params[0]);
      const element = name === 'with' ? subject : subject.kind === 'list' ? subject.of : ANY;
      inner(element, name === 'each' ? [element, VALUE] : [element]);
    } else if ((name === 'if' || name === 'unless') && block.params[0]?.type === 'PathExpression') {
      // {{#if opening}} tests whether there is one: a field that is absent is not a mistake.
      inner(undefined);
    } else if (name !== undefined && (BUILT_IN_HELPERS.has(name) || HELPER_NAMES.has(name))) {
      this.call(block, false);
      inner(undefined);
    } else if (block.params.length === 0 && !hasHash(block)) {
      // A block on a field: a list repeats it, a group of fields enters it, a missing field is a
      // test for presence like {{#if}} (not reported).
      const field = this.resolve(block.path as PathExpression, false);
      inner(field === undefined ? ANY : field.kind === 'list' ? field.of : field.kind === 'record' ? field : undefined);
    } else {
      this.call(block, false);
      inner(ANY);
    }
    if (block.inverse) this.program(block.inverse);
  }

  override PartialStatement(partial: hbs.AST.PartialStatement): void {
    this.partial(partial);
  }

  override PartialBlockStatement(partial: hbs.AST.PartialBlockStatement): void {
    this.partial(partial);
    this.program(partial.program);
  }

  override PathExpression(path: PathExpression): void {
    this.resolve(path, true);
  }

  private program(program: Program | undefined, params: Shape[] = []): void {
    if (!program) return;
    const names = program.blockParams ?? [];
    this.locals.push(new Map(names.map((name, i) => [name, params[i] ?? ANY])));
    this.acceptArray(program.body as never);
    this.locals.pop();
  }

  private call(node: Call, printed: boolean): void {
    const path = node.path;
    if (path.type !== 'PathExpression') return this.arguments(node);
    const name = simpleName(path);
    if (name !== undefined && node.type !== 'BlockStatement' && !this.builtInCallIsRight(name, node, false)) return;
    const spec = name === undefined ? undefined : helperSpec(name);
    const isCall = node.params.length > 0 || hasHash(node);
    if (!isCall && printed) {
      if (spec && !needsArguments(spec)) return;
      if (spec && this.resolve(path as PathExpression, false) === undefined) {
        return this.issue(node, 'error', 'template-helper', `${arityMessage(spec, 0)}（这里也没有名为 ${spec.name} 的变量）`, `正确写法：${spec.example}`);
      }
      this.resolve(path as PathExpression, true);
      return;
    }
    if (spec) return this.helperCall(spec, node);
    if (name !== undefined && BUILT_IN_HELPERS.has(name)) return this.arguments(node);
    if (this.isLocal(path as PathExpression)) return this.arguments(node);
    const written = (path as PathExpression).original;
    this.issue(path, 'error', 'template-helper', `没有名为 “${written}” 的助手`, suggestion(written, [...HELPER_NAMES]) ?? '运行 summarize templates helpers 查看可用的助手');
    this.arguments(node);
  }

  /** False, with the problem reported, for a call of Handlebars' own helpers that would throw when rendered. */
  private builtInCallIsRight(name: string, node: Call, isBlock: boolean): boolean {
    if (this.isLocal(node.path as PathExpression)) return true;
    if (INTERNAL_HELPERS.has(name)) {
      this.issue(node, 'error', 'template-helper', `没有名为 “${name}” 的助手`, '运行 summarize templates helpers 查看可用的助手');
      return false;
    }
    const rule = BUILT_IN_CALLS.get(name);
    if (!rule) return true;
    if (rule.block !== isBlock) {
      this.issue(node, 'error', 'template-helper', rule.block ? `${name} 是成对使用的块助手` : `${name} 不是块助手，不能写成 {{#${name}}}`, `正确写法：${rule.written}`);
      return false;
    }
    if (node.params.length !== rule.arguments) {
      this.issue(node, 'error', 'template-helper', `${name} 需要 ${rule.arguments} 个参数，这里写了 ${node.params.length} 个`, `正确写法：${rule.written}`);
      return false;
    }
    return true;
  }

  private helperCall(spec: HelperSpec, node: Call): void {
    const slip = node.params.findIndex((param) => {
      const name = param.type === 'PathExpression' ? simpleName(param) : undefined;
      return name !== undefined && HELPER_NAMES.has(name) && this.resolve(param as PathExpression, false) === undefined;
    });
    if (slip >= 0) {
      const inner = helperSpec(simpleName(node.params[slip]!)!)!;
      const corrected = wrapInParentheses(this.frame.text, node, slip, inner.params.length);
      this.issue(
        node.params[slip]!,
        'error',
        'template-helper-argument',
        `${inner.name} 是助手，作为 ${spec.name} 的参数时要加括号`,
        corrected ? `改为 ${corrected}` : `正确写法：${spec.example}`,
      );
      return;
    }
    const count = node.params.length;
    if (count < spec.params.filter((p) => !p.optional).length || count > spec.params.length) {
      this.issue(node, 'error', 'template-helper', arityMessage(spec, count), `正确写法：${spec.example}`);
    }
    for (const pair of node.hash?.pairs ?? []) {
      if (spec.hash.includes(pair.key)) continue;
      const near = suggestion(pair.key, spec.hash);
      const accepted = spec.hash.length === 0 ? `${spec.name} 不接受 key= 形式的参数` : `${spec.name} 可写的有：${spec.hash.map((k) => `${k}=`).join(' ')}`;
      this.issue(pair, 'error', 'template-helper', `${spec.name} 没有 ${pair.key}= 这一项`, near ? `${near}（${accepted}）` : `${accepted}；例：${spec.example}`);
    }
    this.arguments(node);
  }

  private arguments(node: { params: hbs.AST.Expression[]; hash?: hbs.AST.Hash }): void {
    this.acceptArray(node.params);
    for (const pair of node.hash?.pairs ?? []) this.accept(pair.value);
  }

  private partial(partial: hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement): void {
    this.arguments(partial);
    if (partial.name.type === 'SubExpression') {
      this.issue(partial, 'error', 'template-missing-partial', '局部模板的名称要直接写出，不能由助手算出', '写作 {{> 名称}}，如 {{> masthead}}（summarize templates list）');
      return;
    }
    // The grammar also takes a literal for a name ({{> "masthead"}}, {{> 5}}), which Handlebars' types leave out.
    const name = String((partial.name as PathExpression | hbs.AST.StringLiteral | hbs.AST.NumberLiteral).original);
    const found = this.options.partials.get(name);
    if (!found) {
      const names = [...this.options.partials.keys()];
      this.issue(partial, 'error', 'template-missing-partial', `没有名为 “${name}” 的局部模板`, suggestion(name, names) ?? `可用的有：${names.join('、')}（summarize templates list）`);
      return;
    }
    if (this.partialsOpen.includes(name)) {
      // No field of a document holds itself, so no context ends the repetition.
      const through = this.partialsOpen.slice(this.partialsOpen.indexOf(name) + 1);
      this.issue(partial, 'error', 'template-partial-loop', `局部模板 “${name}” 包含了它自己${through.length > 0 ? `（经由 ${through.join('、')}）` : ''}，生成时会无限重复`, '去掉这处 {{> …}}，或改为包含另一个局部模板');
      return;
    }
    if (!found.ast) return;
    let shape = partial.params[0] === undefined ? this.contexts.at(-1)! : this.shapeOf(partial.params[0]);
    const pairs = partial.hash?.pairs ?? [];
    if (pairs.length > 0) {
      const base = shape.kind === 'record' ? shape.fields : {};
      shape = shape.kind === 'any' ? ANY : { kind: 'record', fields: { ...base, ...Object.fromEntries(pairs.map((p) => [p.key, this.shapeOf(p.value)])) } };
    }
    const outer = this.frame;
    this.frame = { partial: found, text: found.text };
    this.partialsOpen.push(name);
    this.contexts.push(shape);
    this.accept(found.ast);
    this.contexts.pop();
    this.partialsOpen.pop();
    this.frame = outer;
  }

  /** The shape of an argument: a field's, or a value for literals and helper results. */
  private shapeOf(expression: hbs.AST.Expression): Shape {
    if (expression.type !== 'PathExpression') return expression.type === 'SubExpression' ? ANY : VALUE;
    return this.resolve(expression as PathExpression, false) ?? ANY;
  }

  private isLocal(path: PathExpression): boolean {
    return !path.data && path.depth === 0 && !isScoped(path) && this.locals.some((scope) => scope.has(path.parts[0]!));
  }

  /** What a path names, or undefined (reported when `report`) when it names nothing. */
  private resolve(path: PathExpression, report: boolean): Shape | undefined {
    let parts = path.parts;
    let shape: Shape;
    if (path.data) {
      if (parts[0] !== 'root') return VALUE;
      shape = this.contexts[0]!;
      parts = parts.slice(1);
    } else if (this.isLocal(path)) {
      shape = [...this.locals].reverse().find((scope) => scope.has(parts[0]!))!.get(parts[0]!)!;
      parts = parts.slice(1);
    } else {
      shape = this.contexts[this.contexts.length - 1 - path.depth] ?? ANY;
    }
    for (const part of parts) {
      const next = member(shape, part);
      if (next === undefined) {
        if (report) this.missing(path, part, shape);
        return undefined;
      }
      shape = next;
    }
    return shape;
  }

  private missing(path: PathExpression, part: string, shape: Shape): void {
    const known = shape.kind === 'record' ? Object.keys(shape.fields) : shape.kind === 'list' ? ['length'] : [];
    const spec = helperSpec(part);
    const hint =
      suggestion(part, known) ??
      (spec && path.parts.length === 1 ? `${part} 是助手，要写参数：${spec.example}` : undefined) ??
      (known.length > 0 ? `这里可用的有：${known.slice(0, 12).join('、')}` : `“${path.original}” 前面的部分不是一组字段，检查拼写`);
    const strict = this.options.strict;
    this.issue(path, strict ? 'error' : 'warning', 'template-missing-variable', `模板引用的 ${path.original} 不存在${strict ? '' : '，印出来是空的'}`, hint);
  }

  private issue(node: Node, severity: TemplateIssue['severity'], code: string, message: string, hint: string): void {
    const { line, column } = node.loc.start;
    this.options.report(this.frame.partial, { line, column: column + 1, severity, code, message, hint });
  }
}

function member(shape: Shape, part: string): Shape | undefined {
  switch (shape.kind) {
    case 'any':
      return ANY;
    case 'record':
      return Object.hasOwn(shape.fields, part) ? shape.fields[part] : undefined;
    case 'list':
      return part === 'length' ? VALUE : /^\d+$/.test(part) ? shape.of : undefined;
    case 'value':
      return part === 'length' ? VALUE : undefined;
  }
}

/** `name` for a path written as one plain name (not `this.name`, `../name`, `@name` or `a.b`). */
function simpleName(expression: hbs.AST.Expression): string | undefined {
  if (expression.type !== 'PathExpression') return undefined;
  const path = expression as PathExpression;
  return Handlebars.AST.helpers.simpleId(path) ? path.parts[0] : undefined;
}

/**
 * `this.name` or `./name`: Handlebars' AST.helpers.scopedId, whose type declaration misnames it
 * `scopeId`.
 */
function isScoped(path: PathExpression): boolean {
  return (Handlebars.AST.helpers as unknown as { scopedId(path: PathExpression): boolean }).scopedId(path);
}

function hasHash(node: { hash?: hbs.AST.Hash }): boolean {
  return (node.hash?.pairs.length ?? 0) > 0;
}

/**
 * The call's text with the helper written as its argument at `index` put in parentheses with the
 * arguments it takes: `{{approx sum "reached"}}` → `{{approx (sum "reached")}}`.
 */
function wrapInParentheses(text: string, node: Call, index: number, takes: number): string | undefined {
  const params = node.params;
  const last = params[Math.min(params.length - 1, index + takes)]!;
  const whole = slice(text, node.loc);
  const before = slice(text, { start: node.loc.start, end: params[index]!.loc.start });
  const inner = slice(text, { start: params[index]!.loc.start, end: last.loc.end });
  if (whole === undefined || before === undefined || inner === undefined) return undefined;
  return `${before}(${inner})${whole.slice(before.length + inner.length)}`;
}

/**
 * What to write in `{{#if …}}` to leave out a sentence whose figure is 0: the figure's own
 * expression, `(sum "fairs")` for `{{sum "fairs"}}`. A figure phrased in words (`{{approx (sum
 * "reached")}}`) is tested by the number it phrases, since the words for 0 are not empty.
 */
export function conditionOf(text: string, loc: { start: hbs.AST.Position; end: hbs.AST.Position }, phrased: boolean): string | undefined {
  const source = slice(text, loc);
  if (source === undefined) return undefined;
  let statement: hbs.AST.Statement | undefined;
  try {
    statement = Handlebars.parseWithoutProcessing(source).body[0];
  } catch {
    return undefined;
  }
  if (statement?.type !== 'MustacheStatement') return undefined;
  const { path, params, hash } = statement as hbs.AST.MustacheStatement;
  if (phrased && params[0]) return slice(source, params[0].loc);
  const last = hash?.pairs.length ? hash : params.at(-1);
  return last ? `(${slice(source, { start: path.loc.start, end: last.loc.end })})` : slice(source, path.loc);
}

function slice(text: string, loc: { start: hbs.AST.Position; end: hbs.AST.Position }): string | undefined {
  const lines = text.split('\n');
  const offset = (p: hbs.AST.Position) => lines.slice(0, p.line - 1).reduce((sum, l) => sum + l.length + 1, 0) + p.column;
  if (loc.start.line > lines.length || loc.end.line > lines.length) return undefined;
  return text.slice(offset(loc.start), offset(loc.end));
}

/**
 * The tree Handlebars compiles, following the checked rules: a bare name that is a field is read
 * as the field even where a helper has that name, and every printed value goes through
 * PRINT_HELPER, which prints a number as text (Handlebars would add two numbers printed side by
 * side, `{{a}}{{b}}`, with `+`) and warns about a figure of 0.
 */
/** How every template is compiled: values are escaped for Markdown by the code, not as HTML by Handlebars. */
export const COMPILE_OPTIONS: Parameters<typeof Handlebars.compile>[1] = { noEscape: true };

export function compilable(ast: Program): Program {
  const visitor = new CompileRules();
  visitor.mutating = true;
  visitor.accept(ast);
  return ast;
}

class CompileRules extends Handlebars.Visitor {
  mutating = true;

  override MustacheStatement(mustache: hbs.AST.MustacheStatement): void {
    super.MustacheStatement(mustache);
    const path = mustache.path;
    if (path.type !== 'PathExpression') return;
    const name = simpleName(path);
    const spec = name === undefined ? undefined : helperSpec(name);
    const isCall = mustache.params.length > 0 || hasHash(mustache);
    let printed: hbs.AST.Expression;
    const result = isCall || (spec !== undefined && !needsArguments(spec)) || (name !== undefined && BUILT_IN_HELPERS.has(name));
    if (result) {
      printed = { type: 'SubExpression', path, params: mustache.params, hash: mustache.hash, loc: mustache.loc } as hbs.AST.SubExpression;
    } else {
      const field = path as PathExpression;
      // `this.number` is never a helper: the field wins.
      printed = spec ? { ...field, original: `this.${field.original}` } : field;
    }
    const helper: PathExpression = { type: 'PathExpression', data: false, depth: 0, parts: [PRINT_HELPER], original: PRINT_HELPER, loc: mustache.loc };
    mustache.path = helper;
    // The second argument says whether the value is a helper's result (a phrased figure) or a field.
    mustache.params = [printed, { type: 'BooleanLiteral', value: result, original: result, loc: mustache.loc } as hbs.AST.BooleanLiteral];
    mustache.hash = undefined as unknown as hbs.AST.Hash;
  }
}

/** Every helper name that is also a documented field somewhere: each must need arguments. */
export function fieldsNamedLikeHelpers(shapes: readonly Shape[]): { helper: string; needsArguments: boolean }[] {
  const found = new Set<string>();
  const walk = (shape: Shape): void => {
    if (shape.kind === 'list') return walk(shape.of);
    if (shape.kind !== 'record') return;
    for (const [name, field] of Object.entries(shape.fields)) {
      if (HELPER_NAMES.has(name)) found.add(name);
      walk(field);
    }
  };
  shapes.forEach(walk);
  return HELPERS.filter((h) => found.has(h.name)).map((h) => ({ helper: h.name, needsArguments: needsArguments(h) }));
}
