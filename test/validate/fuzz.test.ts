// Property-based tests (fast-check): whatever a person or a broken program puts into a log —
// the example's real log with characters deleted, duplicated or inserted and lines swapped,
// random YAML-ish text, random bytes — load + validate return diagnostics and never throw.
// Runs are bounded so that this file stays well under ten seconds.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadYamlFile, parsedLog, type RawProject } from '../../src/load/project.js';
import { decodeSource } from '../../src/load/source-text.js';
import { parseYamlSource, type YamlSource } from '../../src/load/yaml-source.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { parsePeriod } from '../../src/model/period.js';
import { validateProject } from '../../src/validate/project.js';

const example = path.resolve(import.meta.dirname, '../../examples/shangjie');
const config = loadYamlFile(path.join(example, 'summarize.yaml'), example);
const log = readFileSync(path.join(example, 'activities/2024/q1.yaml'), 'utf8');
const period = parsePeriod('2024');
const FILE = 'activities/2024/q1.yaml';

/** What people and programs actually get wrong in these files, as short strings to insert. */
const SLIPS = [
  '\t', ':', ': ', '：', '"', "'", '“', '”', '-', '- ', '[', ']', '{', '}', ',', '，', '#', ' ', '  ', '\u3000',
  '\n', '\r\n', '|', '>', '&a ', '*a', '!foo ', '!!binary ', '---\n', '%YAML 1.1\n', '<<: ', '? ', '__proto__: ',
  'constructor: ', '２６', '26场', '-3', '3.5', '2024-02-30', '\u0007', '\ufeff', '𠮷', 'metrics: {}', 'title:', 'date: ',
];

type Edit =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'swap-lines'; a: number; b: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...SLIPS) }),
  fc.record({ kind: fc.constant('swap-lines' as const), a: fc.nat(), b: fc.nat() }),
);

function applyEdit(text: string, e: Edit): string {
  if (e.kind === 'swap-lines') {
    const lines = text.split('\n');
    const a = e.a % lines.length;
    const b = e.b % lines.length;
    [lines[a], lines[b]] = [lines[b]!, lines[a]!];
    return lines.join('\n');
  }
  const at = e.at % (text.length + 1);
  if (e.kind === 'delete') return text.slice(0, at) + text.slice(at + e.length);
  if (e.kind === 'duplicate') return text.slice(0, at) + text.slice(at, at + e.length) + text.slice(at);
  return text.slice(0, at) + e.text + text.slice(at);
}

function project(activities: YamlSource[]): RawProject {
  return { root: example, config, activities: activities.map(parsedLog), metrics: [], diagnostics: [...config.diagnostics] };
}

/** Load and validate bytes as the CLI does; what must hold of any result. */
function checkBytes(bytes: Uint8Array): Diagnostic[] {
  const decoded = decodeSource(FILE, bytes);
  const source: YamlSource =
    decoded.readable === false
      ? { file: FILE, value: undefined, locate: () => ({ file: FILE, line: 1, column: 1 }), diagnostics: decoded.diagnostics }
      : parseYamlSource(FILE, decoded.text);
  if (decoded.readable !== false) source.diagnostics.unshift(...decoded.diagnostics);
  const { diagnostics } = validateProject(project([source]), period);
  for (const d of diagnostics) {
    expect(d.file === FILE || d.file === config.file).toBe(true);
    expect(Number.isInteger(d.line) && d.line >= 1).toBe(true);
    expect(Number.isInteger(d.column) && d.column >= 1).toBe(true);
    expect(['error', 'warning']).toContain(d.severity);
    expect(d.code).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(d.message).not.toBe('');
  }
  const sorted = diagnostics.every((d, i) => i === 0 || diagnostics[i - 1]!.file < d.file || (diagnostics[i - 1]!.file === d.file && diagnostics[i - 1]!.line <= d.line));
  expect(sorted).toBe(true);
  return diagnostics;
}

const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');

// Bounded runs take a few seconds; the timeout only leaves room for a busy machine.
describe('load + validate never throw', { timeout: 30_000 }, () => {
  it('the unmodified example log is valid', () => {
    expect(checkBytes(utf8(log))).toEqual([]);
  });

  it('on the example log with characters deleted, duplicated, inserted and lines swapped', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
        checkBytes(utf8(edits.reduce(applyEdit, log)));
      }),
      { numRuns: 300, seed: 4_2024 },
    );
  });

  it('on random YAML-ish text', () => {
    const token = fc.oneof(fc.constantFrom(...SLIPS, 'date', 'section', 'title', 'metrics', 'lectures', '主题宣讲', '1', 'guidance'), fc.string({ maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (tokens) => {
        checkBytes(utf8(tokens.join('')));
      }),
      { numRuns: 300, seed: 4_2025 },
    );
  });

  it('on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        checkBytes(bytes);
      }),
      { numRuns: 200, seed: 4_2026 },
    );
  });

  it('on random bytes inside an otherwise valid log', () => {
    fc.assert(
      fc.property(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 12 }), (at, bytes) => {
        const original = utf8(log);
        const i = at % original.length;
        checkBytes(Buffer.concat([original.subarray(0, i), bytes, original.subarray(i)]));
      }),
      { numRuns: 150, seed: 4_2027 },
    );
  });
});
