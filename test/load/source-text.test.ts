// Load stage: bytes → text as Windows editors save them (UTF-8 with or without BOM, GBK/GB18030,
// Notepad's UTF-16), and bytes that are no text refused before parsing.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeSource } from '../../src/load/source-text.js';
import { loadYamlFile } from '../../src/load/project.js';
import { temporaryFolder } from '../helpers/temp.js';

const LOG = '- date: 2024-03-05\n  section: guidance\n  theme: ideology\n  title: “青年大学习”主题宣讲，𠮷祥社区\n  unit: 团区委\n';
const codes = (diagnostics: { code: string; severity: string }[]) => diagnostics.map((d) => [d.code, d.severity]);

describe('decodeSource', () => {
  it('reads UTF-8 as it is, without a warning', () => {
    expect(decodeSource('a.yaml', Buffer.from(LOG))).toEqual({ text: LOG, diagnostics: [] });
  });

  it('drops a UTF-8 byte-order mark', () => {
    expect(decodeSource('a.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(LOG)])).text).toBe(LOG);
  });

  it('keeps CRLF line endings for the parser (positions count them as one line break)', () => {
    expect(decodeSource('a.yaml', Buffer.from(LOG.replaceAll('\n', '\r\n'))).text).toBe(LOG.replaceAll('\n', '\r\n'));
  });

  it('reads GB18030 (a superset of GBK) correctly, four-byte characters included, with a warning', () => {
    const bytes = iconv.encode(LOG, 'gb18030');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow(); // really not UTF-8
    const decoded = decodeSource('a.yaml', bytes);
    expect(decoded.text).toBe(LOG);
    expect(codes(decoded.diagnostics)).toEqual([['encoding-gb18030', 'warning']]);
    expect(decoded.diagnostics[0]!.hint).toContain('UTF-8');
  });

  it('reads GBK as written by Notepad on Chinese Windows', () => {
    const text = LOG.replace('𠮷', '吉'); // GBK has no four-byte characters
    expect(decodeSource('a.yaml', iconv.encode(text, 'gbk')).text).toBe(text);
  });

  it.each([
    ['UTF-16 LE', [0xff, 0xfe], 'utf-16le'],
    ['UTF-16 BE', [0xfe, 0xff], 'utf-16be'],
  ])('reads %s with its byte-order mark, with a warning', (_, bom, encoding) => {
    const decoded = decodeSource('a.yaml', Buffer.concat([Buffer.from(bom), iconv.encode(LOG, encoding)]));
    expect(decoded.text).toBe(LOG);
    expect(codes(decoded.diagnostics)).toEqual([['encoding-utf16', 'warning']]);
  });

  it('refuses bytes with a NUL as binary, without text to parse', () => {
    const decoded = decodeSource('a.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x0d, 0x0a]));
    expect(decoded).toMatchObject({ text: '', readable: false });
    expect(codes(decoded.diagnostics)).toEqual([['binary-file', 'error']]);
  });

  it('refuses bytes that are neither UTF-8 nor GB18030', () => {
    const decoded = decodeSource('a.yaml', Buffer.from([0x2d, 0x20, 0xff, 0xfe, 0xfd, 0x0a]));
    expect(decoded.readable).toBe(false);
    expect(codes(decoded.diagnostics)).toEqual([['unknown-encoding', 'error']]);
  });

  it('reports invisible control characters at their line and column, at most five', () => {
    const decoded = decodeSource('a.yaml', Buffer.from('a: 1\nb: x\u0007y\u001b\n\tc: \u0085ok\n' + '\u0001'.repeat(10)));
    expect(decoded.diagnostics.slice(0, 2).map((d) => [d.code, d.line, d.column])).toEqual([
      ['control-character', 2, 5],
      ['control-character', 2, 7],
    ]);
    expect(decoded.diagnostics).toHaveLength(5); // tab and NEL are allowed; the run of ten is cut short
  });

  it('counts as control characters C0 and C1 but tab, line breaks and NEL, and DEL', () => {
    const control = (code: number) => (code < 0x20 && ![0x09, 0x0a, 0x0d].includes(code)) || code === 0x7f || (code >= 0x80 && code <= 0x9f && code !== 0x85);
    // NUL makes the file binary, refused before this check.
    for (let code = 1; code < 0x3000; code++) {
      const found = decodeSource('a.yaml', Buffer.from(`a: x${String.fromCharCode(code)}y\n`)).diagnostics.some((d) => d.code === 'control-character');
      expect(found, `U+${code.toString(16)}`).toBe(control(code));
    }
  });
});

describe('loadYamlFile on a real GB18030 file', () => {
  it('parses the values correctly and warns once', () => {
    const dir = temporaryFolder('gb18030');
    const file = path.join(dir, 'log.yaml');
    writeFileSync(file, iconv.encode(LOG, 'gb18030'));
    const source = loadYamlFile(file, dir);
    expect(source.value).toEqual([{ date: '2024-03-05', section: 'guidance', theme: 'ideology', title: '“青年大学习”主题宣讲，𠮷祥社区', unit: '团区委' }]);
    expect(codes(source.diagnostics)).toEqual([['encoding-gb18030', 'warning']]);
    // Positions are in characters of the decoded text, not bytes of the file.
    expect(source.locateInText!([0, 'title'], '“青年大学习”主题宣讲，'.length - 1)).toMatchObject({ line: 4, column: 21 });
  });
});
