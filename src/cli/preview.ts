// CLI: `summarize preview <period>`. Renders the documents as `build` would (without writing
// anything), serves them on 127.0.0.1 (preview/server.ts), and renders again whenever an input
// changes (watch/project-watcher.ts); the open page updates itself. Runs until Ctrl-C.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { statistics } from '../aggregate/statistics.js';
import { keepParsedSources } from '../load/project.js';
import { keepCheckedLogsInMemory } from '../cache/checked-logs.js';
import { loadProfile } from '../load/profile.js';
import { UserError } from '../model/errors.js';
import type { DocumentScript } from '../model/config.js';
import type { Profile } from '../layout/profile.js';
import { fontPath, startPreviewServer, type PreviewServer, type ServedFonts } from '../preview/server.js';
import { problemViews, problemWithoutPosition, renderedView, type PreviewInput, type PreviewState } from '../preview/state.js';
import { startedOrClosed, untilInterrupted, watchProjectInputs } from '../watch/project-watcher.js';
import { BuildFailed, renderDocuments, type BuildOptions } from './build.js';
import { problemPrinter } from './report.js';

export interface PreviewOptions extends Omit<BuildOptions, 'format' | 'out' | 'force'> {
  port: number;
  open?: boolean;
}

/**
 * Quiet time after a change before rendering again. Shorter than build --watch's: an editor's save
 * (a temporary file, then a rename) lands within a few milliseconds, a render writes nothing, and a
 * change during a render queues one more, so the page may follow the save within ~200 ms.
 */
const PREVIEW_DEBOUNCE_MS = 40;

export async function preview(periodText: string, options: PreviewOptions): Promise<void> {
  const root = path.resolve(options.project ?? '.');
  // Unchanged files are not parsed again on a rebuild (load/project.ts keeps what it parsed).
  keepParsedSources();
  keepCheckedLogsInMemory();
  let state: PreviewState = { version: 0, ok: false, period: periodText, buildMs: 0, problems: [] };
  const renderOnce = async (): Promise<PreviewState> => {
    const start = performance.now();
    const next = await render(periodText, options, state);
    return { ...next, buildMs: Math.round(performance.now() - start) };
  };
  let server: PreviewServer | undefined;
  const watcher = watchProjectInputs(root, {
    debounceMs: PREVIEW_DEBOUNCE_MS,
    // The server is up before any rebuild, which publishes to it.
    first: async () => {
      state = await renderOnce();
      server = await startPreviewServer({ port: options.port, initial: state, fonts });
    },
    rebuild: async () => {
      state = await renderOnce();
      server!.publish(state);
      console.error(state.ok ? `已更新（${state.buildMs} ms）` : `有 ${state.problems.length} 个问题，页面上保留上次的结果（${state.buildMs} ms）`);
    },
  });
  await startedOrClosed(watcher);
  const serving = server!;
  console.log(`预览地址 ${serving.url}`);
  console.error(`${state.ok ? '' : `有 ${state.problems.length} 个问题，见页面；`}正在监视活动记录、统计数、配置和模板，改动后页面自动更新；按 Ctrl+C 退出`);
  if (options.open) openBrowser(serving.url);
  await untilInterrupted();
  watcher.close();
  await serving.close();
  console.error('预览已停止');
}

/** One render into the next state: the documents, or the problems beside the last good documents. */
async function render(periodText: string, options: PreviewOptions, previous: PreviewState): Promise<Omit<PreviewState, 'buildMs'>> {
  const version = previous.version + 1;
  const failed = (problems: PreviewState['problems']) => ({ version, ok: false, period: periodText, problems, ...(previous.rendered ? { rendered: previous.rendered } : {}) });
  try {
    const rendered = await renderDocuments(periodText, options);
    const profile = loadProfile(options.profile ?? rendered.project.config.profile, rendered.root);
    const config = rendered.project.config;
    const view = renderedView({
      documents: rendered.documents,
      script: rendered.script,
      ...(await facesFor(profile, rendered.script)),
      profile,
      statistics: statistics(config, rendered.aggregates),
      sectionTitles: Object.fromEntries(config.sections.map((s) => [s.id, s.title])),
    });
    return { version, ok: true, period: rendered.period.label, problems: problemViews(rendered.diagnostics, problemPrinter(rendered.root, rendered.texts)), rendered: view };
  } catch (error) {
    if (error instanceof BuildFailed) return failed(problemViews(error.diagnostics, problemPrinter(path.resolve(options.project ?? '.'), error.texts)));
    if (error instanceof UserError) return failed([problemWithoutPosition(error.message, error.hint)]);
    throw error;
  }
}

/**
 * The faces of this machine for a profile's fonts, asked of fontconfig once per set of fonts and
 * script, and those of them the server gives the page (registered in `fonts`).
 */
const resolvedFaces = new Map<string, Pick<PreviewInput, 'faces' | 'servedFaces'>>();
const fonts: ServedFonts = new Map();
async function facesFor(profile: Profile, script: DocumentScript): Promise<Pick<PreviewInput, 'faces' | 'servedFaces'>> {
  const key = JSON.stringify([profile.fonts, script]);
  let resolved = resolvedFaces.get(key);
  if (!resolved) {
    const { facesHere, privateFacesHere } = await import('../write/pdf.js');
    const faces = facesHere(profile, script);
    const servedFaces = privateFacesHere(faces.flatMap((face) => [face.used, face.latinUsed].filter((family) => family !== undefined))).flatMap(({ family, file, bold }) => {
      const url = fontPath(file);
      if (url) fonts.set(url, file);
      return url ? [{ family, url, bold }] : [];
    });
    resolved = { faces, servedFaces };
    resolvedFaces.set(key, resolved);
  }
  return resolved;
}

/** The system's way to open a URL in the default browser; a failure only loses the convenience. */
function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  const child = spawn(command, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', () => console.error(`没能打开浏览器，请手动打开 ${url}`));
  child.unref();
}
