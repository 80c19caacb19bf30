// End to end on the example: the real built CLI (`npm run build` first). The figures printed in
// bulletin.md must equal the totals of `stats --json`, and every figure printed must be in the
// audit sidecar figures.json with source entries whose file:line really holds that event.
//
// Which printed number is which figure is read from the example's own summarize.yaml: each theme
// summary is turned into a pattern (literal text as is, each figure helper a capture), matched
// against the document. So the test follows the example as its data is finished, and does not
// take the sidecar's word for what the document says.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { isMap, isScalar, isSeq, LineCounter, parse, parseDocument } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { approximate, parseApproximate } from '../../src/numbers/index.js';
import type { Statistics } from '../../src/aggregate/statistics.js';
import type { SourceEntry } from '../../src/aggregate/query.js';
import type { AuditRecord } from '../../src/write/figures-json.js';
import { temporaryFolder } from '../helpers/temp.js';

const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'bin/summarize.js');
const example = path.join(repo, 'examples/shangjie');

const FIGURE_TEXT = '(近?\\d+(?:\\.\\d+)?[万亿]?余?)';
/** Helpers that print a figure; anything else in a template prints text. */
const FIGURE_HELPER = /^(sum|count|figure|approx|number|yoy|rate|highlights)\b/;

interface Slot {
  /** The helper call as written, e.g. approx (sum "viewers"). */
  call: string;
  printed: string;
}

interface Sidecar {
  period: string;
  document: string;
  figures: AuditRecord[];
}

/**
 * The template as the full-year document prints it: the summaries guard clauses with
 * `{{#if (sum …)}}…{{else if …}}…{{/if}}` so a short period leaves out nil figures, and over the
 * whole year every guard holds. So the guards' tags go, and so does every `else` branch.
 */
function asPrintedOverTheYear(template: string): string {
  const inElse: boolean[] = [];
  let text = '';
  let last = 0;
  for (const match of template.matchAll(/\{\{([#/]if\b|else\b)[^}]*\}\}/g)) {
    if (!inElse.includes(true)) text += template.slice(last, match.index);
    if (match[1] === '#if') inElse.push(false);
    else if (match[1] === 'else') inElse[inElse.length - 1] = true;
    else inElse.pop();
    last = match.index + match[0].length;
  }
  return text + template.slice(last);
}

/** Where each figure helper of `template` printed, read off the document. */
function slotsOf(guardedTemplate: string, document: string): Slot[] {
  const template = asPrintedOverTheYear(guardedTemplate);
  const calls: string[] = [];
  let pattern = '';
  let last = 0;
  for (const match of template.matchAll(/\{\{(.*?)\}\}/g)) {
    pattern += escapeRegExp(template.slice(last, match.index));
    const call = match[1]!.trim();
    if (FIGURE_HELPER.test(call) && !call.startsWith('highlights')) {
      pattern += FIGURE_TEXT;
      calls.push(call);
    } else {
      pattern += '.*?';
    }
    last = match.index + match[0].length;
  }
  pattern += escapeRegExp(template.slice(last));
  const found = new RegExp(pattern, 'u').exec(document);
  if (!found) throw new Error(`the document has no text matching the template:\n${template}`);
  return calls.map((call, i) => ({ call, printed: found[i + 1]! }));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** True when `printed` is how the document may write `value`: exactly, or approximately without overstating. */
function phrases(printed: string, value: number, approximateWanted: boolean): boolean {
  if (!approximateWanted) return printed === String(value);
  const { value: written, qualifier } = parseApproximate(printed);
  const honest = qualifier === '余' ? written < value : qualifier === '近' ? written > value : written === value;
  return honest && printed === approximate(value);
}

const parsed = new Map<string, { doc: ReturnType<typeof parseDocument>; lineCounter: LineCounter }>();

/**
 * The event (or standalone figure) at file:line, read with the yaml library directly; in the
 * example's spreadsheet logs (q2.xlsx, q3.csv), the row `line` of the sheet, read with exceljs or
 * csv-parse (the rows of the workbook are loaded in beforeAll, exceljs being asynchronous).
 */
function entryAt(file: string, line: number, sheet?: string): { date?: string; title?: string; value?: number } | undefined {
  if (file.endsWith('.xlsx')) return workbookRows.get(`${file}\u0000${sheet}\u0000${line}`);
  if (file.endsWith('.csv')) {
    const [header, ...rows] = parseCsv(readFileSync(path.join(example, file), 'utf8'), { bom: true, info: true, relax_column_count: true }) as unknown as { record: string[]; info: { lines: number } }[];
    const row = rows.find((r) => r.info.lines === line)?.record;
    const cell = (name: string) => row?.[header!.record.indexOf(name)];
    return row && { date: cell('日期')!.replace(/^(\d+)\/(\d+)\/(\d+)$/, (_, y: string, m: string, d: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`), title: cell('标题') };
  }
  if (!parsed.has(file)) {
    const lineCounter = new LineCounter();
    parsed.set(file, { doc: parseDocument(readFileSync(path.join(example, file), 'utf8'), { lineCounter }), lineCounter });
  }
  const { doc, lineCounter } = parsed.get(file)!;
  const lineOf = (offset: number | undefined) => (offset === undefined ? -1 : lineCounter.linePos(offset).line);
  if (isSeq(doc.contents)) {
    const item = doc.contents.items.find((node) => lineOf((node as { range?: [number] }).range?.[0]) === line);
    return item && isMap(item) ? (item.toJSON() as { date: string; title: string }) : undefined;
  }
  if (isMap(doc.contents)) {
    const pair = doc.contents.items.find((p) => isScalar(p.key) && lineOf(p.key.range?.[0]) === line);
    return pair && isScalar(pair.value) ? { value: Number(pair.value.value) } : undefined;
  }
  return undefined;
}

const workbookRows = new Map<string, { date: string; title: string }>();
async function loadWorkbookRows(file: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path.join(example, file));
  book.eachSheet((sheet) => {
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    if (!header.includes('日期')) return;
    sheet.eachRow((row, line) => {
      const date = row.getCell(header.indexOf('日期')).value;
      if (date instanceof Date) workbookRows.set(`${file}\u0000${sheet.name}\u0000${line}`, { date: date.toISOString().slice(0, 10), title: String(row.getCell(header.indexOf('标题')).value) });
    });
  });
}

describe('summarize stats / build / explain on examples/shangjie', () => {
  let out: string;
  let markdown: string;
  let stats: Statistics;
  let sidecar: Sidecar;
  let config: { metrics: { id: string; label: string }[]; sections: { id: string; themes: { id: string; summary?: string }[] }[]; document: { opening?: string; closing?: string } };

  beforeAll(async () => {
    if (!existsSync(path.join(repo, 'dist/cli/main.js'))) throw new Error('run `npm run build` first: this test runs the built CLI');
    await loadWorkbookRows('activities/2024/q2.xlsx');
    out = temporaryFolder('stats');
    execFileSync('node', [cli, 'build', '2024', '-C', example, '--format', 'md', '--out', out], { encoding: 'utf8' });
    markdown = readFileSync(path.join(out, 'bulletin.md'), 'utf8');
    sidecar = JSON.parse(readFileSync(path.join(out, 'bulletin.figures.json'), 'utf8')) as Sidecar;
    stats = JSON.parse(execFileSync('node', [cli, 'stats', '2024', '-C', example, '--json'], { encoding: 'utf8' })) as Statistics;
    config = parse(readFileSync(path.join(example, 'summarize.yaml'), 'utf8')) as typeof config;
  }, 60_000);

  /** Every template text of summarize.yaml with its scope; '' for the opening and closing (the whole organisation). */
  const themes = () => [
    ...[config.document.opening, config.document.closing].filter((t): t is string => t !== undefined).map((t) => ({ scope: '', summary: t.trim() })),
    ...config.sections.flatMap((s) => s.themes.filter((t) => t.summary !== undefined).map((t) => ({ scope: `${s.id}/${t.id}`, summary: t.summary!.trim() }))),
  ];

  it('prints, for every theme’s sum and figure, the total `stats --json` gives', () => {
    let compared = 0;
    for (const { scope, summary } of themes()) {
      for (const slot of slotsOf(summary, markdown)) {
        const plain = /^(approx \()?(sum|figure|number \(sum) "(\w+)"\)?\)?$/.exec(slot.call);
        if (!plain) continue; // filtered by tag or a count: checked against the sidecar below
        const metric = stats.metrics.find((m) => m.id === plain[3])!;
        const expected = plain[2] === 'figure' ? metric.figure : scope === '' ? metric.total : (metric.byTheme[scope] ?? 0);
        expect(expected, `${scope}: ${slot.call}`).not.toBeNull();
        expect(phrases(slot.printed, expected!, slot.call.startsWith('approx')), `${scope}: ${slot.call} printed ${slot.printed}, stats says ${expected}`).toBe(true);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('has each theme total of `stats --json` add up to the metric’s total', () => {
    for (const metric of stats.metrics) {
      const byTheme = Object.values(metric.byTheme).reduce((a, b) => a + b, 0);
      const bySection = Object.values(metric.bySection).reduce((a, b) => a + b, 0);
      const byMonth = Object.values(metric.byMonth).reduce((a, b) => a + b, 0);
      expect([byTheme, bySection, byMonth], metric.id).toEqual([metric.total, metric.total, metric.total]);
    }
  });

  it('lists every figure the document prints in figures.json, with what it counts', () => {
    let found = 0;
    for (const { scope, summary } of themes()) {
      for (const slot of slotsOf(summary, markdown)) {
        const metricId = /"(\w+)"/.exec(slot.call)?.[1];
        const tag = /tag="([^"]+)"/.exec(slot.call)?.[1];
        const record = sidecar.figures.find(
          (r) =>
            r.printed === slot.printed &&
            (slot.call.includes('figure') ? r.metric === metricId : r.counts.includes(scope)) &&
            (metricId === undefined ? r.metric === undefined : r.metric === metricId) &&
            (tag === undefined || r.counts.includes(`tag=${tag}`)),
        );
        expect(record, `${scope}: ${slot.call} printed ${slot.printed}`).toBeDefined();
        expect(record!.sources.length, `${scope}: ${slot.call}`).toBeGreaterThan(0);
        found++;
      }
    }
    expect(sidecar.figures.reduce((n, r) => n + r.occurrences, 0)).toBe(found);
  });

  it('prints every figure of figures.json, and its value adds up from its entries', () => {
    for (const record of sidecar.figures) {
      expect(markdown, record.counts).toContain(record.printed);
      const approximateWanted = /[余近万]/.test(record.printed);
      expect(phrases(record.printed, record.value, approximateWanted) || record.printed === String(record.value), `${record.counts}: ${record.printed}`).toBe(true);
      const sum = record.metric === undefined ? record.sources.length : record.sources.reduce((s, e) => s + (e.value ?? NaN), 0);
      expect(sum, record.counts).toBe(record.value);
    }
  });

  it('gives source entries whose file:line holds that very event', () => {
    const entries = new Map<string, SourceEntry>();
    for (const record of sidecar.figures) for (const e of record.sources) entries.set(`${e.file}:${e.sheet ?? ''}:${e.line}`, e);
    expect(entries.size).toBeGreaterThan(50);
    expect([...entries.values()].some((e) => e.sheet !== undefined) && [...entries.values()].some((e) => e.file.endsWith('.csv'))).toBe(true);
    for (const [where, entry] of entries) {
      const held = entryAt(entry.file, entry.line, entry.sheet);
      expect(held, where).toBeDefined();
      if (entry.title !== undefined) expect({ date: held!.date, title: held!.title }, where).toEqual({ date: entry.date, title: entry.title });
      else expect(held!.value, where).toBe(entry.value);
    }
  });

  it('writes the same figures.json whatever the working directory', () => {
    const again = temporaryFolder('stats');
    execFileSync('node', [cli, 'build', '2024', '--format', 'md', '--out', again], { cwd: example });
    expect(readFileSync(path.join(again, 'bulletin.figures.json'), 'utf8')).toBe(readFileSync(path.join(out, 'bulletin.figures.json'), 'utf8'));
  });

  it('explains a tag-filtered figure line by line, with the total the document rounds', () => {
    const text = execFileSync('node', [cli, 'explain', '2024', 'participants', '--tag', '宣讲交流会', '-C', example], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const lines = text.trim().split('\n');
    // file:line, or a workbook's row as file:Sheet!A17.
    const rows = lines.slice(1, -1).map((l) => /^(\S+?):(?:(\S+)!A)?(\d+)\s+(\d{4}-\d{2}-\d{2})\s+(.+?)\s+(\d+)$/.exec(l));
    expect(rows.every(Boolean), text).toBe(true);
    for (const row of rows) expect(entryAt(path.relative(example, path.resolve(row![1]!)), Number(row![3]), row![2])).toMatchObject({ date: row![4], title: row![5] });
    const total = rows.reduce((s, r) => s + Number(r![6]), 0);
    expect(lines.at(-1)).toBe(`合计 ${total} 名（${rows.length} 条记录）`);
    const printed = sidecar.figures.find((r) => r.metric === 'participants' && r.counts.includes('tag=宣讲交流会'))!;
    expect(printed.value).toBe(total);
  });

  it('explains by the `counts` text of a figures.json record', () => {
    const record = sidecar.figures.find((r) => r.counts.startsWith('活动条数'))!;
    const json = JSON.parse(execFileSync('node', [cli, 'explain', '2024', record.counts, '-C', example, '--json'], { encoding: 'utf8' })) as { total: number; entries: SourceEntry[] };
    expect(json.total).toBe(record.value);
    expect(json.entries.map((e) => `${path.relative(example, path.resolve(e.file))}:${e.line}`)).toEqual(record.sources.map((e) => `${e.file}:${e.line}`));
  });

  it('prints a table without colour codes when not on a terminal', () => {
    const table = execFileSync('node', [cli, 'stats', '2024', '-C', example], { encoding: 'utf8' });
    expect(table).not.toContain('\u001b[');
    const lectures = stats.metrics.find((m) => m.id === 'lectures')!;
    expect(table).toMatch(new RegExp(`^宣讲\\s+lectures\\s+场次\\s+${lectures.total}$`, 'm'));
    expect(table).toContain('按部分');
    expect(table).toContain('按月');
  });
});
