// Preview: what the page shows, as one JSON document the page fetches after each rebuild — the
// documents as HTML (write/html.ts) with the CSS of the profile, the figures each one prints with
// their sources, the stats view, and the problems of the last build. A failed build keeps the
// last good documents and adds its problems, so the page shows both.

import type { Diagnostic } from '../model/diagnostic.js';
import { printedFigures, type DocumentModel } from '../model/document.js';
import type { DocumentScript } from '../model/config.js';
import type { ResolvedFace } from '../layout/fonts.js';
import type { Profile } from '../layout/profile.js';
import type { Statistics } from '../aggregate/statistics.js';
import type { ProblemPrinter } from '../cli/report.js';
import { isTyped, renderHtml } from '../write/html.js';
import { figureSources } from '../write/figures-json.js';
import type { SourceEntry } from '../aggregate/query.js';
import { profileCss, type ServedFace } from '../write/html-style.js';
import { statsHtml } from './stats-view.js';

/** What a build gives the preview. */
export interface PreviewInput {
  documents: { kind: string; model: DocumentModel }[];
  /** The script the documents are written in: the stand-in faces are that region's. */
  script: DocumentScript;
  /** Each role's face as a PDF made here would print it, when known (write/pdf.ts facesHere). */
  faces?: readonly ResolvedFace[];
  /** Those faces the browser gets from the server, not by name (preview/server.ts fontPath). */
  servedFaces?: readonly ServedFace[];
  profile: Profile;
  statistics: Statistics;
  sectionTitles: Record<string, string>;
}

export interface ProblemView {
  /** `file:line:col` as the terminal prints it; absent for a problem that has no position. */
  where?: string;
  severity: 'error' | 'warning';
  code?: string;
  message: string;
  hint?: string;
  /** The code frame as the terminal prints it: the line before, the line, a caret. */
  frame: string[];
}

/** A printed figure as the page shows it when clicked: the data of figures.json for one mark. */
export interface FigureView {
  printed: string;
  value: number;
  /** The value in full with thousands separators: 11,310 beside 1.1万余. */
  exact: string;
  counts: string;
  metric?: string;
  /** Typed into a metrics file rather than computed from logged events. */
  typed: boolean;
  sources: SourceEntry[];
}

export interface DocumentView {
  kind: string;
  title: string;
  html: string;
  /** In the order of the marks' data-figure numbers. */
  figures: FigureView[];
}

export interface PreviewState {
  /** Counts rebuilds, good or bad; the page uses it to know it is up to date. */
  version: number;
  ok: boolean;
  period: string;
  /** How long the rebuild took, in milliseconds. */
  buildMs: number;
  problems: ProblemView[];
  /** The last good render (absent until a build has succeeded). */
  rendered?: {
    css: string;
    pageNumberFormat: string;
    documents: DocumentView[];
    stats: string;
  };
}

export function renderedView(input: PreviewInput): NonNullable<PreviewState['rendered']> {
  return {
    css: profileCss(input.profile, input.script, input.faces, input.servedFaces),
    pageNumberFormat: input.profile.pageNumber.format,
    documents: input.documents.map(({ kind, model }) => ({ kind, title: model.title, html: renderHtml(model, input.profile), figures: figureViews(model) })),
    stats: statsHtml(input.statistics, input.sectionTitles),
  };
}

function figureViews(model: DocumentModel): FigureView[] {
  return printedFigures(model).map(({ printed, figure }) => ({
    printed,
    value: figure.value,
    exact: figure.value.toLocaleString('en-US', { maximumFractionDigits: 6 }),
    counts: figure.counts,
    ...(figure.metric !== undefined ? { metric: figure.metric } : {}),
    typed: isTyped(figure),
    sources: figureSources(figure),
  }));
}

/**
 * Problems as the terminal's report shows them (paths relative to where the command runs, each
 * one's code frame or spreadsheet row), printed by `printer`.
 */
export function problemViews(diagnostics: readonly Diagnostic[], printer: ProblemPrinter): ProblemView[] {
  return diagnostics.map((d) => {
    const hint = printer.hint(d);
    return { where: printer.position(d), severity: d.severity, code: d.code, message: printer.message(d), ...(hint ? { hint } : {}), frame: printer.frame(d) };
  });
}

/** A problem with no position (an unreadable profile, a missing project folder). */
export function problemWithoutPosition(message: string, hint?: string): ProblemView {
  return { severity: 'error', message, ...(hint ? { hint } : {}), frame: [] };
}
