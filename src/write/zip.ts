// Write stage: the DOCX package's zip, written as fflate's zipSync writes it (fflate 0.8: local
// headers, data, central directory, end record; no data descriptors, no extra fields), with each
// part deflated by fflate at level 6. A part whose text is one the tool was built with (the parts
// a built-in profile gives every document: styles, theme, settings, footers … all but the
// document's body and core properties) is not deflated again: scripts/docx-parts.mjs deflated it
// when the tool was built, the same way, and its bytes are taken from docx-parts.generated.js.
// Deflating those 40 kB cold took 15–20 ms of an example build (docs/performance.md, session 16).
// test/write/zip.test.ts checks the bytes against zipSync's.

import { deflateSync } from 'fflate';
import { crc32 } from 'node:zlib';
import { DEFLATED_PARTS } from './docx-parts.generated.js';

/** A part deflated: what the zip holds of it. */
export interface DeflatedPart {
  /** Bytes before deflating. */
  size: number;
  /** CRC-32 of those bytes, unsigned. */
  crc: number;
  deflated: Uint8Array;
}

/** The deflated form of a part's bytes, as zipSync makes it (`deflateSync` with the archive's level, 6). */
export function deflatePart(bytes: Uint8Array): DeflatedPart {
  return { size: bytes.length, crc: crc32(bytes), deflated: deflateSync(bytes, { level: 6 }) };
}

const encoder = new TextEncoder();

/**
 * The zip of `parts` (name → XML text or bytes), in the order given, every entry dated `mtime`
 * (read as zipSync reads it: its local date and time fields).
 */
export function zipParts(parts: readonly (readonly [string, string | Uint8Array])[], mtime: Date): Uint8Array {
  const entries = parts.map(([name, part]) => {
    const prebuilt = typeof part === 'string' ? DEFLATED_PARTS.get(part) : undefined;
    const deflated = prebuilt ? { size: prebuilt.size, crc: prebuilt.crc, deflated: Buffer.from(prebuilt.deflated, 'base64') } : deflatePart(typeof part === 'string' ? encoder.encode(part) : part);
    const encodedName = encoder.encode(name);
    // zipSync sets the UTF-8 flag when the name is not ASCII.
    return { ...deflated, name: encodedName, utf8: encodedName.length !== name.length };
  });
  const localSize = entries.reduce((sum, entry) => sum + LOCAL_HEADER + entry.name.length + entry.deflated.length, 0);
  const centralSize = entries.reduce((sum, entry) => sum + CENTRAL_HEADER + entry.name.length, 0);
  const out = new Uint8Array(localSize + centralSize + END_RECORD);
  const view = new DataView(out.buffer);
  const time = dosTime(mtime);
  let offset = 0;
  let central = localSize;
  for (const entry of entries) {
    // The fields both headers share, from `at` on: version needed, flags, method, time, CRC, sizes, name length.
    const common = (at: number) => {
      view.setUint16(at, 20, true);
      view.setUint16(at + 2, entry.utf8 ? 0x800 : 0, true);
      view.setUint16(at + 4, 8, true);
      view.setUint32(at + 6, time, true);
      view.setUint32(at + 10, entry.crc, true);
      view.setUint32(at + 14, entry.deflated.length, true);
      view.setUint32(at + 18, entry.size, true);
      view.setUint16(at + 22, entry.name.length, true);
    };
    view.setUint32(offset, 0x04034b50, true);
    common(offset + 4);
    out.set(entry.name, offset + LOCAL_HEADER);
    out.set(entry.deflated, offset + LOCAL_HEADER + entry.name.length);
    view.setUint32(central, 0x02014b50, true);
    // Made by: version 2.0, MS-DOS (zipSync's os 0), then the shared fields; no comment, attributes 0.
    view.setUint16(central + 4, 20, true);
    common(central + 6);
    view.setUint32(central + 42, offset, true);
    out.set(entry.name, central + CENTRAL_HEADER);
    offset += LOCAL_HEADER + entry.name.length + entry.deflated.length;
    central += CENTRAL_HEADER + entry.name.length;
  }
  view.setUint32(central, 0x06054b50, true);
  view.setUint16(central + 8, entries.length, true);
  view.setUint16(central + 10, entries.length, true);
  view.setUint32(central + 12, centralSize, true);
  view.setUint32(central + 16, localSize, true);
  return out;
}

const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
const END_RECORD = 22;

/** MS-DOS date and time, from the Date's local fields, as fflate writes them (years 1980–2099). */
function dosTime(date: Date): number {
  const year = date.getFullYear() - 1980;
  if (year < 0 || year > 119) throw new Error(`a zip entry cannot be dated ${date.getFullYear()}`);
  return ((year << 25) | ((date.getMonth() + 1) << 21) | (date.getDate() << 16) | (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1)) >>> 0;
}
