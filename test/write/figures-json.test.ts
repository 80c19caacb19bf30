import { describe, expect, it } from 'vitest';
import type { DocumentModel, TextRun } from '../../src/model/document.js';
import type { Figure, FigureSource } from '../../src/model/figure.js';
import { sourceEntry } from '../../src/aggregate/query.js';
import { entryJson, figureSources, figuresJson, type AuditRecord } from '../../src/write/figures-json.js';
import { aggregatesOf, event } from '../aggregate/fixtures.js';
import { keepCheckedLogsInMemory } from '../../src/cache/checked-logs.js';

const a = event('2024-03-01', { title: '春季宣讲', metrics: { lectures: 2, reached: 300 }, tags: ['宣讲'], line: 4 });
const b = event('2024-05-04', { title: '五四宣讲', metrics: { lectures: 3 }, tags: ['宣讲'], line: 12, file: 'activities/2024/b.yaml' });
const old = event('2023-05-04', { title: '去年五四宣讲', metrics: { lectures: 4 }, line: 7 });
const agg = aggregatesOf('2024', { events: [a, b], figures: { members: 1248 } }, { events: [old] });

const lectures: Figure = { counts: '宣讲（lectures）', value: 5, sources: [b, a], metric: 'lectures' };
const count: Figure = { counts: '活动条数 tag=宣讲', value: 2, sources: [a, b] };
const members: Figure = { counts: '团员（members）', value: 1248, sources: [agg.figures.members!], metric: 'members' };
const yoy: Figure = { counts: '同比 宣讲（lectures）', value: 0.25, sources: [a, b, old], metric: 'lectures' };

function modelPrinting(...runs: TextRun[]): DocumentModel {
  return { title: 't', date: '2024-12-31', blocks: [{ kind: 'paragraph', role: 'body', runs }] };
}

const model = modelPrinting(
  { text: '宣讲' },
  { text: '5', figure: lectures },
  { text: '场，其中' },
  { text: '2', figure: count, bold: true },
  { text: '场，再讲' },
  { text: '5', figure: lectures },
  { text: '场；团员' },
  { text: '1248', figure: members },
  { text: '名，' },
  { text: '同比增长25.0%', figure: yoy },
);
/** The sidecar's bytes, as written one piece after another. */
function sidecar(printing: DocumentModel): Buffer {
  return Buffer.concat([...figuresJson(printing, { period: '2024', kind: 'bulletin' })]);
}

/** The records of the sidecar, as a reader parses them. */
function auditRecords(printing: DocumentModel): AuditRecord[] {
  return (JSON.parse(sidecar(printing).toString('utf8')) as { figures: AuditRecord[] }).figures;
}
const records = auditRecords(model);

describe('figuresJson: the figures a document model prints', () => {
  it('merges a figure printed twice the same way, counting occurrences', () => {
    expect(records.filter((r) => r.counts === '宣讲（lectures）')).toHaveLength(1);
    expect(records.find((r) => r.counts === '宣讲（lectures）')?.occurrences).toBe(2);
  });

  it('sorts records by what they count, sources by file and line', () => {
    expect(records.map((r) => r.counts)).toEqual(['同比 宣讲（lectures）', '团员（members）', '宣讲（lectures）', '活动条数 tag=宣讲']);
    expect(records[2]!.sources.map((s) => `${s.file}:${s.line}`)).toEqual(['activities/2024/b.yaml:12', 'activities/2024/log.yaml:4']);
  });

  it.each([
    ['a metric: each event’s value', '宣讲（lectures）', [3, 2]],
    ['a count: no per-entry value', '活动条数 tag=宣讲', [undefined, undefined]],
    ['a standalone figure: its value', '团员（members）', [1248]],
    ['同比: both years’ events', '同比 宣讲（lectures）', [4, 3, 2]],
  ])('entries of %s', (_, counts, values) => {
    expect(records.find((r) => r.counts === counts)!.sources.map((s) => s.value)).toEqual(values);
  });

  it('names each event’s date and title', () => {
    expect(records[2]!.sources[0]).toStrictEqual({ file: 'activities/2024/b.yaml', line: 12, column: 3, date: '2024-05-04', title: '五四宣讲', value: 3 });
  });

  it('takes the wording from the page, so a converted page is audited as converted', () => {
    const converted = modelPrinting({ text: '覆蓋' }, { text: '1.1萬餘', figure: { ...count, value: 11234 } }, { text: '人次' });
    expect(auditRecords(converted).map((r) => [r.printed, r.value])).toEqual([['1.1萬餘', 11234]]);
  });

  it('lists nothing that the page does not print', () => {
    expect(auditRecords(modelPrinting({ text: '宣讲5场' }))).toEqual([]);
  });

  it('is deterministic whatever order the figures were printed in', () => {
    const reversed = { ...model, blocks: [{ ...model.blocks[0]!, runs: [...(model.blocks[0] as { runs: TextRun[] }).runs].reverse() }] } as DocumentModel;
    expect(sidecar(reversed).equals(sidecar(model))).toBe(true);
  });

  it.each([
    ['an event with a metric', a, 'reached'],
    ['an event without that metric', b, 'reached'],
    ['a counted event', a, undefined],
    ['a standalone figure', agg.figures.members!, 'members'],
    ['a spreadsheet row', { ...a, title: '“引号”\\\n', source: { file: 'a.xlsx', sheet: '活动', line: 5, column: 2 } }, 'lectures'],
    ...['"青年"大学习', '宣讲\t第一场', '团日活动🎉', '半个\ud83c字', '行\u2028分隔', '\u007f删除', '\u0000', ''].map((title): [string, FigureSource, string] => [`the title ${JSON.stringify(title)}`, { ...a, title }, 'reached']),
  ])('writes an entry line as JSON.stringify writes the entry: %s', (_, source, metric) => {
    expect(entryJson(source, metric, JSON.stringify(source.source.file))).toBe(JSON.stringify(sourceEntry(source, metric)));
  });

  it('sorts entries by file, sheet, line and column however they come, within a file too', () => {
    const at = (file: string, line: number, column = 3, sheet?: string) => ({
      ...event('2024-03-01', { title: `${file}:${sheet ?? ''}:${line}:${column}` }),
      source: { file, line, column, ...(sheet === undefined ? {} : { sheet }) },
    });
    const sources = [at('b.yaml', 9), at('a.xlsx', 4, 1, '乙'), at('b.yaml', 2), at('a.xlsx', 7, 1, '甲'), at('b.yaml', 2, 1), at('a.xlsx', 2, 1, '乙'), at('a.yaml', 5)];
    const sorted = [...sources].sort((x, y) => (x.title < y.title ? -1 : 1)).map((e) => e.title);
    const figure = { counts: '活动条数', value: 7, sources };
    const [record] = auditRecords(modelPrinting({ text: '7', figure }));
    expect(record!.sources.map((entry) => entry.title)).toEqual(sorted);
    // The preview lists a figure's entries in the same order (preview/state.ts).
    expect(figureSources(figure).map((entry) => entry.title)).toEqual(sorted);
  });

  it('keeps entries that come in file order as they come, and sorts them when one file comes back later', () => {
    const at = (file: string, line: number) => ({ ...event('2024-03-01', { title: `${file}:${line}` }), source: { file, line, column: 3 } });
    const inOrder = [at('activities/2024/01.yaml', 2), at('activities/2024/01.yaml', 9), at('activities/2024/02.yaml', 1), at('activities/2024/03.yaml', 4)];
    const titles = (sources: ReturnType<typeof at>[]) => figureSources({ counts: '活动条数', value: sources.length, sources }).map((entry) => entry.title);
    expect(titles(inOrder)).toEqual(inOrder.map((e) => e.title));
    const backAgain = [...inOrder, at('activities/2024/01.yaml', 5)];
    expect(titles(backAgain)).toEqual(['activities/2024/01.yaml:2', 'activities/2024/01.yaml:5', 'activities/2024/01.yaml:9', 'activities/2024/02.yaml:1', 'activities/2024/03.yaml:4']);
    // A roll-up's units, day by day: each file's entries come in runs, and a run may go back up the file.
    const dayByDay = [at('units/b/2024.yaml', 2), at('units/a/2024.yaml', 7), at('units/b/2024.yaml', 4), at('units/a/2024.yaml', 3), at('units/a/2024.yaml', 5), at('units/b/2024.yaml', 1)];
    expect(titles(dayByDay)).toEqual(['units/a/2024.yaml:3', 'units/a/2024.yaml:5', 'units/a/2024.yaml:7', 'units/b/2024.yaml:1', 'units/b/2024.yaml:2', 'units/b/2024.yaml:4']);
    // A workbook's sheets by name, then rows; one row given twice keeps the order given.
    const inSheet = (sheet: string, line: number, title = `${sheet}!${line}`) => ({ ...event('2024-03-01', { title }), source: { file: 'activities/2024/活动.xlsx', sheet, line, column: 2 } });
    const sheets = [at('units/b/2024.yaml', 2), inSheet('二季度', 3), inSheet('一季度', 9), inSheet('二季度', 3, '又一条'), inSheet('一季度', 4), at('units/a/2024.yaml', 1)];
    expect(titles(sheets)).toEqual(['一季度!4', '一季度!9', '二季度!3', '又一条', 'units/a/2024.yaml:1', 'units/b/2024.yaml:2']);
    // Two events on one line (a flow list), by column.
    const oneLine = [{ ...at('units/a/2024.yaml', 6), source: { file: 'units/a/2024.yaml', line: 6, column: 30 } }, at('units/b/2024.yaml', 1), at('units/a/2024.yaml', 6)];
    expect(figureSources({ counts: '活动条数', value: 3, sources: oneLine }).map((entry) => entry.column)).toEqual([3, 30, 3]);
  });

  it('merges a figure printed twice from two lists of the same entries', () => {
    const first = { ...count, sources: [a, b] };
    const second = { ...count, sources: [b, a] };
    expect(auditRecords(modelPrinting({ text: '2', figure: first }, { text: '2', figure: second })).map((r) => r.occurrences)).toEqual([2]);
  });

  // Last: it keeps what is worked out per event from here on, as watch mode and preview do.
  it('writes the same bytes when loaded events are kept between rebuilds', () => {
    const once = sidecar(model);
    keepCheckedLogsInMemory();
    expect(sidecar(model).equals(once)).toBe(true);
    expect(sidecar(model).equals(once)).toBe(true);
  });
});
