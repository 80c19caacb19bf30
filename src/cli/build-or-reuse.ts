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
  // The project folder holds its own units; only those outside it are hashed besides. Each is
  // worked out once: a changed build asks again for what the unchanged check found (hashing the
  // 20-unit roll-up's 33 MB of inputs twice took 365 ms under the profiler, and summarize.yaml
  // was parsed again for the units' folders).
  const fingerprints = new Map<string, string>();
  const fingerprintOf = (outsideUnits: string[]) => {
    const key = outsideUnits.join('\0');
    const fingerprint = fingerprints.get(key) ?? hashInputs(outsideUnits);
    fingerprints.set(key, fingerprint);
    return fingerprint;
  };
  let scope: Promise<{ roots: string[]; mayLieOutside: boolean }> | undefined;
  const unitsOfProject = () => (scope ??= unitsOutside(root));
  const hashInputs = (outsideUnits: string[]) =>
    inputFingerprint({
      roots: [root, ...outsideUnits],
      exclude: [outDir],
      // Messages name files relative to where the command runs, so that is part of what is printed.
      // How the run reports (--reporter, --watch, --debug) and whether it uses the cache (--no-cache) change no output and no recorded message.
      options: { periodText, ...options, project: undefined, out: undefined, force: undefined, reporter: undefined, watch: undefined, debug: undefined, cache: undefined, wantsPdf, cwd: process.cwd() },
    });
  // Read even with --force: it says which files in the folder earlier builds wrote.
  const record = readBuildRecord(outDir);
  if (!options.force && record.builds.length > 0) {
    // The record says whether summarize.yaml (hashed with the project) can name units outside.
    const outside = record.builds.every((entry) => entry.unitsMayLieOutside === false) ? [] : (await unitsOfProject()).roots;
    const previous = unchangedBuild(outDir, record, fingerprintOf(outside));
    if (previous) {
      const unchanged = Object.keys(previous.outputs).map((name) => path.join(outDir, name));
      return { written: [], unchanged, removed: [], notices: previous.notices, diagnostics: previous.diagnostics };
    }
  }
  const units = await unitsOfProject();
  const fingerprint = fingerprintOf(units.roots);
  const { buildAnew } = await import('./build.js');
  const result = await buildAnew(periodText, options, outDir, wantsPdf, record);
  writeBuildRecord(outDir, record, { fingerprint, diagnostics: result.diagnostics, notices: result.notices, unitsMayLieOutside: units.mayLieOutside }, result.written);
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
