// Activity logs kept in spreadsheets: a CSV file or the sheets of a workbook become the same
// events as a YAML log, each value positioned at its cell, and go through the same validation.

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { loadActivityTable } from '../../src/load/table-files.js';
import { loadProject } from '../../src/load/project.js';
import { parsePeriod } from '../../src/model/period.js';
import { validateProject } from '../../src/validate/project.js';
import { temporaryFolder } from '../helpers/temp.js';

const METRICS = [
  { id: 'lectures', label: '宣讲' },
  { id: 'participants', label: '参加人数' },
];
const HEADER = '日期,部分,条目,标题,内容,填报单位,标签,重点,宣讲';
const work = temporaryFolder('sheets');
let files = 0;

function csvSource(content: string | Buffer) {
  const file = path.join(work, `log${files++}.csv`);
  writeFileSync(file, content);
  return loadActivityTable(file, METRICS, work);
}

async function xlsxSource(fill: (book: ExcelJS.Workbook) => void) {
  const book = new ExcelJS.Workbook();
  fill(book);
  const file = path.join(work, `log${files++}.xlsx`);
  await book.xlsx.writeFile(file);
  return loadActivityTable(file, METRICS, work);
}

describe('CSV logs', () => {
  it('reads Chinese headers, tags, 重点, metrics by label, text dates; skips empty rows', () => {
    const source = csvSource(`${HEADER}\n2024/5/4,guidance,ideology,五四宣讲,"讲述雷锋故事，""学雷锋""",团区委,宣讲、五四；青年,是,3\n,,,,,,,,\n2024年6月1日,guidance,ideology,六一队日,,,,否,\n`);
    expect(source.diagnostics).toEqual([]);
    expect(source.value).toEqual([
      { date: '2024-05-04', section: 'guidance', theme: 'ideology', title: '五四宣讲', text: '讲述雷锋故事，"学雷锋"', unit: '团区委', tags: ['宣讲', '五四', '青年'], highlight: true, metrics: { lectures: 3 } },
      { date: '2024-06-01', section: 'guidance', theme: 'ideology', title: '六一队日', highlight: false },
    ]);
  });

  it('reads the YAML field names and metric ids as headers, and a title row above the header', () => {
    const source = csvSource('2024年活动台账,,,,\ndate,section,theme,title,lectures\n2024-05-04,guidance,ideology,宣讲,2\n');
    expect(source.value).toEqual([{ date: '2024-05-04', section: 'guidance', theme: 'ideology', title: '宣讲', metrics: { lectures: 2 } }]);
  });

  it('positions a value at its row (the line it starts on) and column number', () => {
    const source = csvSource(`${HEADER}\n2024-05-04,guidance,ideology,"两行\n标题",,,,,3\n2024-05-05,guidance,ideology,x,,,,,4\n`);
    expect(source.locate([0, 'metrics', 'lectures'])).toEqual({ file: expect.stringMatching(/\.csv$/), line: 2, column: 9 });
    expect(source.locate([1, 'theme'])).toMatchObject({ line: 4, column: 3 });
    expect(source.locate([1])).toMatchObject({ line: 4, column: 1 });
  });

  it.each([
    ['GBK, as Excel saves CSV on Chinese Windows', iconv.encode(`${HEADER}\n2024-05-04,guidance,ideology,宣讲,,,,,1\n`, 'gbk'), 'encoding-gb18030'],
    ['UTF-16 with a byte-order mark, tab-separated (Excel “Unicode text”)', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(`${HEADER.replaceAll(',', '\t')}\r\n2024-05-04\tguidance\tideology\t宣讲\t\t\t\t\t1\r\n`, 'utf-16le')]), 'encoding-utf16'],
    ['UTF-8 with a byte-order mark (Excel “CSV UTF-8”)', Buffer.from(`\ufeff${HEADER}\r\n2024-05-04,guidance,ideology,宣讲,,,,,1\r\n`), undefined],
  ])('%s', (_, bytes, warning) => {
    const source = csvSource(bytes);
    expect(source.value).toEqual([{ date: '2024-05-04', section: 'guidance', theme: 'ideology', title: '宣讲', metrics: { lectures: 1 } }]);
    expect(source.diagnostics.map((d) => d.code)).toEqual(warning ? [warning] : []);
  });

  it.each([
    ['no header', '2024-05-04,guidance,ideology,宣讲\n', 'no-header', 1, 1],
    ['a required column missing', '日期,部分,标题\n2024-05-04,guidance,宣讲\n', 'missing-column', 1, 4],
    ['an unknown column', '日期,部分,条目,标题,备注\n2024-05-04,guidance,ideology,宣讲,x\n', 'unknown-column', 1, 5],
    ['a column twice', '日期,部分,条目,标题,title\n2024-05-04,guidance,ideology,宣讲,x\n', 'duplicate-column', 1, 5],
    ['an unclosed quote', `${HEADER}\n2024-05-04,guidance,"ideology,宣讲\n`, 'csv-unclosed-quote', 2, 3],
  ])('%s → %s at %i:%i', (_, text, code, line, column) => {
    expect(csvSource(text).diagnostics[0]).toMatchObject({ code, line, column, severity: 'error' });
  });
});

describe('workbook logs', () => {
  it('reads real dates, text dates, formulas by their cached value and several sheets in order', async () => {
    const source = await xlsxSource((book) => {
      const may = book.addWorksheet('5月');
      may.addRow(['日期', '部分', '条目', '标题', '宣讲', '参加人数']);
      may.addRow([new Date(Date.UTC(2024, 4, 4)), 'guidance', 'ideology', '五四宣讲', { formula: '1+1', result: 2 }, 120]);
      const june = book.addWorksheet('6月');
      june.addRow(['日期', '部分', '条目', '标题', '宣讲']);
      june.addRow(['2024/6/1', 'guidance', 'ideology', '六一队日', '３']);
    });
    expect(source.diagnostics).toEqual([]);
    expect(source.value).toEqual([
      { date: '2024-05-04', section: 'guidance', theme: 'ideology', title: '五四宣讲', metrics: { lectures: 2, participants: 120 } },
      { date: '2024-06-01', section: 'guidance', theme: 'ideology', title: '六一队日', metrics: { lectures: '３' } },
    ]);
    expect(source.locate([1, 'metrics', 'lectures'])).toMatchObject({ sheet: '6月', line: 2, column: 5 });
  });

  it('reports error values, uncalculated formulas, merged cells, hidden sheets and sheets that are no log', async () => {
    const source = await xlsxSource((book) => {
      const log = book.addWorksheet('记录');
      log.addRow(['日期', '部分', '条目', '标题', '宣讲']);
      log.addRow(['2024-05-04', 'guidance', 'ideology', 'a', { formula: 'A9/0', result: { error: '#DIV/0!' } }]);
      log.addRow(['2024-05-05', 'guidance', 'ideology', 'b', { formula: 'A9+1' }]);
      log.addRow(['2024-05-06', 'guidance', 'ideology', 'c']);
      log.addRow(['2024-05-07', '', 'ideology', 'd']);
      log.mergeCells('B4:B5');
      const hidden = book.addWorksheet('旧记录', { state: 'hidden' });
      hidden.addRow(['日期', '标题']);
      book.addWorksheet('说明').addRow(['填表说明：每行一项活动']);
    });
    expect(source.diagnostics.map((d) => [d.code, d.severity, d.sheet, `${d.line}:${d.column}`])).toEqual([
      ['merged-cells', 'error', '记录', '4:2'],
      ['cell-error', 'error', '记录', '2:5'],
      ['formula-without-value', 'error', '记录', '3:5'],
      ['hidden-sheet', 'warning', '旧记录', '1:1'],
      ['sheet-not-read', 'warning', '说明', '1:1'],
    ]);
  });

  it('a workbook with no header anywhere: no-header at its first sheet', async () => {
    const source = await xlsxSource((book) => book.addWorksheet('Sheet1').addRow(['2024-05-04', 'guidance', 'ideology', '宣讲']));
    expect(source.diagnostics).toEqual([expect.objectContaining({ code: 'no-header', sheet: 'Sheet1', line: 1, column: 1, severity: 'error' })]);
  });

  it('a file that is no workbook: one problem naming the file, nothing read', () => {
    const file = path.join(work, 'not.xlsx');
    writeFileSync(file, 'hello');
    const source = loadActivityTable(file, METRICS, work);
    expect(source.value).toBeUndefined();
    expect(source.diagnostics).toEqual([expect.objectContaining({ code: 'not-a-workbook', line: 1, column: 1 })]);
  });
});

describe('validated like YAML', () => {
  const project = (files: Record<string, string | Buffer>) => {
    const root = mkdtempSync(path.join(work, 'project-'));
    const config = readFileSync(path.resolve(import.meta.dirname, '../fixtures/valid/minimal/summarize.yaml'));
    for (const [name, content] of Object.entries({ 'summarize.yaml': config, ...files })) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), content);
    }
    return validateProject(loadProject(root, 2024), parsePeriod('2024'));
  };

  it('every problem in one run, at its cell, with the row as the code frame', () => {
    const { diagnostics } = project({
      'activities/2024/台账.csv': `${HEADER}\n2024-05-04,guidence,ideology,宣讲,,,,,1\n2024-02-30,guidance,ideology,宣讲二,,,,,2场\n2023-12-31,guidance,ideolog,宣讲三,,,,,\n`,
    });
    expect(diagnostics.map((d) => [d.code, `${d.line}:${d.column}`])).toEqual([
      ['unknown-section', '2:2'],
      ['invalid-date', '3:1'],
      ['number-with-unit', '3:9'],
      ['date-outside-year', '4:1'],
      ['unknown-theme', '4:3'],
    ]);
    // The event is named by its row, not as the YAML list's item (第2项).
    expect(diagnostics[2]!.message).toMatch(/^第3行的“宣讲”应是纯数字/);
    expect(diagnostics[0]!.row).toEqual({
      header: { line: 1, values: HEADER.split(',') },
      row: { line: 2, values: ['2024-05-04', 'guidence', 'ideology', '宣讲', '', '', '', '', '1'] },
    });
  });

  it('a summarize.yaml that cannot be read is the one problem: its metrics are not each an unknown column of the logs', () => {
    const log = `${HEADER},参加人数,备注\n2024-05-04,guidance,ideology,宣讲,,,,,1,30,x\n`;
    const broken = project({ 'summarize.yaml': 'organisation: : [\n', 'activities/2024/台账.csv': log });
    expect(broken.diagnostics.map((d) => [d.file.replace(/^.*\//, ''), d.code])).toEqual([['summarize.yaml', expect.stringMatching(/^yaml-/)]]);
    // Read, its metrics are known again, and a column that is none of them is unknown.
    const readable = project({ 'activities/2024/台账.csv': log });
    expect(readable.diagnostics.map((d) => [d.code, `${d.line}:${d.column}`])).toEqual([['unknown-column', '1:11']]);
  });

  it('of events with the same date and title, a duplicate names the one with its numbers; others are not duplicates', () => {
    const line = (lectures: number) => `- {date: 2024-05-04, section: guidance, theme: ideology, title: 宣讲, metrics: {lectures: ${lectures}}}\n`;
    const { diagnostics } = project({ 'activities/2024/a.yaml': [1, 2, 3, 2, 1, 3, 3].map(line).join('') });
    expect(diagnostics.map((d) => [d.code, d.line, d.mentions?.[0]?.line])).toEqual([
      ['duplicate-event', 4, 2],
      ['duplicate-event', 5, 1],
      ['duplicate-event', 6, 3],
      ['duplicate-event', 7, 3],
    ]);
  });

  it('a duplicate of a YAML event names the YAML line; events from both kinds of file are counted alike', () => {
    const { diagnostics, project: valid } = project({
      'activities/2024/a.yaml': '- {date: 2024-05-04, section: guidance, theme: ideology, title: 宣讲, metrics: {lectures: 1}}\n',
      'activities/2024/b.csv': `${HEADER}\n2024-05-04,guidance,ideology,宣讲,,,,,1\n2024-05-05,guidance,ideology,宣讲二,,,,,1\n`,
    });
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'duplicate-event', line: 2, mentions: [{ file: 'activities/2024/a.yaml', line: 1 }] })]);
    expect(valid?.activities.map((a) => a.source)).toEqual([
      expect.objectContaining({ file: expect.stringMatching(/a\.yaml$/), line: 1 }),
      expect.objectContaining({ file: expect.stringMatching(/b\.csv$/), line: 2, column: 1 }),
      expect.objectContaining({ file: expect.stringMatching(/b\.csv$/), line: 3, column: 1 }),
    ]);
  });

  it('ignores Excel’s lock file ~$台账.xlsx', () => {
    const { diagnostics } = project({ 'activities/2024/~$台账.xlsx': 'locked', 'activities/2024/a.yaml': '[]\n' });
    expect(diagnostics).toEqual([]);
  });
});
