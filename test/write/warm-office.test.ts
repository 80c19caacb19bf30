// Watch mode and the preview convert PDFs with one running LibreOffice (write/warm-office.ts): two
// conversions go to the same instance, each PDF reads as the one-off conversion's, and nothing of
// the instance is left once it is stopped. Skips where LibreOffice, python3-uno or poppler is missing.
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDocx } from '../../src/write/docx.js';
import { convertDocxToPdf, facesHere, findOffice } from '../../src/write/pdf.js';
import { keepOfficeWarm, stopWarmOffice } from '../../src/write/warm-office.js';
import { bulletin, longBulletin, profile } from './bulletin-fixture.js';
import { temporaryFolder } from '../helpers/temp.js';

const poppler = ['pdfinfo', 'pdftotext'].every((tool) => spawnSync(tool, ['-v']).error === undefined);
keepOfficeWarm();
const ready = Boolean(findOffice()) && poppler && spawnSync('/usr/bin/python3', ['-c', 'import uno']).status === 0;
if (!ready) console.warn('skipping the warm LibreOffice test: it needs soffice, poppler-utils and python3-uno (apt-get install libreoffice-writer-nogui poppler-utils python3-uno)');

/** soffice.bin processes listening on a pipe this process named. */
function instances(): string[] {
  const found = spawnSync('pgrep', ['-f', `soffice.bin.*pipe,name=summarize-${process.pid}-`], { encoding: 'utf8' });
  return found.stdout.split('\n').filter(Boolean);
}

const text = (pdf: string) => execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });

describe('a warm LibreOffice', () => {
  it.skipIf(!ready)(
    'converts two documents in one running instance, as the one-off conversion does, and is gone once stopped',
    async () => {
      const dir = temporaryFolder('warm-office');
      const faces = facesHere(profile, 'hans');
      const files: string[] = [];
      for (const [name, model] of [['short', bulletin], ['long', longBulletin()]] as const) {
        const docx = path.join(dir, `${name}.docx`);
        writeFileSync(docx, await renderDocx(model, profile));
        files.push(docx);
      }
      const first = await convertDocxToPdf(files[0]!, path.join(dir, 'warm'), { faces });
      expect(first.diagnostics).toEqual([]);
      const running = instances();
      expect(running).toHaveLength(1);
      const second = await convertDocxToPdf(files[1]!, path.join(dir, 'warm'), { faces });
      expect(second.diagnostics).toEqual([]);
      expect(instances()).toEqual(running);

      stopWarmOffice();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(instances()).toEqual([]);
      // With the instance stopped and no longer kept warm, the one-off path gives the reference.
      const oneOff = await convertDocxToPdf(files[1]!, path.join(dir, 'one-off'), { faces });
      expect(oneOff.diagnostics).toEqual([]);
      expect(text(second.pdf)).toBe(text(oneOff.pdf));
      expect(text(first.pdf)).toContain('责任编辑：柴亚文');
    },
    600_000,
  );
});
