// The text reporter's code frames: a problem's lines come from the text the build decoded, not
// from the file read again, and paths are printed from where the command runs.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostics, problemPrinter } from '../../src/cli/report.js';
import { validate } from '../../src/cli/validate.js';
import { displayPath } from '../../src/load/display-path.js';
import { copyExample } from '../helpers/examples.js';
import { temporaryFolder } from '../helpers/temp.js';

describe('code frames', () => {
  it('show the text the build read, even when the file has changed since', async () => {
    const project = path.join(temporaryFolder('report-frames'), 'shangjie');
    copyExample('shangjie', project);
    const log = path.join(project, 'activities/2024/empty.yaml');
    writeFileSync(log, '');
    const { diagnostics, texts } = await validate('2024', { project, cache: false });
    expect(diagnostics.map((d) => [d.file, d.code])).toContainEqual(['activities/2024/empty.yaml', 'empty-file']);
    writeFileSync(log, '# 后来写上的一行\n');
    const print = (loaded?: typeof texts) => formatDiagnostics(diagnostics, problemPrinter(project, loaded), { color: false, frames: true });
    const shown = displayPath(log);
    expect(print(texts)).toContain(`${shown}:1:1  warning  ${shown} 是空的`);
    expect(print(texts)).not.toContain('后来写上的一行');
    // Read again, the file shows what it holds now.
    expect(print()).toContain('> 1 | # 后来写上的一行');
  });

  it('keep only the texts of the files a problem names, and summarize.yaml, so a build does not hold every log to its end', async () => {
    const project = path.join(temporaryFolder('report-kept'), 'shangjie');
    copyExample('shangjie', project);
    writeFileSync(path.join(project, 'activities/2024/empty.yaml'), '');
    const { diagnostics, texts } = await validate('2024', { project, cache: false });
    expect([...texts.keys()]).toContain('activities/2024/empty.yaml');
    // summarize.yaml stays: the render stage reports its summaries' mistakes after the check.
    expect([...texts.keys()].filter((file) => !diagnostics.some((d) => d.file === file))).toEqual(['summarize.yaml']);
  });
});
