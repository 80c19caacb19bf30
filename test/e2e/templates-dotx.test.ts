// `summarize templates dotx`: the Word template for documents written by hand carries the same
// named styles as the generated DOCX.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { temporaryFolder } from '../helpers/temp.js';

const repo = path.resolve(import.meta.dirname, '../..');

describe('summarize templates dotx', () => {
  it('writes a .dotx with the profile’s named styles', () => {
    const target = path.join(temporaryFolder('dotx'), '公文样式.dotx');
    const stdout = execFileSync('node', [path.join(repo, 'bin/summarize.js'), 'templates', 'dotx', target, '-C', path.join(repo, 'examples/shangjie')], { encoding: 'utf8' });
    expect(stdout).toContain('已生成');
    const parts = unzipSync(readFileSync(target));
    expect(strFromU8(parts['[Content_Types].xml']!)).toContain('wordprocessingml.template.main+xml');
    const styles = strFromU8(parts['word/styles.xml']!);
    for (const name of ['正文', '标题', '一级标题', '二级标题', '版头名称', '版记']) expect(styles).toContain(`<w:name w:val="${name}"/>`);
  });
});
