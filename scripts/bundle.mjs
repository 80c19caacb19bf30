// Build step (`npm run build`, so also `npm ci` through prepare and `npm test`): bundles the CLI and
// its dependencies with esbuild into dist/cli/, one ES module for the entry plus shared chunks that
// the commands import lazily (`await import('./build.js')` becomes a chunk, so `--help` loads no
// docx, handlebars or ajv). Starting node costs about 60 ms here; resolving and compiling a few
// hundred separate module files cost another 30–200 ms, which one file and its chunks avoid.
//
// Nothing here names a dependency, and no source module but the packages' loader: new modules and
// packages are bundled as they are imported. Worker threads are the one kind of file that must exist on its own (a Worker is
// started from a file path), so every src/**/*.worker.ts is an entry point as well.
//
// The packages the pipeline's stages import are bundled apart, as CommonJS files with a V8 code
// cache each (see vendorPackages below).
//
// Every output lies directly in dist/cli/, two levels below the package root, as the compiled
// modules did: the code finds templates/, profiles/ and schema/ through
// `new URL('../../…', import.meta.url)`, which must point at the same place from every chunk.

import { build, transformSync } from 'esbuild';
import { createHash } from 'node:crypto';
import { builtinModules, createRequire } from 'node:module';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = path.join(root, 'dist', 'cli');

function workerEntries(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return workerEntries(file);
    return entry.name.endsWith('.worker.ts') ? [file] : [];
  });
}

// Built-ins that a bundled CommonJS package requires when it loads but uses only on a rare path:
// commander requires child_process for subcommands that are separate executables (this CLI has
// none), and child_process brings net, dgram and the stream modules with it, a few milliseconds
// of the ~45 that a build with nothing changed adds to node's own start. Such a require gets an
// object whose properties load the built-in when first read. Only built-ins whose exports are a
// plain object can stand in so (checked below), and writes to the object would not reach the
// built-in, so a built-in that packages patch (fs) must not be listed. Our own modules' imports of
// these get the same object (builtinsAsRequire): crypto, which the build's first step imports with
// the CLI's entry (fingerprint, build record), loads the stream modules too, and `build --help` and
// the other commands need no hash; nor v8 (it loads them too), whose flag only the commands that
// check a project set (src/cli/short-runs.ts), not a build that finds nothing changed; nor
// fs/promises, which write/safe-write.ts opens outputs with: it loads readline and fs's watchers,
// and `build --help` writes nothing.
const DEFERRED_BUILTINS = ['child_process', 'crypto', 'v8', 'fs/promises'];
const builtinRequire = createRequire(import.meta.url);
const deferBuiltins = {
  name: 'defer-builtins',
  setup(build) {
    const filter = new RegExp(`^(node:)?(${DEFERRED_BUILTINS.join('|')})$`);
    build.onResolve({ filter }, (args) =>
      args.kind === 'require-call' && args.namespace === 'file' ? { path: args.path.replace(/^node:/, ''), namespace: 'deferred-builtin' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'deferred-builtin' }, (args) => {
      const exported = builtinRequire(`node:${args.path}`);
      if (typeof exported !== 'object') throw new Error(`node:${args.path} exports a ${typeof exported}, not an object: it cannot be deferred`);
      const getters = Object.keys(exported).map((name) => `${JSON.stringify(name)}: { enumerable: true, get: () => builtin()[${JSON.stringify(name)}] }`);
      return {
        contents: `let loaded;\nconst builtin = () => (loaded ??= require(${JSON.stringify(`node:${args.path}`)}));\nmodule.exports = Object.defineProperties({}, {\n${getters.join(',\n')}\n});\n`,
        loader: 'js',
      };
    });
  },
};

// An ES module's `import { writeSync } from 'node:fs'` makes node build a module facade of the
// built-in, which reads every export once, getters too: fs's ReadStream and promises load the
// stream modules and fs/promises, ~3 ms of the ~25 that `--help` adds to node's own start, for
// code that uses neither. Built-ins imported by our modules are required instead (the banner's
// `require`), as the CommonJS packages in the chunks already do. Each importing module gets a
// require module of its own, which esbuild puts in that module's chunk: one shared by all would
// be a chunk of its own, one more file for every command to load.
//
// What the require module exports is an object whose prototype is the built-in, not the built-in:
// esbuild's __toESM gives an importer a copy of a CommonJS module, a getter defined for each of
// its own properties (fs has over a hundred), and it made those copies in every chunk each run
// (5–6 ms of an example build's start). The built-in's properties are then found through the
// prototype, as they are, and still read when used: a function replaced on the built-in later
// (a test's spy) is the one called.
const builtinsAsRequire = {
  name: 'builtins-as-require',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind !== 'import-statement' || args.namespace !== 'file' || !(args.path.startsWith('node:') || builtinModules.includes(args.path))) return undefined;
      const name = args.path.replace(/^node:/, '');
      return DEFERRED_BUILTINS.includes(name) ? { path: name, namespace: 'deferred-builtin' } : { path: `${args.importer}?require=${name}`, namespace: 'builtin-as-require' };
    });
    build.onLoad({ filter: /.*/, namespace: 'builtin-as-require' }, (args) => ({
      contents: `module.exports = Object.create(require(${JSON.stringify(`node:${args.path.slice(args.path.lastIndexOf('?require=') + '?require='.length)}`)}));`,
      loader: 'js',
    }));
  },
};

// Handlebars requires source-map, inside a try, only to map the code it generates from a template
// back to the template, which it does only when given a srcName; without the package it builds
// the same code with a plain string builder of its own. This tool never asks for the map, and
// loading the package and building its SourceNode trees cost ~5 % of an example build: it is left
// out, and the require fails as handlebars expects it may.
const withoutSourceMaps = {
  name: 'without-source-maps',
  setup(build) {
    build.onResolve({ filter: /^source-map$/ }, (args) =>
      args.importer.includes(`${path.sep}handlebars${path.sep}`) ? { path: args.path, namespace: 'missing-optional' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'missing-optional' }, () => ({
      contents: "throw new Error('source-map is left out of this bundle (scripts/bundle.mjs)');",
      loader: 'js',
    }));
  },
};

// Packages that the pipeline's stages import (`import … from 'docx'` in src/load, src/render …)
// are bundled apart, one CommonJS file each, and the chunks load them through
// src/cli/vendor-load.ts, which compiles them with V8's code cache (written below, after an example
// build). Those of src/cli/ (commander, chalk) stay in the chunks: the CLI's wiring loads them for
// every command, `--help` too, which should not pay for the loader. A package imported with
// `import()` (exceljs, opencc-js: rare commands) stays in the chunks as well. Each package's file
// gets a stub module in the chunks with the package's export names, read from the bundled file here.
const srcDir = path.join(root, 'src') + path.sep;
const cliDir = path.join(root, 'src', 'cli') + path.sep;
const vendorLoader = path.join(root, 'src/cli/vendor-load.ts');
// Packages loaded by the first use of an export (vendor-load.ts, lazyVendor): those a build whose
// inputs hold no problem never calls.
const LAZY_PACKAGES = new Set(['yaml', 'iconv-lite']);
const vendorFiles = new Map();
const vendorFile = (spec) => `vendor-${spec.replace(/[^a-z0-9]+/gi, '-')}.cjs`;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const vendorPackages = {
  name: 'vendor-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind !== 'import-statement' || args.namespace !== 'file' || !args.importer.startsWith(srcDir) || args.importer.startsWith(cliDir)) return undefined;
      if (args.path.startsWith('node:') || builtinModules.includes(args.path)) return undefined;
      return { path: args.path, namespace: 'vendor' };
    });
    build.onLoad({ filter: /.*/, namespace: 'vendor' }, async (args) => {
      const file = vendorFile(args.path);
      const outfile = path.join(outdir, file);
      if (!vendorFiles.has(file)) {
        vendorFiles.set(
          file,
          buildVendor(args.path, outfile).then(() => {
            const exported = builtinRequire(outfile);
            return Object.keys(exported).filter((name) => name !== 'default' && name !== '__esModule' && IDENTIFIER.test(name));
          }),
        );
      }
      const names = await vendorFiles.get(file);
      if (LAZY_PACKAGES.has(args.path)) {
        return {
          contents: [
            `import { lazyVendor } from ${JSON.stringify(vendorLoader)};`,
            `const lazy = lazyVendor(new URL(${JSON.stringify(file)}, import.meta.url));`,
            'export default lazy.exported();',
            ...names.map((name) => `export const ${name} = lazy.exported(${JSON.stringify(name)});`),
          ].join('\n'),
          loader: 'js',
          resolveDir: root,
        };
      }
      return {
        contents: [
          `import { loadVendor } from ${JSON.stringify(vendorLoader)};`,
          `const m = loadVendor(new URL(${JSON.stringify(file)}, import.meta.url));`,
          // An ES-module package bundled as CommonJS is marked __esModule: its default export is
          // m.default; a CommonJS package's default export (what node gives an import) is m.
          'export default m.__esModule ? m.default : m;',
          names.length > 0 ? `export const { ${names.join(', ')} } = m;` : '',
        ].join('\n'),
        loader: 'js',
        resolveDir: root,
      };
    });
  },
};

// CommonJS packages inside an ES module bundle still call require() for node's built-ins.
const BANNER = "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);";

/** What the chunks and the packages' files are built with alike. */
const common = /** @type {const} */ ({
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Whitespace and syntax only: identifiers keep their names, which some libraries print or
  // compare (class names in error messages), and --debug stacks map back to src/ anyway.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
});

function buildVendor(spec, outfile) {
  return build({
    ...common,
    stdin: { contents: `module.exports = require(${JSON.stringify(spec)});`, resolveDir: root, sourcefile: `${spec} (vendor)`, loader: 'js' },
    outfile,
    format: 'cjs',
    plugins: [deferBuiltins, withoutSourceMaps],
  });
}

// Chunks are named by content hash, so those of an earlier build would pile up (and the build
// fingerprint hashes dist/): start from an empty folder.
rmSync(path.join(root, 'dist'), { recursive: true, force: true });

await build({
  ...common,
  entryPoints: [path.join(root, 'src/cli/main.ts'), ...workerEntries(path.join(root, 'src'))],
  outdir,
  outbase: path.join(root, 'src'),
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  splitting: true,
  format: 'esm',
  plugins: [deferBuiltins, builtinsAsRequire, vendorPackages],
  banner: { js: BANNER },
});

// What `import.meta.url` becomes in CommonJS output: a parameter of the function each copy runs as
// (src/cli/code-cache.ts, moduleFunctionSource), and a variable of start.cjs's banner.
const IMPORT_META_URL = '__importMetaUrl';

// Our modules' CommonJS copies, which src/cli/start.ts runs with their code caches: each chunk (and
// main.js) as esbuild turned it into CommonJS, `import.meta.url` given by start.ts as the chunk's
// own address, `import()` a require that start.ts answers with the copy, and the banner's
// `require` start.ts's. ES modules are strict, so the copies are too. The worker threads' entries
// and --debug run the ES modules.
for (const name of readdirSync(outdir).filter((file) => file.endsWith('.js') && !file.endsWith('.worker.js'))) {
  const file = path.join(outdir, name);
  const text = readFileSync(file, 'utf8');
  if (!text.startsWith(BANNER)) throw new Error(`${name} does not start with the banner that start.ts stands in for`);
  const copy = transformSync(text.slice(BANNER.length).replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n'), {
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    define: { 'import.meta.url': IMPORT_META_URL },
    supported: { 'dynamic-import': false },
    minifyWhitespace: true,
    logLevel: 'silent',
  });
  if (copy.warnings.length > 0) throw new Error(`${name}: ${copy.warnings.map((warning) => warning.text).join('; ')}`);
  writeFileSync(file.replace(/\.js$/, '.cjs'), asciiOnly(`"use strict";${copy.code}`));
}

/**
 * The copy with every character outside ASCII written as a \u escape. esbuild escapes them in
 * strings and templates, but not in regular expressions (/[“”‘’]/, /^用法：/), and one such
 * character makes node read the whole file into a string of two bytes a character, by a slower
 * path: reading the five copies that had some took 7–10 ms, 4–5 ms once escaped. In a regular
 * expression, with or without the u flag, \uXXXX matches what the character did, and a pair of
 * them the character outside the BMP it encodes; a character escaped with a backslash (an
 * identity escape, `\“`) loses the backslash. The copies have no source maps (--debug runs the
 * ES modules), whose columns this would shift.
 */
function asciiOnly(code) {
  return code.replace(/(\\*)([\u0080-\uffff])/g, (_all, backslashes, character) => {
    const escaped = `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
    return backslashes.length % 2 === 1 ? backslashes.slice(1) + escaped : backslashes + escaped;
  });
}

// start.ts as CommonJS, for the CommonJS bin/summarize.js to require: no ES-module loader is started.
await build({
  ...common,
  entryPoints: [path.join(root, 'src/cli/start.ts')],
  outfile: path.join(outdir, 'start.cjs'),
  format: 'cjs',
  define: { 'import.meta.url': IMPORT_META_URL },
  plugins: [deferBuiltins, builtinsAsRequire],
  banner: { js: `const ${IMPORT_META_URL} = require("node:url").pathToFileURL(__filename).href;` },
});

// The build fingerprint (src/load/fingerprint.ts) counts the tool's code as an input. Hashing 4 MB
// of chunks cost more than the rest of a nothing-changed build; their hash is taken once, here.
const bundleHash = createHash('sha256');
for (const file of readdirSync(outdir).filter((name) => name.endsWith('.js') || name.endsWith('.cjs')).sort()) {
  bundleHash.update(`\0${file}\0`);
  bundleHash.update(readFileSync(path.join(outdir, file)));
}
writeFileSync(path.join(outdir, 'bundle-id'), `${bundleHash.digest('hex')}\n`);

// `summarize --help` as the CLI prints it when stdout is no terminal (wrapped at 80 columns): the bin
// shim prints this file instead of setting up commander (bin/summarize.js, printedHelp).
writeFileSync(path.join(outdir, 'help.txt'), execFileSync(process.execPath, [path.join(outdir, 'main.js'), '--help'], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'inherit'] }));

// The packages' code caches: V8 keeps the compiled code of what a run used, so they are written
// at the end of a real build of the example, in a copy of it (a build writes into its project).
// Without them the CLI works as before, only slower, so a failed example build is a warning here;
// the tests that build the example say what is wrong.
const example = path.join(root, 'examples', 'shangjie');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'summarize-code-cache-'));
try {
  cpSync(example, path.join(scratch, 'project'), { recursive: true, filter: (from) => from === example || !path.basename(from).startsWith('.') });
  execFileSync(process.execPath, [path.join(root, 'bin', 'summarize.js'), 'build', '2024', '-C', path.join(scratch, 'project'), '--format', 'md,docx', '-o', path.join(scratch, 'out')], {
    env: { ...process.env, SUMMARIZE_WRITE_CODE_CACHE: '1', XDG_CACHE_HOME: path.join(scratch, 'cache'), NO_COLOR: '1' },
    stdio: 'pipe',
  });
} catch (error) {
  const failed = /** @type {{ stderr?: Buffer, message: string }} */ (error);
  console.warn(`bundle: no code cache written (the example build failed): ${String(failed.stderr ?? failed.message).trim()}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
