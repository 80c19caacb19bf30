// Validate stage: a period with no event in it (a month whose log is not filed yet, a period typed
// wrong) still makes a document of a title and an opening, and the check says so.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate } from '../../src/cli/validate.js';
import { formatDiagnostics, problemPrinter } from '../../src/cli/report.js';

// Its events: 2024-03-05, 2024-05-04, 2024-07-10.
const minimal = path.resolve(import.meta.dirname, '../fixtures/valid/minimal');

describe('a period without events', () => {
  it('is a warning naming the year’s log folder, with the dates of the period', async () => {
    const checked = await validate('2024-08', { project: minimal, cache: false });
    expect(checked.failed).toBe(false);
    expect(checked.diagnostics.map(({ file, severity, code }) => ({ file, severity, code }))).toEqual([
      { file: 'activities/2024', severity: 'warning', code: 'no-events-in-period' },
    ]);
    const text = formatDiagnostics(checked.diagnostics, problemPrinter(minimal), { color: false, frames: true });
    expect(text).toContain('2024年8月1日至2024年8月31日没有活动记录');
    expect(text).toContain('activities/2024/ 中记录的日期');
  });

  it.each(['2024', '2024-Q1', '2024H2', '2024-05'])('is not said of %s, which has one', async (period) => {
    const checked = await validate(period, { project: minimal, cache: false });
    expect(checked.diagnostics.filter((d) => d.code === 'no-events-in-period')).toEqual([]);
  });
});
