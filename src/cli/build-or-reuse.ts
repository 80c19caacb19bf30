// CLI: `summarize build`, first step. CI runs the build on every push, mostly with nothing changed:
// that answer (the outputs are as the inputs would make them) must cost little more than starting
// node. So this module imports only the fingerprint and the build record; the stages, the
// templates and the writers (most of the code, and of the time to load it) are imported from
// ./build.js only when something has to be built.

import path from 'node:path';
import type { BuildOptions, BuildResult } from './build.js';
import { parsePeriod } from '../model/period.js';
import { inputFingerprint } from '../load/fingerprint.js';
import { readBuildRecord, unchangedBuild, writeBuildRecord } from '../write/build-record.js';

export async function build(periodText: string, options: BuildOptions): Promise<BuildResult> {
  const root = path.resolve(options.project ?? '.');
  const outDir = path.resolve(options.out ?? path.join(root, 'out', parsePeriod(periodText).label));
  const wantsPdf = options.format.includes('pdf') || (options.format.includes('pdf-if-available') && (await officeInstalled()));
  // The project folder holds its own units; only those outside it are hashed besides.
  const fingerprintOf = (outsideUnits: string[]) =>
    inputFingerprint({
      roots: [root, ...outsideUnits],
      exclude: [outDir],
      // Messages name files relative to where the command runs, so that is part of what is printed.
      options: { periodText, ...options, project: undefined, out: undefined, force: undefined, cache: undefined, wantsPdf, cwd: process.cwd() },
    });
  const record = options.force ? undefined : readBuildRecord(outDir);
  if (record) {
    // The record says whether summarize.yaml (hashed with the project) can name units outside.
    const outside = record.unitsMayLieOutside === false ? [] : (await unitsOutside(root)).roots;
    const previous = unchangedBuild(outDir, record, fingerprintOf(outside));
    if (previous) {
      const unchanged = Object.keys(previous.outputs).map((name) => path.join(outDir, name));
      return { written: [], unchanged, notices: previous.notices, diagnostics: previous.diagnostics };
    }
  }
  const units = await unitsOutside(root);
  const fingerprint = fingerprintOf(units.roots);
  const { buildAnew } = await import('./build.js');
  const result = await buildAnew(periodText, options, outDir, wantsPdf);
  writeBuildRecord(outDir, { fingerprint, diagnostics: result.diagnostics, notices: result.notices, unitsMayLieOutside: units.mayLieOutside }, result.written);
  return result;
}

async function unitsOutside(root: string): Promise<{ roots: string[]; mayLieOutside: boolean }> {
  const { unitScope } = await import('../load/project.js');
  const scope = unitScope(root);
  const outside = (unit: string) => path.relative(root, unit).startsWith('..') || path.isAbsolute(path.relative(root, unit));
  return { roots: scope.roots.filter(outside), mayLieOutside: scope.mayLieOutside };
}

async function officeInstalled(): Promise<boolean> {
  const { findOffice } = await import('../write/pdf.js');
  return findOffice() !== undefined;
}
