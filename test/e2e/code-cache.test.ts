// `npm run build` (scripts/bundle.mjs) writes a V8 code cache after an example build for each
// CommonJS file the build ran: the bundled packages (vendor-*.cjs, loaded by src/cli/vendor-load.ts)
// and the CommonJS copies of our own modules (main.cjs, chunk-*.cjs, run by src/cli/start.ts). A
// failed example build only warns there, and V8 silently rejects a cache made under other flags,
// so this is where a missing or unusable cache shows. The copies must also do what the ES modules
// (which --debug runs) do.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCodeCache } from '../../src/cli/code-cache.js';
import { copyExample } from '../helpers/examples.js';
import { temporaryFolder } from '../helpers/temp.js';

const repo = path.resolve(import.meta.dirname, '../..');
const dist = path.join(repo, 'dist/cli');

describe('the code caches', () => {
  it('exist and are intact for every package and for the modules the example build runs', () => {
    const packages = readdirSync(dist).filter((name) => name.startsWith('vendor-') && name.endsWith('.cjs'));
    expect(packages.length, 'run `npm run build`').toBeGreaterThan(0);
    const needed = [...packages, 'main.cjs'];
    expect(needed.filter((name) => readCodeCache(path.join(dist, `${name}.cache`)) === undefined)).toEqual([]);
    // The modules of the pipeline's stages, besides the entry.
    expect(readdirSync(dist).filter((name) => /^chunk-.*\.cjs\.cache$/.test(name)).length).toBeGreaterThan(5);
  });

  it('are all accepted by V8 in a build of the example, and in the next build, which finds nothing changed', () => {
    // V8 silently compiles from source when a cache was made under other flags (as when a file is
    // compiled before V8's flag is set in one run and after it in another). A preload records
    // each compile of a file with a cache.
    const folder = temporaryFolder('code-cache');
    const preload = path.join(folder, 'record-compiles.mjs');
    writeFileSync(
      preload,
      [
        "import { createRequire } from 'node:module';",
        'const require = createRequire(import.meta.url);',
        "const vm = require('node:vm');",
        'const compiles = [];',
        'vm.Script = class extends vm.Script {',
        '  constructor(source, options) {',
        '    super(source, options);',
        '    if (options?.cachedData) compiles.push({ file: options.filename, rejected: this.cachedDataRejected });',
        '  }',
        '};',
        "process.on('exit', () => require('node:fs').writeFileSync(process.env.RECORD_COMPILES, JSON.stringify(compiles)));",
      ].join('\n'),
    );
    const project = copyExample('shangjie', path.join(folder, 'project'));
    const compiled = (record: string) => {
      const result = spawnSync(process.execPath, ['--import', preload, path.join(repo, 'bin/summarize.js'), 'build', '2024', '-C', project, '--format', 'md,docx', '-o', path.join(folder, 'out')], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: path.join(folder, 'cache'), RECORD_COMPILES: path.join(folder, record) },
      });
      expect(result.status, result.stderr).toBe(0);
      const compiles = JSON.parse(readFileSync(path.join(folder, record), 'utf8')) as { file: string; rejected: boolean }[];
      return { names: compiles.map(({ file }) => path.basename(file)), rejected: compiles.filter(({ rejected }) => rejected).map(({ file }) => path.basename(file)), stdout: result.stdout };
    };
    const first = compiled('first.json');
    expect(first.names).toContain('main.cjs');
    expect(first.names).toContain('vendor-docx.cjs');
    expect(first.names.filter((name) => name.startsWith('chunk-')).length).toBeGreaterThan(5);
    expect(first.rejected).toEqual([]);
    const unchanged = compiled('unchanged.json');
    expect(unchanged.stdout).toMatch(/未改动/);
    expect(unchanged.names).toContain('main.cjs');
    expect(unchanged.rejected).toEqual([]);
  });
});

describe("our modules' CommonJS copies", () => {
  it('build the example byte for byte as the ES modules do', () => {
    const folder = temporaryFolder('code-cache');
    const project = copyExample('shangjie', path.join(folder, 'project'));
    const built = (how: string, extra: readonly string[]) => {
      const out = path.join(folder, how);
      const result = spawnSync(process.execPath, [path.join(repo, 'bin/summarize.js'), 'build', '2024', '-C', project, '--format', 'md,docx', '--force', '--no-cache', '-o', out, ...extra], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: path.join(folder, `cache-${how}`) },
      });
      expect(result.status, result.stderr).toBe(0);
      return readdirSync(out).filter((name) => !name.startsWith('.')).map((name) => [name, readFileSync(path.join(out, name))] as const);
    };
    const copies = built('copies', []);
    const modules = built('modules', ['--debug']);
    expect(copies.map(([name]) => name)).toEqual(['bulletin.docx', 'bulletin.figures.json', 'bulletin.md']);
    expect(modules.map(([name, bytes]) => [name, bytes.toString('base64')])).toEqual(copies.map(([name, bytes]) => [name, bytes.toString('base64')]));
  });

  it('are ASCII, and report typing slips in full-width characters as the ES modules do', () => {
    // The copies write every other character as an escape (scripts/bundle.mjs, asciiOnly), which
    // the regular expressions that find full-width digits, colons and braces must survive.
    const copies = readdirSync(dist).filter((name) => /^(main|chunk-.*)\.cjs$/.test(name));
    expect(copies.filter((name) => /[\u0080-\u00ff]/.test(readFileSync(path.join(dist, name), 'latin1')))).toEqual([]);
    const folder = temporaryFolder('code-cache');
    const project = copyExample('shangjie', path.join(folder, 'project'));
    const log = path.join(project, 'activities/2024/lectures.yaml');
    writeFileSync(
      log,
      `${readFileSync(log, 'utf8')}\n- date: 2024年5月４日\n  section：guidance\n  theme: ideology\n  title: 宣讲｛｛sum｝｝\n  unit: 区少工委\n  metrics: {lectures: １, pioneers_reached: “３００”}\n`,
    );
    const checked = (extra: readonly string[]) => {
      const result = spawnSync(process.execPath, [path.join(repo, 'bin/summarize.js'), 'validate', '2024', '-C', project, '--no-cache', ...extra], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };
    const fromCopies = checked([]);
    expect(fromCopies.status).toBe(1);
    expect(fromCopies.stdout + fromCopies.stderr).toMatch(/lectures\.yaml:\d+:\d+/);
    expect(checked(['--debug'])).toEqual(fromCopies);
  });
});
