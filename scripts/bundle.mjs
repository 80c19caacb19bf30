// Build step (`npm run build`, so also `npm ci` through prepare and `npm test`): bundles the CLI and
// its dependencies with esbuild into dist/cli/, one ES module for the entry plus shared chunks that
// the commands import lazily (`await import('./build.js')` becomes a chunk, so `--help` loads no
// docx, handlebars or ajv). Starting node costs about 60 ms here; resolving and compiling a few
// hundred separate module files cost another 30–200 ms, which one file and its chunks avoid.
//
// Nothing here names a source module or a dependency: new modules and packages are bundled as they
// are imported. Worker threads are the one kind of file that must exist on its own (a Worker is
// started from a file path), so every src/**/*.worker.ts is an entry point as well.
//
// Every output lies directly in dist/cli/, two levels below the package root, as the compiled
// modules did: the code finds templates/, profiles/ and schema/ through
// `new URL('../../…', import.meta.url)`, which must point at the same place from every chunk.

import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
// built-in, so a built-in that packages patch (fs) must not be listed.
const DEFERRED_BUILTINS = ['child_process'];
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

// Chunks are named by content hash, so those of an earlier build would pile up (and the build
// fingerprint hashes dist/): start from an empty folder.
rmSync(path.join(root, 'dist'), { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: [path.join(root, 'src/cli/main.ts'), ...workerEntries(path.join(root, 'src'))],
  outdir,
  outbase: path.join(root, 'src'),
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
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
  // CommonJS packages inside an ES module bundle still call require() for node's built-ins.
  plugins: [deferBuiltins],
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
});

// The build fingerprint (src/load/fingerprint.ts) counts the tool's code as an input. Hashing 4 MB
// of chunks cost more than the rest of a nothing-changed build; their hash is taken once, here.
const bundleHash = createHash('sha256');
for (const file of readdirSync(outdir).filter((name) => name.endsWith('.js')).sort()) {
  bundleHash.update(`\0${file}\0`);
  bundleHash.update(readFileSync(path.join(outdir, file)));
}
writeFileSync(path.join(outdir, 'bundle-id'), `${bundleHash.digest('hex')}\n`);
