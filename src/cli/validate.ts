// CLI: `summarize validate <period>`: everything a build checks, writing nothing — the project
// (pipeline.checkProject), then the templates and the summaries of summarize.yaml as a build of
// the configured kinds would render them.

import type { Diagnostic } from '../model/diagnostic.js';
import type { LoadedTexts } from '../load/project.js';
import { checkProject, type ProjectOptions } from './pipeline.js';

export interface Validation {
  diagnostics: Diagnostic[];
  /** True when errors (or, with --strict, warnings) would stop a build. */
  failed: boolean;
  /** Events of the period, when the project could be read. */
  events?: number;
  /** The texts of the files read, for the problems' code frames (cli/report.ts). */
  texts: LoadedTexts;
}

export async function validate(periodText: string, options: ProjectOptions): Promise<Validation> {
  // validate writes nothing, the cache included; it reads what builds have cached.
  const checked = checkProject(periodText, { ...options, ...(options.cache === false ? {} : { cache: 'read-only' as const }) });
  let { diagnostics, failed } = checked;
  if (!failed && checked.project && checked.aggregates) {
    const { documentKinds, renderKinds } = await import('./build.js');
    const { project, aggregates } = checked;
    ({ diagnostics } = renderKinds({ ...checked, project, aggregates }, documentKinds(undefined, project.config.kinds), options));
    failed = diagnostics.some((d) => d.severity === 'error') || (options.strict === true && diagnostics.length > 0);
  }
  return { diagnostics, failed, ...(checked.aggregates ? { events: checked.aggregates.activities.length } : {}), texts: checked.texts };
}
