// The logging workbook: what summarize.yaml puts in it, read back with the tool's own reader and
// with exceljs (data validation, notes, frozen header), and opened by LibreOffice Calc where it is
// installed (the test skips itself otherwise).

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/load/project.js';
import { readWorkbook } from '../../src/load/xlsx-reader.js';
import { parsePeriod } from '../../src/model/period.js';
import { validateProject } from '../../src/validate/project.js';
import { findOffice } from '../../src/write/pdf.js';
import { PREPARED_ROWS, renderLogWorkbook } from '../../src/write/workbook.js';
import { temporaryFolder } from '../helpers/temp.js';

const example = path.resolve(import.meta.dirname, '../../examples/shangjie');
const { project } = validateProject(loadProject(example, 2024), parsePeriod('2024'));
const config = project!.config;
const office = findOffice();
const calc = office !== undefined && existsSync(path.join(path.dirname(realpathSync(office)), 'libsclo.so'));
if (!calc) console.warn('skipping the LibreOffice Calc test of the logging workbook: install libreoffice-calc-nogui to run it');

describe('the logging workbook made from examples/shangjie/summarize.yaml', async () => {
  const bytes = await renderLogWorkbook(config, ['团区委', '区少工委']);

  it('has the Chinese header, one column per metric by label, and the 代码表 of ids and titles', () => {
    const [log, codes] = readWorkbook(bytes).sheets!;
    const text = (row: { cells: { value: { kind: string; text?: string } }[] } | undefined) => row?.cells.map((c) => c.value.text);
    expect(log!.name).toBe('活动记录');
    expect(text(log!.rows[0])).toEqual(['日期', '部分', '条目', '标题', '内容', '填报单位', '标签', '重点', ...config.metrics.map((m) => m.label)]);
    expect(codes!.name).toBe('代码表');
    expect(text(codes!.rows[1])?.slice(0, 2)).toEqual([config.sections[0]!.id, config.sections[0]!.title]);
  });

  it('has drop-downs, whole-number metric cells, notes with the counting word, dates formatted as dates and a frozen header', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes.buffer as ArrayBuffer);
    const log = book.getWorksheet('活动记录')!;
    expect(log.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(log.getCell(`B${PREPARED_ROWS + 1}`).dataValidation).toMatchObject({ type: 'list', formulae: [`'代码表'!$A$2:$A$${config.sections.length + 1}`] });
    expect(log.getCell('F2').dataValidation).toMatchObject({ type: 'list', formulae: ["'代码表'!$H$2:$H$3"], errorStyle: 'information' });
    expect(log.getCell('I2').dataValidation).toMatchObject({ type: 'whole', operator: 'greaterThanOrEqual' });
    const metric = config.metrics[0]!;
    expect(JSON.stringify(log.getCell('I1').note)).toContain(`计量单位“${metric.unit}”（指标 ${metric.id}）`);
    expect(log.getColumn(1).numFmt).toBe('yyyy"年"m"月"d"日"');
  });

  it('is the same bytes for the same summarize.yaml', async () => {
    expect(Buffer.from(await renderLogWorkbook(config, ['团区委', '区少工委'])).equals(Buffer.from(bytes))).toBe(true);
  });

  it.skipIf(!calc)('opens in LibreOffice Calc', { timeout: 120_000 }, () => {
    const dir = temporaryFolder('workbook-calc');
    writeFileSync(path.join(dir, 'log.xlsx'), bytes);
    // 76: the CSV in UTF-8.
    execFileSync(office!, ['--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', dir, path.join(dir, 'log.xlsx')], { env: { ...process.env, HOME: dir }, stdio: 'ignore' });
    expect(readFileSync(path.join(dir, 'log.csv'), 'utf8').split('\n')[0]).toBe(['日期', '部分', '条目', '标题', '内容', '填报单位', '标签', '重点', ...config.metrics.map((m) => m.label)].join(','));
  });
});
