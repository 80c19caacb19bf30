// yaml's syntax tree gives every position, but a process's first tree costs tens of milliseconds
// (the parser's code runs for the first time), a tenth of the example's build. A build of inputs
// with no problem needs the positions that figures.json prints, which a scan of the lines gives,
// and no others: it must build no tree at all. A problem still gets its position from the tree.

import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as yaml from 'yaml';
import { checkProject } from '../../src/cli/pipeline.js';
import { loadPlan } from '../../src/load/plan.js';
import { loadProfile } from '../../src/load/profile.js';
import { loadTemplates } from '../../src/load/templates.js';
import { parseWithPositions, parseYamlSource } from '../../src/load/yaml-source.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { renderDocument } from '../../src/render/render-document.js';
import { checkPlan } from '../../src/validate/plan.js';
import { copyExample } from '../helpers/examples.js';
import { temporaryFolder } from '../helpers/temp.js';

const trees = vi.hoisted(() => ({ built: 0 }));
vi.mock('yaml', async (original) => {
  const real = await original<typeof yaml>();
  return {
    ...real,
    parseDocument: (...args: Parameters<typeof real.parseDocument>) => {
      trees.built++;
      return real.parseDocument(...args);
    },
    parse: (...args: Parameters<typeof real.parse>) => {
      trees.built++;
      return real.parse(...args);
    },
  };
});

beforeEach(() => {
  trees.built = 0;
});

describe('positions found without yaml’s syntax tree', () => {
  it('a build of the example, each kind, builds no tree', () => {
    const root = copyExample('shangjie', path.join(temporaryFolder('positions-on-demand'), 'shangjie'));
    const checked = checkProject('2024', { project: root });
    expect(checked.failed).toBe(false);
    const diagnostics: Diagnostic[] = [];
    const plan = checkPlan(loadPlan(root, 2025)!, checked.project!.config, 2025, diagnostics);
    expect(diagnostics).toEqual([]);
    for (const kind of ['bulletin', 'annual', 'plan']) {
      const rendered = renderDocument(checked.project!.config, checked.aggregates!, loadTemplates(root, kind), { plan });
      expect(rendered.diagnostics).toEqual([]);
    }
    expect(loadProfile(checked.project!.config.profile, root).name).toBeTruthy();
    // metrics/2024.yaml's figures, each with its line.
    expect(checked.project!.figures.map((figure) => figure.source.line)).toEqual([4, 5, 8, 9, 10, 11, 14, 15, 16]);
    expect(trees.built).toBe(0);
  });

  it.each([
    ['plain keys', 'a: 1\n# 注释\nbb   : 2\n\nc: 3 # c\n', true],
    ['CR LF line ends', 'a: 1\r\nb: 2\r\n', true],
    ['a number as a key', '2024: 1\nb: 2\n', true],
    ['a quoted key', 'a: 1\n"b": 2\n', false],
    ['a key typed otherwise than js-yaml keeps it', '0x1A: 1\nb: 2\n', false],
    ['a document marker', '---\na: 1\n', false],
    ['a flow mapping', '{a: 1, b: 2}\n', false],
    ['a list at the start of lines, under a key', 'a:\n- 1\n- 2\nb: 1\n', false],
    ['text that goes on below, indented', 'a: x\n  y\nc: 1\n', true],
  ])('finds the line of each top-level key (%s) as the tree does', (_, text, scanned) => {
    const fast = parseYamlSource('metrics/2024.yaml', text);
    const full = parseWithPositions('metrics/2024.yaml', text);
    expect(fast.value).toEqual(full.value);
    trees.built = 0;
    for (const key of Object.keys(full.value as object)) expect(fast.locate([key], { key: true })).toEqual(full.locate([key], { key: true }));
    expect(trees.built).toBe(scanned ? 0 : 1);
  });
});
