// Load stage: turn a file's bytes into text. Logs are typed in Notepad and WPS on Windows as often
// as not, so a byte-order mark is dropped, a file saved as GBK/GB18030 is read (with a warning
// telling how to re-save it as UTF-8) rather than turned into mojibake, and Notepad's “Unicode”
// (UTF-16 with a byte-order mark) is read too. Bytes that are no text at all (a NUL byte, or
// neither UTF-8 nor GB18030) are refused with a message instead of being parsed as YAML.

import iconv from 'iconv-lite';
import type { Diagnostic, SourcePosition } from '../model/diagnostic.js';

export interface SourceText {
  text: string;
  diagnostics: Diagnostic[];
  /** False when the bytes are not text; `text` is then empty and must not be parsed. */
  readable?: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const RESAVE_AS_UTF8 = '请用记事本或 WPS 打开，“另存为”时编码选“UTF-8”后保存';
/** One or two are a slip; after that the file is most likely not text, and more lines add nothing. */
const MAX_CONTROL_CHARACTER_REPORTS = 5;

export function decodeSource(file: string, bytes: Uint8Array): SourceText {
  const decoded = decodeBytes(file, bytes);
  if (decoded.readable === false) return decoded;
  decoded.diagnostics.push(...controlCharacters(file, decoded.text));
  return decoded;
}

/** decodeSource without the look for control characters, for a reader that refuses them itself. */
export function decodeBytes(file: string, bytes: Uint8Array): SourceText {
  const start: SourcePosition = { file, line: 1, column: 1 };
  // UTF-16 is recognised only by its byte-order mark, which Notepad always writes.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(start, iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16le'));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(start, iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16be'));
  if (bytes.includes(0)) {
    return unreadable(start, 'binary-file', '这不是文本文件（含有二进制内容），无法读取', '活动记录和配置应是 YAML 文本文件；如果是从其他程序导出的，请另存为 UTF-8 文本');
  }
  try {
    return { text: stripBom(utf8.decode(bytes)), diagnostics: [] };
  } catch {
    // Not valid UTF-8. In this user base the only other encoding seen is the Windows Chinese
    // code page; GB18030 is a superset of GBK and GB2312, so decoding with it is lossless for them.
    const text = stripBom(iconv.decode(Buffer.from(bytes), 'gb18030'));
    if (text.includes('\ufffd')) {
      return unreadable(start, 'unknown-encoding', '文件既不是 UTF-8 编码，也不是 GBK/GB18030 编码，无法读取', RESAVE_AS_UTF8);
    }
    return {
      text,
      diagnostics: [
        {
          ...start,
          severity: 'warning',
          code: 'encoding-gb18030',
          message: '文件不是 UTF-8 编码，已按 GBK/GB18030 读取',
          hint: `${RESAVE_AS_UTF8}，以免个别字符读错`,
        },
      ],
    };
  }
}

function utf16(start: SourcePosition, text: string): SourceText {
  return {
    text,
    diagnostics: [
      {
        ...start,
        severity: 'warning',
        code: 'encoding-utf16',
        message: '文件是 UTF-16 编码（记事本的“Unicode”），已按 UTF-16 读取',
        hint: RESAVE_AS_UTF8,
      },
    ],
  };
}

function unreadable(start: SourcePosition, code: string, message: string, hint: string): SourceText {
  return { text: '', readable: false, diagnostics: [{ ...start, severity: 'error', code, message, hint }] };
}

/**
 * Invisible control characters (YAML 1.2 §5.1 allows none but tab and line breaks) usually come
 * from pasting out of another program; they would be printed into the document as they are.
 */
export function controlCharacters(file: string, text: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  // Almost every file has none: one regular expression answers that far faster than the loop.
  if (!CONTROL_CHARACTER.test(text)) return found;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length && found.length < MAX_CONTROL_CHARACTER_REPORTS; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a) {
      line++;
      lineStart = i + 1;
    } else if (isControl(code)) {
      found.push({
        file,
        line,
        column: i - lineStart + 1,
        severity: 'error',
        code: 'control-character',
        message: `这里有一个看不见的控制字符 U+${code.toString(16).toUpperCase().padStart(4, '0')}`,
        hint: '删除这个字符（常见于从其他程序复制粘贴的文字），可先删掉这一处的几个字再重新输入',
      });
    }
  }
  return found;
}

/** The characters isControl accepts. */
// eslint-disable-next-line no-control-regex -- matching control characters is what this expression is for
const CONTROL_CHARACTER = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]/;

function isControl(code: number): boolean {
  if (code === 0x09 || code === 0x0a || code === 0x0d) return false;
  return code < 0x20 || code === 0x7f || (code >= 0x80 && code <= 0x9f && code !== 0x85);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
