// The .xlsx reader on hostile and odd files: each is refused with a named problem, quickly and
// without reading more than the bounds allow.

import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { MAX_PART_BYTES, MAX_ROWS, MAX_STRINGS, readWorkbook } from '../../src/load/xlsx-reader.js';
import { declaringSize, inlineRows, minimalXlsx } from '../helpers/xlsx-parts.js';

/** The first bytes of an OLE compound file, and the stream name an encrypted OOXML file holds. */
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]);
const ENCRYPTED = Buffer.concat([OLE, Buffer.from('EncryptionInfo\0EncryptedPackage', 'utf16le')]);

async function workbook(fill: (book: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  fill(book);
  return new Uint8Array((await book.xlsx.writeBuffer()) as ArrayBuffer);
}

describe('readWorkbook: cells', () => {
  it('reads text, numbers, booleans, dates by their format, formulas by their cached value, errors and uncalculated formulas', async () => {
    const bytes = await workbook((book) => {
      const sheet = book.addWorksheet('记录');
      sheet.getCell('A1').value = '标题';
      sheet.getCell('B1').value = 26;
      sheet.getCell('C1').value = true;
      sheet.getCell('D1').value = new Date(Date.UTC(2024, 4, 4));
      sheet.getCell('E1').value = { formula: 'B1*2', result: 52 };
      sheet.getCell('F1').value = { formula: 'Z99+#REF!', result: { error: '#REF!' } };
      sheet.getCell('G1').value = { formula: 'B1+1' };
      sheet.getCell('H1').value = { richText: [{ text: '红领巾' }, { text: '巡讲', font: { bold: true } }] };
    });
    const { sheets } = readWorkbook(bytes);
    expect(sheets?.[0]?.rows[0]?.cells.map((c) => c.value)).toEqual([
      { kind: 'text', text: '标题' },
      { kind: 'number', number: 26 },
      { kind: 'boolean', value: true },
      { kind: 'date', iso: '2024-05-04' },
      { kind: 'number', number: 52 },
      { kind: 'error', error: '#REF!' },
      { kind: 'formula', formula: 'B1+1' },
      { kind: 'text', text: '红领巾巡讲' },
    ]);
  });

  it('names hidden sheets and lists merged cells', async () => {
    const bytes = await workbook((book) => {
      book.addWorksheet('一').getCell('A1').value = 'x';
      const hidden = book.addWorksheet('二', { state: 'hidden' });
      hidden.getCell('A1').value = 'y';
      hidden.mergeCells('A2:A4');
    });
    const { sheets } = readWorkbook(bytes);
    expect(sheets?.map((s) => [s.name, s.hidden, s.merged.map((m) => m.ref)])).toEqual([
      ['一', false, []],
      ['二', true, ['A2:A4']],
    ]);
  });

  it('keeps a number a number when the workbook has no styles', () => {
    const zip = minimalXlsx({ sheetData: '<row r="1"><c r="A1"><v>45416</v></c></row>' });
    expect(readWorkbook(zip).sheets?.[0]?.rows[0]?.cells[0]?.value).toEqual({ kind: 'number', number: 45416 });
  });
});

describe('readWorkbook: refused', () => {
  it.each([
    ['text renamed to .xlsx', 'not-a-workbook', Buffer.from('日期,标题\n2024-05-04,x\n')],
    ['an empty file', 'not-a-workbook', Buffer.alloc(0)],
    ['a truncated zip', 'not-a-workbook', Buffer.from(minimalXlsx({ sheetData: '' }).subarray(0, 200))],
    ['a password-protected workbook', 'workbook-encrypted', ENCRYPTED],
    ['an old .xls workbook', 'workbook-xls', OLE],
    ['broken XML in a sheet', 'not-a-workbook', minimalXlsx({ sheetData: '<row><c><v>1</c></row>' })],
  ])('%s → %s', (_, code, bytes) => {
    expect(readWorkbook(bytes).problem?.code).toBe(code);
  });

  it('a zip bomb: declared sizes are checked before anything is inflated', () => {
    const bomb = declaringSize(minimalXlsx({ sheetData: inlineRows(1) }), MAX_PART_BYTES + 1);
    expect(readWorkbook(bomb).problem).toMatchObject({ code: 'workbook-too-large' });
  });

  it('a sheet of 1 000 000 rows, by its recorded used range, without reading them', () => {
    const zip = minimalXlsx({ before: '<dimension ref="A1:B1000001"/>', sheetData: inlineRows(1) });
    expect(readWorkbook(zip).problem).toMatchObject({ code: 'workbook-too-many-rows', message: expect.stringContaining('1000001') });
  });

  it('a sheet with more rows than the bound and no used range: stopped at the bound', { timeout: 60_000 }, () => {
    const zip = minimalXlsx({ sheetData: inlineRows(MAX_ROWS + 1) });
    expect(readWorkbook(zip).problem).toMatchObject({ code: 'workbook-too-many-rows' });
  });

  it('a shared-strings table of more than a million entries', { timeout: 60_000 }, () => {
    const zip = minimalXlsx({ sheetData: inlineRows(1), sharedStrings: '<si><t>a</t></si>'.repeat(MAX_STRINGS + 1) });
    expect(readWorkbook(zip).problem).toMatchObject({ code: 'workbook-too-many-strings' });
  });

  it('a zip that holds no workbook', () => {
    const docx = declaringSize(minimalXlsx({ sheetData: '' }), 10);
    const renamed = Buffer.from(docx).toString('latin1').replaceAll('xl/workbook.xml', 'word/documen.x');
    expect(readWorkbook(Buffer.from(renamed, 'latin1')).problem?.code).toBe('not-a-workbook');
  });
});
