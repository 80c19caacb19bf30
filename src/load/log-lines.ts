// Load stage: the quickest reading of a log, for the one shape logs are typed in: a list of events
// at the left margin, each a map of `field: value` lines, a value being plain text, a number,
// true/false/null, quoted text on one line, a one-line [list] of such values or {field: value}
// map, or (after a field with nothing on its line) a map of such lines indented under it. js-yaml
// read that at ~5 MB/s; a scan line by line reads it several times faster, with each event's line.
//
// It reads only what it fully understands, exactly as js-yaml's core schema does
// (test/load/log-lines.test.ts holds the two equal), and answers undefined for anything else, which
// then takes the usual path (js-yaml, or yaml's tree): block text, anchors, tags, escapes,
// continued lines, numbers not written as JavaScript prints them, tabs, brackets or control
// characters inside text. What it accepts also holds none of the slips validate/typing-slips.ts
// looks for (no tab or full-width indentation, a space after each field's colon, fields of a map
// aligned), and none of the nesting yaml-source.ts bounds, so neither check has to read it again.

/** Where an event starts: the first character after its `- `, as yaml gives it. */
export interface ItemStart {
  line: number;
  column: number;
}

export interface LogLines {
  value: Record<string, unknown>[];
  itemStarts: ItemStart[];
}

/** As yaml-source.ts's bound on indentation (MAX_INDENT_COLUMNS): a deeper line is that check's to report. */
const MAX_INDENT = 128;
/** Field names kept for reuse (LineReader.key): a log's schema has a dozen, and its metrics' ids. */
const MAX_KEYS_KEPT = 64;
/** An event's fields start within a few columns of its dash. */
const MAX_ITEM_COLUMN = 16;

const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const COMMA = 0x2c;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** The log's events, or undefined when the text is not entirely in the shape read here. */
export function readLogLines(text: string): LogLines | undefined {
  const value: Record<string, unknown>[] = [];
  const itemStarts: ItemStart[] = [];
  const reader = new LineReader(text);
  let item: Record<string, unknown> | undefined;
  let itemColumn = -1;
  // A field of the event with nothing on its line, which a map indented under it may follow.
  let openKey: string | undefined;
  let nested: Record<string, unknown> | undefined;
  let nestedColumn = -1;
  let line = 0;
  for (let start = 0; start < text.length; ) {
    line++;
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const stop = text.charCodeAt(end - 1) === 0x0d && end > start ? end - 1 : end;
    let i = start;
    while (i < stop && text.charCodeAt(i) === SPACE) i++;
    const indent = i - start;
    if (indent > MAX_INDENT) return undefined;
    const first = text.charCodeAt(i);
    if (i === stop) {
      // A blank line.
    } else if (first === HASH) {
      if (!reader.comment(i, stop)) return undefined;
    } else if (indent === 0) {
      if (first !== DASH || text.charCodeAt(i + 1) !== SPACE) return undefined;
      i += 2;
      while (i < stop && text.charCodeAt(i) === SPACE) i++;
      if (i - start > MAX_ITEM_COLUMN) return undefined;
      item = {};
      value.push(item);
      itemColumn = i - start;
      itemStarts.push({ line, column: itemColumn + 1 });
      nested = undefined;
      const open = reader.field(item, i, stop);
      if (open === null) return undefined;
      openKey = open;
    } else if (item && indent === itemColumn) {
      nested = undefined;
      const open = reader.field(item, i, stop);
      if (open === null) return undefined;
      openKey = open;
    } else if (item && indent > itemColumn && (nested ? indent === nestedColumn : openKey !== undefined)) {
      if (!nested) {
        nested = {};
        item[openKey!] = nested;
        nestedColumn = indent;
        openKey = undefined;
      }
      // Only one level down: a field with nothing on its line inside it is left to the usual path.
      if (reader.field(nested, i, stop) !== undefined) return undefined;
    } else {
      return undefined;
    }
    start = end + 1;
  }
  return value.length > 0 ? { value, itemStarts } : undefined;
}

/**
 * The parts of a line. Each method reads from an offset to `stop` (the line's end, before any
 * CR) and answers null, UNREAD for a value, or -1 for an offset, when the text is not in the shape
 * read here.
 */
class LineReader {
  private readonly keys: string[] = [];
  /** The index in `keys` of the name read last. */
  private lastKey = -1;
  /** Where the last value read (plain, quoted, flowList, flowMap) stopped: no object per value for it. */
  private next = 0;

  constructor(private readonly text: string) {}

  /**
   * `key: value` into `map`: undefined when done, the key when it has nothing on its line (its
   * value is null unless a map is indented under it), null when the line is not read here.
   */
  field(map: Record<string, unknown>, from: number, stop: number): string | undefined | null {
    const { text } = this;
    const keyEnd = this.keyEnd(from, stop);
    if (keyEnd < 0 || text.charCodeAt(keyEnd) !== COLON) return null;
    const key = this.key(from, keyEnd);
    if (key === undefined || Object.hasOwn(map, key)) return null;
    let i = keyEnd + 1;
    if (i < stop && text.charCodeAt(i) !== SPACE) return null;
    while (i < stop && text.charCodeAt(i) === SPACE) i++;
    if (i === stop) {
      map[key] = null;
      return key;
    }
    const first = text.charCodeAt(i);
    let read: unknown;
    if (first === OPEN_BRACKET) read = this.flowList(i + 1, stop);
    else if (first === OPEN_BRACE) read = this.flowMap(i + 1, stop);
    else if (first === QUOTE || first === APOSTROPHE) read = this.quoted(i, stop);
    else read = this.plain(i, stop, false);
    if (read === UNREAD || !this.lineEnd(this.next, stop)) return null;
    // A comment with no space after its # (`#第3期`), after a plain title or text, may be the rest
    // of it, which YAML drops: such a log is read by the full parser, and validate/typing-slips.ts says so.
    if ((key === 'title' || key === 'text') && first !== QUOTE && first !== APOSTROPHE) {
      // lineEnd has seen spaces, then the line's end or the comment's # (indexOf would look on
      // through the rest of the file).
      const hash = this.spaces(this.next, stop);
      if (hash + 1 < stop && text.charCodeAt(hash + 1) !== SPACE) return null;
    }
    map[key] = read;
    return undefined;
  }

  /**
   * The field name from `from` to `end`, undefined for one that is not plain text (plainKey). The
   * same dozen names come back on every event: a name met before is taken as it is, which spares
   * a new string and V8's lookup of it as a property name (a tenth of a log's reading).
   */
  private key(from: number, end: number): string | undefined {
    const length = end - from;
    // Events write their fields in the same order, so the name after the last one found is tried first.
    const { keys } = this;
    for (let n = 0, k = this.lastKey + 1; n < keys.length; n++, k++) {
      if (k === keys.length) k = 0;
      const known = keys[k]!;
      if (known.length === length && this.text.startsWith(known, from)) {
        this.lastKey = k;
        return known;
      }
    }
    const key = this.text.slice(from, end);
    if (!plainKey(key)) return undefined;
    if (this.keys.length < MAX_KEYS_KEPT) this.lastKey = this.keys.push(key) - 1;
    return key;
  }

  /** Where a field name (`lectures`, `date`) starting at `from` ends, or -1. */
  private keyEnd(from: number, stop: number): number {
    const { text } = this;
    const first = text.charCodeAt(from);
    if (!(isLetter(first) || first === 0x5f)) return -1;
    let i = from + 1;
    for (; i < stop; i++) {
      const c = text.charCodeAt(i);
      if (!(isLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === DASH)) break;
    }
    return i;
  }

  /** After a value: only spaces, then the line's end or a comment after a space. */
  private lineEnd(from: number, stop: number): boolean {
    let i = from;
    while (i < stop && this.text.charCodeAt(i) === SPACE) i++;
    if (i === stop) return true;
    return this.text.charCodeAt(i - 1) === SPACE && this.text.charCodeAt(i) === HASH && this.comment(i, stop);
  }

  /** A comment's text: anything printable, without brackets (yaml-source.ts counts them on the whole text). */
  comment(from: number, stop: number): boolean {
    for (let i = from; i < stop; i++) {
      const c = this.text.charCodeAt(i);
      if (isSurrogate(c)) {
        if (!this.pairedAt(i)) return false;
        i++;
      } else if (!printable(c) || isBracket(c)) {
        return false;
      }
    }
    return true;
  }

  /** A high surrogate at `i` followed by a low one: one printable character. */
  private pairedAt(i: number): boolean {
    const c = this.text.charCodeAt(i);
    const next = this.text.charCodeAt(i + 1);
    return c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
  }

  /**
   * Plain text from `from`: in a [list] or {map} (`flow`) up to a comma or the closing bracket, on
   * a field's line up to the line's end or a comment. The value is what the core schema makes of
   * it; `next` is where it stopped.
   */
  plain(from: number, stop: number, flow: boolean): unknown {
    const { text } = this;
    if (from >= stop || !plainStart(text.charCodeAt(from))) return UNREAD;
    let end = from;
    let previous = SPACE;
    let i = from;
    for (; i < stop; i++) {
      // Most of a value is characters that need no closer look: they are passed over in one go.
      QUIET.lastIndex = i;
      if (QUIET.test(text)) {
        i = QUIET.lastIndex;
        end = i;
        previous = text.charCodeAt(i - 1);
        if (i >= stop) break;
      }
      const c = text.charCodeAt(i);
      if (c === SPACE) {
        previous = c;
        continue;
      }
      if (flow && (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE)) break;
      if (c === HASH && previous === SPACE) {
        if (flow) return UNREAD;
        break;
      }
      if (c === COLON) {
        // In a field's text, `:` is text unless a space or the line's end follows; in brackets it is left to js-yaml.
        const next = text.charCodeAt(i + 1);
        if (flow || next === SPACE || i + 1 === stop) return UNREAD;
      } else if (isSurrogate(c)) {
        if (!this.pairedAt(i)) return UNREAD;
        i++;
      } else if (!printable(c) || isBracket(c) || afterSpace(c, previous)) {
        return UNREAD;
      }
      previous = c;
      end = i + 1;
    }
    this.next = i;
    return resolvePlain(text.slice(from, end));
  }

  /** Quoted text on one line, without escapes; `next` is after the closing quote. */
  quoted(from: number, stop: number): string | typeof UNREAD {
    const { text } = this;
    const quote = text.charCodeAt(from);
    let doubled = false;
    let previous = SPACE;
    for (let i = from + 1; i < stop; i++) {
      const c = text.charCodeAt(i);
      if (c === quote) {
        if (quote === APOSTROPHE && text.charCodeAt(i + 1) === APOSTROPHE) {
          doubled = true;
          i++;
          previous = c;
          continue;
        }
        const inside = text.slice(from + 1, i);
        this.next = i + 1;
        return doubled ? inside.replaceAll("''", "'") : inside;
      }
      if (isSurrogate(c)) {
        if (!this.pairedAt(i)) return UNREAD;
        i++;
      } else if (c === BACKSLASH || !printable(c) || isBracket(c) || afterSpace(c, previous)) {
        return UNREAD;
      }
      previous = c;
    }
    return UNREAD;
  }

  /** `[a, b]` from after its `[`, on one line. */
  private flowList(from: number, stop: number): unknown[] | typeof UNREAD {
    const { text } = this;
    const list: unknown[] = [];
    let i = this.spaces(from, stop);
    for (let c = text.charCodeAt(i); c !== CLOSE_BRACKET; ) {
      const first = text.charCodeAt(i);
      const read = first === QUOTE || first === APOSTROPHE ? this.quoted(i, stop) : this.plain(i, stop, true);
      if (read === UNREAD) return UNREAD;
      list.push(read);
      i = this.spaces(this.next, stop);
      c = text.charCodeAt(i);
      if (c === COMMA) i = this.spaces(i + 1, stop);
      else if (c !== CLOSE_BRACKET) return UNREAD;
    }
    this.next = i + 1;
    return list;
  }

  /** `{lectures: 3, participants: 120}` from after its `{`, on one line. */
  private flowMap(from: number, stop: number): Record<string, unknown> | typeof UNREAD {
    const { text } = this;
    const map: Record<string, unknown> = {};
    let i = this.spaces(from, stop);
    for (let c = text.charCodeAt(i); c !== CLOSE_BRACE; ) {
      const keyEnd = this.keyEnd(i, stop);
      if (keyEnd < 0 || text.charCodeAt(keyEnd) !== COLON || text.charCodeAt(keyEnd + 1) !== SPACE) return UNREAD;
      const key = this.key(i, keyEnd);
      if (key === undefined || Object.hasOwn(map, key)) return UNREAD;
      const valueStart = this.spaces(keyEnd + 1, stop);
      const read = this.flowInteger(valueStart, stop) ?? this.plain(valueStart, stop, true);
      if (read === UNREAD) return UNREAD;
      map[key] = read;
      i = this.spaces(this.next, stop);
      c = text.charCodeAt(i);
      if (c === COMMA) i = this.spaces(i + 1, stop);
      else if (c !== CLOSE_BRACE) return UNREAD;
    }
    this.next = i + 1;
    return map;
  }

  /**
   * A whole number in brackets, up to its comma or closing bracket, as plain and resolvePlain read
   * it (up to 15 digits, no leading 0) without their scan and regular expressions: most values of
   * a log's metrics are such. undefined for anything else, which plain then reads.
   */
  private flowInteger(from: number, stop: number): number | undefined {
    const { text } = this;
    let value = 0;
    let i = from;
    for (; i < stop; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x30 || c > 0x39) break;
      value = value * 10 + (c - 0x30);
    }
    const digits = i - from;
    if (digits === 0 || digits > 15 || (digits > 1 && text.charCodeAt(from) === 0x30)) return undefined;
    const after = text.charCodeAt(this.spaces(i, stop));
    if (after !== COMMA && after !== CLOSE_BRACE && after !== CLOSE_BRACKET) return undefined;
    this.next = i;
    return value;
  }

  private spaces(from: number, stop: number): number {
    let i = from;
    while (i < stop && this.text.charCodeAt(i) === SPACE) i++;
    return i;
  }
}

const UNREAD = Symbol('unread');

/**
 * A run of characters that plain text may hold anywhere, whatever comes before or after: printable,
 * and none of those LineReader.plain looks at (space, `#`, `:`, brackets, `,`, `&*!?|>`, surrogates).
 */
// eslint-disable-next-line no-control-regex -- control characters are what it leaves out
const QUIET = /[^\u0000-\u0020#:[\]{},&*!?|>\u007f-\u009f\ud800-\udfff\ufeff\ufffe\uffff]+/y;

/**
 * What the core schema makes of plain text: null, true/false, an integer written as JavaScript
 * prints it (and exact), or text. A number written any other way (1.5, 010, 1e3, 1_000) is UNREAD,
 * as is anything else starting with a digit that is not plainly text (a sign, a dot or `~` never
 * starts plain text here: plainStart).
 */
function resolvePlain(text: string): unknown {
  const first = text.charCodeAt(0);
  if (first >= 0x30 && first <= 0x39) {
    if (DECIMAL.test(text)) return Number(text);
    // Neither the core schema's integers nor its floats hold anything but ASCII.
    if (ISO_DATE.test(text) || NON_ASCII.test(text)) return text;
    return UNREAD;
  }
  if (text.length <= 5 && Object.hasOwn(WORDS, text)) return WORDS[text];
  return text;
}

/** Up to 15 digits: always exact. */
const DECIMAL = /^(?:0|[1-9][0-9]{0,14})$/;
const ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
// eslint-disable-next-line no-control-regex -- any character past ASCII
const NON_ASCII = /[^\u0000-\u007f]/;
const WORDS: Record<string, unknown> = {
  null: null,
  Null: null,
  NULL: null,
  true: true,
  True: true,
  TRUE: true,
  false: false,
  False: false,
  FALSE: false,
};

/**
 * A key that stays the text it is: js-yaml and yaml turn `null:` into different keys, and
 * `__proto__` needs care that the usual path takes.
 */
function plainKey(key: string): boolean {
  return key !== '__proto__' && !(key.length <= 5 && Object.hasOwn(WORDS, key));
}

function isBracket(c: number): boolean {
  return c === OPEN_BRACKET || c === CLOSE_BRACKET || c === OPEN_BRACE || c === CLOSE_BRACE;
}

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdfff;
}

/**
 * A character js-yaml accepts in a stream (no C0 or C1 control but NEL, no U+FFFE/U+FFFF), other
 * than a tab (which typing-slips.ts looks at) and a byte order mark; surrogates are checked apart.
 */
function printable(c: number): boolean {
  if (c < 0x7f) return c >= 0x20;
  if (c < 0xa0) return c === 0x85;
  return c !== 0xfeff && c !== 0xfffe && c !== 0xffff;
}

/** Characters that plain text may not start with (YAML's indicators), or that a start makes more than text. */
function plainStart(c: number): boolean {
  return !Number.isNaN(c) && c !== SPACE && !(c < 0x80 && NOT_PLAIN_START[c] === 1);
}
const NOT_PLAIN_START = new Uint8Array(0x80);
for (const indicator of '-?:,[]{}#&*!|>\'"%@`~.+') NOT_PLAIN_START[indicator.charCodeAt(0)] = 1;

/**
 * `&`, `*`, `!`, `?` after a space or comma would be an anchor, alias, tag or explicit key to
 * yaml-source.ts's routing (BEYOND_PLAIN_DATA), and `|`, `>` after a space a block text header
 * (BLOCK_TEXT): such a file keeps the path it took before.
 */
function afterSpace(c: number, previous: number): boolean {
  if (previous !== SPACE && previous !== COMMA) return false;
  return c === 0x26 || c === 0x2a || c === 0x21 || c === 0x3f || c === 0x7c || c === 0x3e;
}
