// Test helper: minimal .xlsx files written part by part (fflate), for what exceljs will not make:
// a sheet of a million rows, a shared-strings table of a million entries, a zip whose directory
// declares more than it holds.

import { strToU8, zipSync } from 'fflate';

const CONTENT_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';
const RELS =
  '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';
const WORKBOOK =
  '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="活动记录" sheetId="1" r:id="rId1"/></sheets></workbook>';

/** A one-sheet workbook; `sheetData` is the inside of <sheetData>, `before` what precedes it (a <dimension>). */
export function minimalXlsx(options: { sheetData: string; before?: string; sharedStrings?: string }): Uint8Array {
  const sheet = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${options.before ?? ''}<sheetData>${options.sheetData}</sheetData></worksheet>`;
  return zipSync({
    '[Content_Types].xml': strToU8(CONTENT_TYPES),
    'xl/workbook.xml': strToU8(WORKBOOK),
    'xl/_rels/workbook.xml.rels': strToU8(RELS),
    'xl/worksheets/sheet1.xml': strToU8(sheet),
    ...(options.sharedStrings !== undefined
      ? { 'xl/sharedStrings.xml': strToU8(`<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${options.sharedStrings}</sst>`) }
      : {}),
  });
}

/** The zip with every central-directory entry declaring `size` uncompressed bytes, as a zip bomb does. */
export function declaringSize(zip: Uint8Array, size: number): Uint8Array {
  const bytes = new Uint8Array(zip);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i + 46 <= bytes.length; i++) {
    if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, size, true);
  }
  return bytes;
}

/** A header row and `count` data rows of one number each. */
export function inlineRows(count: number): string {
  const rows = ['<row r="1"><c r="A1" t="inlineStr"><is><t>日期</t></is></c></row>'];
  for (let r = 2; r <= count + 1; r++) rows.push(`<row r="${r}"><c r="A${r}"><v>1</v></c></row>`);
  return rows.join('');
}
