// Load stage: turn a file's bytes into text. Logs are typed in Notepad and WPS on Windows as often
// as not, so a byte-order mark is dropped and a file saved as GBK/GB18030 is read (with a warning
// telling how to re-save it as UTF-8) rather than turned into mojibake.

import iconv from 'iconv-lite';
import type { Diagnostic } from '../model/diagnostic.js';

export interface SourceText {
  text: string;
  diagnostics: Diagnostic[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeSource(file: string, bytes: Uint8Array): SourceText {
  try {
    return { text: stripBom(utf8.decode(bytes)), diagnostics: [] };
  } catch {
    // Not valid UTF-8. In this user base the only other encoding seen is the Windows Chinese
    // code page; GB18030 is a superset of GBK and GB2312, so decoding with it is lossless for them.
    return {
      text: stripBom(iconv.decode(Buffer.from(bytes), 'gb18030')),
      diagnostics: [
        {
          file,
          line: 1,
          column: 1,
          severity: 'warning',
          code: 'encoding-gb18030',
          message: '文件不是 UTF-8 编码，已按 GBK/GB18030 读取',
          hint: '请用记事本“另存为”，编码选“UTF-8”后保存，以免个别字符读错',
        },
      ],
    };
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
