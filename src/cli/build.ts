// CLI: `summarize build <period>` once ./build-or-reuse.ts has found that something changed: check
// the project, render each document kind asked for (--kind, or summarize.yaml's `kinds`, default
// bulletin), convert the script if asked, write the outputs. Nothing is written unless every requested kind and format rendered without error.

import path from 'node:path';
import type { ReporterName } from './report.js';
import { EXIT_INVALID_INPUT, UserError } from '../model/errors.js';
import { hasErrors, type Diagnostic, type Notice } from '../model/diagnostic.js';
import type { DocumentScript } from '../model/config.js';
import { loadTemplates } from '../load/templates.js';
import { renderDocument } from '../render/render-document.js';
import { resolveScript, scriptConverter } from '../render/script.js';
import { renderMarkdown } from '../write/markdown.js';
import { writeOutputsOverlapped, type OutputFile } from '../write/safe-write.js';
import { checkProject, type CheckedProject, type ProjectOptions } from './pipeline.js';
import type { Period } from '../model/period.js';
import type { DocumentModel } from '../model/document.js';
import type { ValidProject } from '../validate/project.js';
import type { LoadedTexts, ReadAlready } from '../load/project.js';
import type { Aggregates } from '../aggregate/aggregate.js';
import { figuresJson } from '../write/figures-json.js';
import { documentFileName, type DocumentFormat } from '../write/output-names.js';
import { outputHashes, type BuildRecord } from '../write/build-record.js';
import { clearStaleOutputs } from '../write/stale-outputs.js';
import { projectPath } from '../load/display-path.js';
import { figureLineRuns, type FigureLineRuns } from '../cache/figure-lines.js';
import { checkedLogsKeptInMemory } from '../cache/checked-logs.js';

/** `pdf-if-available` is what `--format all` asks for: a PDF when LibreOffice is installed. */
export type OutputFormat = 'md' | 'docx' | 'pdf' | 'pdf-if-available';

export interface BuildOptions extends ProjectOptions {
  format: OutputFormat[];
  /** `json` for CI: nothing but the JSON report is written, not even a progress line. */
  reporter?: ReporterName;
  out?: string;
  /** Document kinds (template names), comma-separated; default summarize.yaml's `kinds`, else bulletin. */
  kind?: string;
  issue?: number;
  date?: string;
  profile?: string;
  /** hans, hant (variant as configured, else Taiwan), hant-tw or hant-hk; default summarize.yaml's `script`. */
  script?: string;
  /** Build even when no input changed since the last build. */
  force?: boolean;
}

export interface BuildResult {
  written: string[];
  /** Outputs left as they were because no input changed since the build that wrote them. */
  unchanged: string[];
  /** Earlier outputs of a document built now, in a format not written this time (see write/stale-outputs.ts). */
  removed: string[];
  /** Things the user should know that are not problems in the input. */
  notices: Notice[];
  diagnostics: Diagnostic[];
  /** The texts of the files read, for the problems' code frames; none when the outputs were up to date. */
  texts?: LoadedTexts;
  /** Path → outputHash of the files written from memory (not the PDF), for the build record. */
  writtenHashes?: ReadonlyMap<string, string>;
}

export interface RenderedDocuments {
  root: string;
  /** Each log's file → the key of its checked events (pipeline.ts), which names figures.json's kept lines. */
  logKeys?: ReadonlyMap<string, string>;
  period: Period;
  project: ValidProject;
  aggregates: Aggregates;
  /** The script the documents are written in (after any conversion). */
  script: DocumentScript;
  /** Each kind asked for, in order, its model already in the document's script (its figures are runs of it). */
  documents: { kind: string; model: DocumentModel }[];
  /** Warnings only: errors throw BuildFailed. */
  diagnostics: Diagnostic[];
  texts: LoadedTexts;
}

/**
 * Check the project and render every document kind asked for into the document model, in the
 * script asked for; throws BuildFailed with every problem when anything is wrong. `build` writes
 * the models out; `preview` shows them.
 */
export async function renderDocuments(periodText: string, options: Omit<BuildOptions, 'format'>, readAlready?: ReadAlready): Promise<RenderedDocuments> {
  const asked = options.kind === undefined ? {} : { kinds: documentKinds(options.kind, undefined) };
  const checked = checkProject(periodText, { ...options, ...asked }, readAlready);
  if (checked.failed || !checked.project || !checked.aggregates) {
    throw new BuildFailed(checked.diagnostics, checked.texts);
  }
  const { project, aggregates, root, period, texts, logKeys } = checked;
  const { documents, diagnostics } = renderKinds({ ...checked, project, aggregates }, documentKinds(options.kind, project.config.kinds), options);
  if (hasErrors(diagnostics) || documents.some((d) => !d.rendered.model)) throw new BuildFailed(diagnostics, texts);

  const script = resolveScript(options.script, project.config.script);
  const convertScript = await scriptConverter(script, project.config.protectedWords);
  const converted = documents.map(({ kind, rendered: { model } }) => ({ kind, model: convertScript(model!) }));
  return { root, period, project, aggregates, script, documents: converted, diagnostics, texts, ...(logKeys ? { logKeys } : {}) };
}

/** `readAlready`: what the build's first step read (build-or-reuse.ts). */
export async function buildAnew(periodText: string, options: BuildOptions, outDir: string, pdf: boolean, earlier: BuildRecord, readAlready?: ReadAlready): Promise<BuildResult> {
  const { project, root, period, script, documents, diagnostics, texts, logKeys } = await renderDocuments(periodText, options, readAlready);
  const notices: Notice[] = [];
  if (options.format.includes('pdf-if-available') && !pdf) {
    notices.push({ text: '未生成 PDF：需要 LibreOffice（apt-get install libreoffice-writer-nogui fonts-noto-cjk）' });
  }
  const docx = options.format.includes('docx') || pdf ? await docxWriter(options.profile ?? project.config.profile, root, script) : undefined;
  const outputs: OutputFile[] = [];
  const docxPaths: string[] = [];
  const lineRuns = new Map<string, FigureLineRuns>();
  for (const { kind, model } of documents) {
    const file = (format: DocumentFormat) => path.join(outDir, documentFileName({ kind, script }, format));
    if (options.format.includes('md')) outputs.push({ path: file('md'), content: renderMarkdown(model) });
    if (docx) {
      outputs.push({ path: file('docx'), content: await docx.render(model) });
      docxPaths.push(file('docx'));
    }
    // The audit sidecar is read off the model as printed (after the script conversion), and goes
    // in the same all-or-nothing batch as the documents it describes.
    // Its entry lines from unchanged logs are copied from the file it replaces (src/cache/figure-lines.ts).
    const figuresPath = file('figures.json');
    const kept = logKeys && !checkedLogsKeptInMemory() ? { runs: figureLineRuns(root, figuresPath, recordedHash(earlier, path.relative(outDir, figuresPath))), logKeys } : undefined;
    if (kept) lineRuns.set(figuresPath, kept.runs);
    outputs.push({ path: figuresPath, content: figuresJson(model, { period: period.label, kind }, kept) });
  }
  const hashes = outputHashes();
  try {
    await writeOutputsOverlapped(outputs, { written: hashes.written });
  } finally {
    for (const runs of lineRuns.values()) runs.close();
  }
  const written = outputs.map((o) => o.path);
  const writtenHashes = hashes.digests(written);
  for (const [figuresPath, runs] of lineRuns) runs.save(writtenHashes.get(figuresPath)!);
  if (pdf && docx) {
    const [{ convertDocxToPdf, facesHere }, { fallbackNotice }] = await Promise.all([import('../write/pdf.js'), import('../layout/fonts.js')]);
    const faces = facesHere(docx.profile, script);
    const notice = fallbackNotice(faces);
    if (notice) notices.push({ text: `${notice}；详见 summarize fonts` });
    const { withProgress } = await import('./progress.js');
    for (const docxPath of docxPaths) {
      const label = `正在用 LibreOffice 生成 ${path.basename(docxPath, '.docx')}.pdf`;
      const converted = await withProgress(label, () => convertDocxToPdf(docxPath, outDir, { faces }), { quiet: options.reporter === 'json' });
      written.push(converted.pdf);
      diagnostics.push(...converted.diagnostics.map((d) => ({ ...d, file: projectPath(root, d.file) })));
    }
  }
  const stale = clearStaleOutputs(outDir, documents.map(({ kind }) => ({ kind, script })), written, earlier);
  // Worded to stay true when an unchanged build repeats it from the build record.
  for (const file of stale.kept) {
    notices.push({
      text: '{0} 不是与同一文档的其他文件一起生成的，内容可能不一致；它不是 summarize 生成的或生成后被改动过，所以没有删除；已过时的请自行删除',
      mentions: [{ file: projectPath(root, file) }],
    });
  }
  return { written, unchanged: [], removed: stale.removed, notices, diagnostics, texts, writtenHashes };
}

/**
 * Each kind rendered to its document model, with next year's plan (checked with the project, see
 * pipeline.ts); the diagnostics of the project, its plans and every template. `validate` runs this too, so a
 * template or summary mistake fails it as it fails a build.
 */
export function renderKinds(
  checked: CheckedProject & { project: NonNullable<CheckedProject['project']>; aggregates: Aggregates },
  kinds: string[],
  options: Pick<BuildOptions, 'issue' | 'date' | 'strict'>,
) {
  const { project, aggregates, root, nextPlan } = checked;
  const documents = kinds.map((kind) => ({
    kind,
    rendered: renderDocument(project.config, aggregates, loadTemplates(root, kind), {
      issue: options.issue,
      date: options.date,
      strict: options.strict === true,
      ...(nextPlan ? { plan: nextPlan } : {}),
    }),
  }));
  return { documents, diagnostics: [...checked.diagnostics, ...documents.flatMap((d) => d.rendered.diagnostics)] };
}

async function docxWriter(profileName: string, root: string, script: DocumentScript) {
  const [{ loadProfile }, { renderDocx }] = await Promise.all([import('../load/profile.js'), import('../write/docx.js')]);
  const profile = loadProfile(profileName, root);
  return { profile, render: (model: Parameters<typeof renderDocx>[0]) => renderDocx(model, profile, script) };
}

/** The hash the newest recorded build gives the output `name`; undefined when none wrote it. */
function recordedHash(record: BuildRecord, name: string): string | undefined {
  return [...record.builds].reverse().find((entry) => entry.outputs[name] !== undefined)?.outputs[name];
}

/** `--kind annual,plan`, else summarize.yaml's `kinds:`, else the bulletin; each once, in order. */
export function documentKinds(option: string | undefined, configured: string[] | undefined): string[] {
  const kinds = option === undefined ? (configured ?? ['bulletin']) : option.split(',').map((k) => k.trim()).filter(Boolean);
  return [...new Set(kinds.length > 0 ? kinds : ['bulletin'])];
}

/** Input problems stopped the build; the CLI prints them and exits with code 1. */
export class BuildFailed extends UserError {
  /** `texts`: those of the files read, for the problems' code frames (cli/report.ts). */
  constructor(
    readonly diagnostics: Diagnostic[],
    readonly texts?: LoadedTexts,
  ) {
    super('输入有误，没有生成任何文件', EXIT_INVALID_INPUT);
  }
}
