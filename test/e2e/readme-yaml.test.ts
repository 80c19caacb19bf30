// The README's YAML examples are what users copy (issue 15): each is checked by the real CLI, so
// a renamed field or a changed rule cannot leave the README behind. The comment line above each
// ```yaml block says how:
//   <!-- checked: <project> <year> <file> [merged] -->  the block is <file> of <project> (a folder of
//       the repository, or `readme`: a new project made of the README's own blocks), its keys
//       merged into the file already there with `merged`; each project and year, with all its
//       blocks, must pass `summarize validate <year> --strict` (a plan is checked in the year
//       before its own, as next year's plan, so that the project's own plan still sets its targets).
//   <!-- checked: schema <name> -->  a fragment naming folders that are not there (units:), merged
//       into the README's summarize.yaml and checked against schema/<name>.schema.json, as
//       validate checks it first.
//   <!-- not checked: <why> -->  not a file of summarize's (a GitHub workflow).
// A block without one of these fails the test.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseYamlSource } from '../../src/load/yaml-source.js';
import { checkValue, type SchemaName } from '../../src/validate/schemas.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { copyExample } from '../helpers/examples.js';
import { temporaryFolder } from '../helpers/temp.js';

const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'bin/summarize.js');
const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');

interface Block {
  line: number;
  marker: string;
  text: string;
}

const blocks: Block[] = [...readme.matchAll(/^( *)(.*)\n\1```yaml\n([\s\S]*?)^\1```$/gm)].map((m) => ({
  line: readme.slice(0, m.index).split('\n').length + 1,
  marker: m[2]!,
  text: m[3]!
    .split('\n')
    .map((line) => line.slice(m[1]!.length))
    .join('\n'),
}));

const FILE_MARKER = /^<!-- checked: (\S+) (\d{4}) (\S+)( merged)? -->$/;
const SCHEMA_MARKER = /^<!-- checked: schema (summarize|activities|metrics|plan) -->$/;

type Value = Record<string, unknown>;

/** The block's keys over the file's: mappings merged key by key, anything else replaced. */
function merged(into: unknown, from: unknown): unknown {
  if (!isMap(into) || !isMap(from)) return from;
  const result: Value = { ...into };
  for (const [key, value] of Object.entries(from)) result[key] = merged(result[key], value);
  return result;
}

function isMap(value: unknown): value is Value {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The README's own project: its summarize.yaml block. */
const readmeConfig = () => blocks.find((block) => FILE_MARKER.exec(block.marker)?.slice(1, 4).join(' ') === 'readme 2024 summarize.yaml' && !block.marker.includes('merged'))!;

describe('the README’s YAML examples', () => {
  it('each say how they are checked', () => {
    expect(blocks.length).toBeGreaterThan(5);
    const unmarked = blocks.filter((b) => !FILE_MARKER.test(b.marker) && !SCHEMA_MARKER.test(b.marker) && !/^<!-- not checked: .+ -->$/.test(b.marker));
    expect(unmarked.map((b) => `README.md:${b.line}: ${b.text.split('\n')[0]}`)).toEqual([]);
    expect(readmeConfig()).toBeDefined();
  });

  it('pass summarize validate --strict in the project they belong to', () => {
    const projects = new Map<string, { project: string; year: string; blocks: { file: string; merge: boolean; block: Block }[] }>();
    for (const block of blocks) {
      const [, project, year, file, merge] = FILE_MARKER.exec(block.marker) ?? [];
      if (!project || !year) continue;
      const entry = projects.get(`${project} ${year}`) ?? { project, year, blocks: [] };
      entry.blocks.push({ file: file!, merge: merge !== undefined, block });
      projects.set(`${project} ${year}`, entry);
    }
    expect([...projects.keys()]).toContain('readme 2024');
    const folder = temporaryFolder('readme-yaml');
    const failures = [...projects.values()].flatMap(({ project, year, blocks: files }, index) => {
      const root = path.join(folder, String(index));
      if (project === 'examples/shangjie' || project === 'examples/zhengzhou') copyExample(path.basename(project) as 'shangjie', root);
      else if (project === 'readme') mkdirSync(root);
      else cpSync(path.join(repo, project), root, { recursive: true });
      for (const { file, merge, block } of files) {
        const target = path.join(root, file);
        mkdirSync(path.dirname(target), { recursive: true });
        const before = merge && existsSync(target) ? (parse(readFileSync(target, 'utf8')) as unknown) : undefined;
        writeFileSync(target, merge ? stringify(merged(before, parse(block.text))) : block.text);
      }
      const result = spawnSync('node', [cli, 'validate', year, '-C', root, '--strict', '--no-cache', '--reporter', 'json'], { encoding: 'utf8' });
      const lines = files.map((f) => `README.md:${f.block.line}`).join(', ');
      return result.status === 0 ? [] : [`${project} ${year} (${lines}): ${result.stdout}${result.stderr}`];
    });
    expect(failures).toEqual([]);
  });

  it('fragments that name folders have the shape of the file they go in', () => {
    const base = parse(readmeConfig().text) as unknown;
    const failures = blocks.flatMap((block) => {
      const name = SCHEMA_MARKER.exec(block.marker)?.[1] as SchemaName | undefined;
      if (!name) return [];
      const text = stringify(merged(base, parse(block.text)));
      const diagnostics: Diagnostic[] = [];
      checkValue(parseYamlSource(`README.md:${block.line}`, text), name, parse(text), diagnostics);
      return diagnostics.map((d) => `README.md:${block.line}: ${d.message}`);
    });
    expect(failures).toEqual([]);
  });
});
