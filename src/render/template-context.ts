// Render stage: what templates can read, as a description the template check walks
// (template-check.ts). render-document.ts builds the values; this file says which fields exist, so
// that a misspelt `{{document.titel}}` is found in every branch of a template, including the ones
// a given period does not print, and so that a helper never hides a field of the same name.
//
// Two contexts exist: the document's (document templates, their partials, and the opening and
// closing paragraphs of summarize.yaml) and a theme's (the summaries in summarize.yaml and the
// built-in generic-theme partial). test/render/templates.test.ts renders both examples and every
// built-in partial against these descriptions without a warning; a field added to a context in
// render-document.ts is added here, or templates that read it are told it does not exist.

/** A field's shape: text or a number to print, a group of fields, a list, or anything. */
export type Shape = { kind: 'value' } | { kind: 'record'; fields: Readonly<Record<string, Shape>> } | { kind: 'list'; of: Shape } | { kind: 'any' };

export const VALUE: Shape = { kind: 'value' };
export const ANY: Shape = { kind: 'any' };
const record = (fields: Record<string, Shape>): Shape => ({ kind: 'record', fields });
const list = (of: Shape): Shape => ({ kind: 'list', of });
const values = (...names: string[]): Record<string, Shape> => Object.fromEntries(names.map((name) => [name, VALUE]));

const TOTAL = record(values('id', 'label', 'unit', 'value'));

function unit(metricIds: readonly string[]): Shape {
  return record({ ...values('name', 'short', 'place', 'folder', 'own', 'eventCount'), sums: record(values(...metricIds)), totals: list(TOTAL) });
}

function common(metricIds: readonly string[]): Record<string, Shape> {
  return {
    org: record(values('name', 'short')),
    signature: VALUE,
    bulletin: record({ ...values('name', 'office', 'send', 'distribute', 'issue', 'issueLine', 'date', 'dateText'), editors: list(VALUE) }),
    document: record(values('title', 'date', 'dateText')),
    period: record(values('label', 'year', 'start', 'end', 'text')),
    units: list(unit(metricIds)),
    own: unit(metricIds),
    // The scope of the figures helpers count (section and theme ids); read by the helpers.
    scope: record(values('section', 'theme', 'tag')),
  };
}

const PLAN = record({
  ...values('year', 'number', 'title', 'opening', 'closing'),
  sections: list(record({ ...values('number', 'id', 'title'), items: list(record(values('number', 'title', 'text'))) })),
});

/** The context of the opening and closing paragraphs in summarize.yaml. */
export function paragraphContext(metricIds: readonly string[]): Shape {
  return record({
    ...common(metricIds),
    sections: list(record({ ...values('id', 'title', 'number', 'signature'), themes: list(record(values('id', 'number', 'title', 'text'))) })),
    briefs: list(record(values('text', 'source'))),
    plan: PLAN,
  });
}

/** The context of a document template: the paragraphs' context with the paragraphs themselves. */
export function documentContext(metricIds: readonly string[]): Shape {
  const paragraph = paragraphContext(metricIds) as { fields: Record<string, Shape> };
  return record({ ...paragraph.fields, ...values('opening', 'closing') });
}

/** What a theme without a summary of its own in summarize.yaml renders, in the theme's context. */
export const GENERIC_THEME_TEXT = '{{> generic-theme}}';

/** The context of a theme's summary: its events and the totals of the metrics they logged. */
export function themeContext(metricIds: readonly string[]): Shape {
  const event = record({
    ...values('date', 'section', 'theme', 'title', 'text', 'unit', 'rollupUnit', 'highlight'),
    tags: list(VALUE),
    metrics: record(values(...metricIds)),
    source: record(values('file', 'line', 'column')),
  });
  return record({ ...common(metricIds), events: list(event), totals: list(TOTAL) });
}

/** Every field a shape holds, as a template writes it: `org.name`, `sections[].themes[].number`. */
export function fieldPaths(shape: Shape, prefix = ''): string[] {
  if (shape.kind === 'list') return fieldPaths(shape.of, `${prefix}[]`);
  if (shape.kind !== 'record') return prefix === '' ? [] : [prefix];
  return Object.entries(shape.fields).flatMap(([name, field]) => fieldPaths(field, prefix === '' ? name : `${prefix}.${name}`));
}
