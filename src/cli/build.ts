// CLI: `summarize build <period>`: check the project, render the document, write the outputs.
// Nothing is written unless every requested format rendered without error.

import path from 'node:path';
import { EXIT_INVALID_INPUT, UserError } from '../model/errors.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { loadTemplates } from '../load/templates.js';
import { renderDocument } from '../render/render-document.js';
import { renderMarkdown } from '../write/markdown.js';
import { writeOutputs, type OutputFile } from '../write/safe-write.js';
import { checkProject, type ProjectOptions } from './pipeline.js';
import type { Aggregates } from '../aggregate/aggregate.js';
import { auditFigures, type PrintedFigure } from '../aggregate/provenance.js';

/** `pdf-if-available` is what `--format all` asks for: a PDF when LibreOffice is installed. */
export type OutputFormat = 'md' | 'docx' | 'pdf' | 'pdf-if-available';

export interface BuildOptions extends ProjectOptions {
  format: OutputFormat[];
  out?: string;
  kind: string;
  issue?: number;
  date?: string;
  profile?: string;
}

export interface BuildResult {
  written: string[];
  /** Things the user should know that are not problems in the input. */
  notices: string[];
  diagnostics: Diagnostic[];
}

export async function build(periodText: string, options: BuildOptions): Promise<BuildResult> {
  const checked = checkProject(periodText, options);
  if (checked.failed || !checked.project || !checked.aggregates) {
    throw new BuildFailed(checked.diagnostics);
  }
  const { project, aggregates, root, period } = checked;
  const templates = loadTemplates(root, options.kind);
  const rendered = renderDocument(project.config, aggregates, templates, { issue: options.issue, date: options.date });
  const diagnostics = [...checked.diagnostics, ...rendered.diagnostics];
  if (!rendered.model) throw new BuildFailed(diagnostics);

  const outDir = path.resolve(options.out ?? path.join(root, 'out', period.label));
  const baseName = options.kind;
  const outputs: OutputFile[] = [];
  if (options.format.includes('md')) {
    outputs.push({ path: path.join(outDir, `${baseName}.md`), content: renderMarkdown(rendered.model) });
  }
  const docxPath = path.join(outDir, `${baseName}.docx`);
  const notices: string[] = [];
  let pdf = options.format.includes('pdf');
  if (options.format.includes('pdf-if-available') && !pdf) {
    const { findOffice } = await import('../write/pdf.js');
    pdf = findOffice() !== undefined;
    if (!pdf) notices.push('未生成 PDF：需要 LibreOffice（apt-get install libreoffice-writer-nogui fonts-noto-cjk）');
  }
  if (options.format.includes('docx') || pdf) {
    const [{ loadProfile }, { renderDocx }] = await Promise.all([import('../load/profile.js'), import('../write/docx.js')]);
    const profile = loadProfile(options.profile ?? project.config.profile, root);
    outputs.push({ path: docxPath, content: await renderDocx(rendered.model, profile) });
  }
  // The audit sidecar goes in the same all-or-nothing batch as the documents it describes.
  outputs.push({ path: path.join(outDir, sidecarName(baseName)), content: figuresSidecar(period.label, baseName, rendered.figures, aggregates, root) });
  writeOutputs(outputs);
  const written = outputs.map((o) => o.path);
  if (pdf) {
    const { convertDocxToPdf } = await import('../write/pdf.js');
    written.push(await convertDocxToPdf(docxPath, outDir));
  }
  return { written, notices, diagnostics };
}

/** figures.json beside the default document kind; <kind>.figures.json beside any other. */
export function sidecarName(kind: string): string {
  return kind === 'bulletin' ? 'figures.json' : `${kind}.figures.json`;
}

/**
 * Every figure the document prints — as printed, its value, what it counts — with the entries it
 * was computed from, paths relative to the project. Sorted, no timestamps: the same input gives
 * the same bytes.
 */
function figuresSidecar(period: string, kind: string, figures: readonly PrintedFigure[], aggregates: Aggregates, root: string): string {
  const relative = (file: string) => path.relative(root, path.resolve(file)).split(path.sep).join('/');
  const sidecar = { period, document: kind, figures: auditFigures(figures, aggregates, relative) };
  return `${JSON.stringify(sidecar, null, 2)}\n`;
}

/** Input problems stopped the build; the CLI prints them and exits with code 1. */
export class BuildFailed extends UserError {
  constructor(readonly diagnostics: Diagnostic[]) {
    super('输入有误，没有生成任何文件', EXIT_INVALID_INPUT);
  }
}
