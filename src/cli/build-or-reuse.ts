// CLI: `summarize build`, first step. CI runs the build on every push, mostly with nothing changed:
// that answer (the outputs are as the inputs would make them) must cost little more than starting
// node. So this module imports only the fingerprint and the build record; the stages, the
// templates and the writers (most of the code, and of the time to load it) are imported from
// ./build.js only when something has to be built.

import path from 'node:path';
import type { BuildOptions, BuildResult } from './build.js';
import { parsePeriod } from '../model/period.js';
import { inputFingerprint, type FileRead, type Fingerprint as InputFingerprint } from '../load/fingerprint.js';
import { readBuildRecord, unchangedBuild, writeBuildRecord, type BuildEntry } from '../write/build-record.js';
import type { ProjectConfigFile } from '../load/project.js';

export async function build(periodText: string, options: BuildOptions): Promise<BuildResult> {
  const root = path.resolve(options.project ?? '.');
  const outDir = path.resolve(options.out ?? path.join(root, 'out', parsePeriod(periodText).label));
  const wantsPdf = options.format.includes('pdf') || (options.format.includes('pdf-if-available') && (await officeInstalled()));
  // The PDF is printed in the fonts installed here: one installed or removed makes it anew. Only
  // then is the stamp's module loaded: it takes fontconfig's folders from write/fontconfig.ts,
  // which loads node:child_process (and with it net and streams).
  const fonts = wantsPdf ? (await import('../load/installed-fonts.js')).installedFontsStamp() : undefined;
  // summarize.yaml is read and parsed once: its units: say which folders outside the project are
  // inputs (those inside are hashed with it), its bytes go into the fingerprint, and the build
  // takes the same parse.
  let project: ProjectConfig | undefined;
  const projectConfig = async () => (project ??= await readConfig(root));
  // Read even with --force: it says which files in the folder earlier builds wrote.
  const record = readBuildRecord(outDir);
  // A changed build records the fingerprint the unchanged check has just taken, instead of hashing
  // every input again (the 20-unit roll-up's 33 MB: 365 ms for the two under the profiler). Should
  // summarize.yaml change in between, the record is of the earlier bytes, and the next build rebuilds.
  const fingerprints = new Map<string, Fingerprint>();
  const fingerprintOf = (scope: ProjectConfig, deferLogDigests = false) => {
    const key = scope.outsideUnits.roots.join('\0');
    const fingerprint = fingerprints.get(key) ?? hashInputs(scope, deferLogDigests);
    fingerprints.set(key, fingerprint);
    return fingerprint;
  };
  // The logs hashed are kept for the load stage, which would hash them again: their digests, and their bytes up to fingerprint.ts KEEP_BYTES.
  const logsFolder = `${path.sep}${path.join('activities', String(parsePeriod(periodText).year))}`;
  const hashInputs = ({ config, outsideUnits }: ProjectConfig, deferDigests: boolean): Fingerprint => {
    const files = new Map<string, FileRead>();
    const fingerprint = inputFingerprint({
      roots: [root, ...outsideUnits.roots],
      exclude: [outDir],
      keep: { wanted: (file) => path.dirname(file).endsWith(logsFolder), files, deferDigests },
      ...(config?.bytes ? { contents: new Map([[config.path, config.bytes]]) } : {}),
      // --force reads and hashes every input, trusting no stamp.
      ...(options.force ? {} : { known: record.stamps }),
      // Not the folder the command runs in: the recorded problems and notices name files from the
      // project's folder, and the reporter prints them from where the command runs (cli/report.ts).
      // How the run reports (--reporter, --watch, --debug) and whether it uses the cache (--no-cache) change no output and no recorded message.
      options: { periodText, ...options, project: undefined, out: undefined, force: undefined, reporter: undefined, watch: undefined, debug: undefined, cache: undefined, wantsPdf, fonts },
    });
    return { ...fingerprint, files };
  };
  if (!options.force && record.builds.length > 0) {
    // The record says whether summarize.yaml (hashed with the project) can name units outside;
    // when it cannot, the file is hashed but not parsed, and nothing else is loaded.
    const noUnitsOutside = record.builds.every((entry) => entry.unitsMayLieOutside === false);
    const fingerprint = fingerprintOf(noUnitsOutside ? { outsideUnits: { roots: [], mayLieOutside: false } } : await projectConfig());
    const previous = unchangedBuild(outDir, record, fingerprint.value(), fingerprint.stamps());
    if (previous && !(await plainPdfCouldBeRemade(previous))) {
      const unchanged = Object.keys(previous.outputs).map((name) => path.join(outDir, name));
      return { written: [], unchanged, removed: [], notices: previous.notices, diagnostics: previous.diagnostics };
    }
  }
  const { config, outsideUnits } = await projectConfig();
  // Logs hashed for nothing: no earlier build to compare with, and no cache entry to find by digest.
  const deferLogDigests = (options.force === true || record.builds.length === 0) && !(await cacheMayHoldEntries(root, options));
  const fingerprint = fingerprintOf({ ...(config ? { config } : {}), outsideUnits }, deferLogDigests);
  fingerprints.clear();
  const { buildAnew } = await import('./build.js');
  const result = await buildAnew(periodText, options, outDir, wantsPdf, record, { ...(config ? { config: config.source } : {}), files: fingerprint.files });
  const entry = { fingerprint: fingerprint.value(), diagnostics: result.diagnostics, notices: result.notices, unitsMayLieOutside: outsideUnits.mayLieOutside };
  writeBuildRecord(outDir, record, entry, result.written, result.writtenHashes, fingerprint.stamps());
  return result;
}

interface Fingerprint extends InputFingerprint {
  /** The logs as hashed, for the load stage to take (load/project.ts ReadAlready). */
  files: Map<string, FileRead>;
}

interface ProjectConfig {
  config?: ProjectConfigFile;
  /** The units `units:` names outside the project folder (those inside are hashed with it). */
  outsideUnits: { roots: string[]; mayLieOutside: boolean };
}

async function readConfig(root: string): Promise<ProjectConfig> {
  const { readProjectConfig, unitScope } = await import('../load/project.js');
  const config = readProjectConfig(root);
  const scope = unitScope(root, config?.source);
  const outside = (unit: string) => path.relative(root, unit).startsWith('..') || path.isAbsolute(path.relative(root, unit));
  return { ...(config ? { config } : {}), outsideUnits: { roots: scope.roots.filter(outside), mayLieOutside: scope.mayLieOutside } };
}

/**
 * A recorded PDF that LibreOffice made the plain way (the pdf-autospace-lost warning) is the best
 * this machine could make while python3-uno was missing or failing; once a Python here imports
 * uno, the next build makes it anew through UNO instead of replaying the warning for a PDF
 * nothing would ever rebuild. Python is asked only when the record holds that warning.
 */
async function plainPdfCouldBeRemade(previous: BuildEntry): Promise<boolean> {
  if (!previous.diagnostics.some((diagnostic) => diagnostic.code === 'pdf-autospace-lost')) return false;
  const { unoAvailable } = await import('../write/warm-office.js');
  return unoAvailable();
}

async function cacheMayHoldEntries(root: string, options: BuildOptions): Promise<boolean> {
  if (options.cache === false) return false;
  const { cacheHoldsEntries } = await import('../cache/checked-logs.js');
  return cacheHoldsEntries(root);
}

async function officeInstalled(): Promise<boolean> {
  const { findOffice } = await import('../write/pdf.js');
  return findOffice() !== undefined;
}
