// Build-step helper: the tool's own code from src/, bundled with esbuild into a temporary module and
// imported, for the generators that run the code the CLI runs (scripts/handlebars-templates.mjs,
// scripts/docx-parts.mjs). `exports` are the lines of the bundle's entry; `options` add to esbuild's.

import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** @param {string[]} exports @param {import('esbuild').BuildOptions} [options] */
export async function importSrc(exports, options = {}) {
  const { outputFiles } = await build({
    absWorkingDir: root,
    stdin: { contents: exports.join('\n'), resolveDir: root, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'warning',
    banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
    ...options,
  });
  const folder = mkdtempSync(path.join(os.tmpdir(), 'summarize-src-'));
  try {
    const module = path.join(folder, 'src.mjs');
    writeFileSync(module, /** @type {import('esbuild').OutputFile[]} */ (outputFiles)[0].text);
    return await import(pathToFileURL(module).href);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
