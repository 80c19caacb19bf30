#!/usr/bin/env node
// Where the time goes: reads a V8 .cpuprofile (from `node --cpu-prof …`) and sums self time by
// function and by module (a package in node_modules, a file of dist/, node's own internals).
//
//   node --cpu-prof --cpu-prof-dir .bench/profile bin/summarize.js build 2024 -C .bench/p100k
//   node scripts/profile-summary.mjs .bench/profile/*.cpuprofile [--top 20]
//
// Self time of a function is the time the sampler found that function on top of the stack; it is
// computed from the profile's timeDeltas (each sample's delta is charged to the sample's node), so
// it does not depend on the sampling interval.

import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where a script URL belongs: `yaml`, `handlebars`, `dist/load/yaml-source.js`, `node:internal`, … */
export function moduleOf(url) {
  if (!url) return '(native / V8)';
  if (url.startsWith('node:')) return 'node (internals)';
  let file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = file.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  if (nm >= 0) {
    const parts = file.slice(nm + 14).split(path.sep);
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const dist = file.lastIndexOf(`${path.sep}dist${path.sep}`);
  if (dist >= 0) return `dist/${file.slice(dist + 6).split(path.sep).join('/')}`;
  if (path.isAbsolute(file)) file = path.relative(REPO, file);
  return file;
}

function shortFile(url) {
  if (!url) return '';
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = file.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  if (nm >= 0) return file.slice(nm + 14).split(path.sep).join('/');
  const dist = file.lastIndexOf(`${path.sep}dist${path.sep}`);
  if (dist >= 0) return `dist/${file.slice(dist + 6).split(path.sep).join('/')}`;
  return file;
}

// The CLI runs as an esbuild bundle whose chunks mix packages and src/ modules; a frame in a chunk
// is charged to the file it came from through the chunk's source map (dist/cli/*.js.map).
const sourceMaps = new Map();
function originalFrame(callFrame) {
  const { url, lineNumber, columnNumber } = callFrame;
  if (!url.startsWith('file://')) return callFrame;
  const file = fileURLToPath(url);
  if (!sourceMaps.has(file)) {
    const mapFile = `${file}.map`;
    sourceMaps.set(file, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : null);
  }
  const entry = sourceMaps.get(file)?.findEntry(lineNumber, columnNumber);
  if (!entry?.originalSource) return callFrame;
  const original = path.resolve(path.dirname(file), entry.originalSource.replace(/^file:\/\//, ''));
  return { ...callFrame, url: `file://${original}`, lineNumber: entry.originalLine, columnNumber: entry.originalColumn };
}

/**
 * Summarises one profile: total sampled time, the top functions by self time, and self time by
 * module. Times in milliseconds.
 */
export function summarizeProfile(profilePath, { top = 20 } = {}) {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    // The delta before sample i+1 is the time spent in sample i; the last sample gets the mean.
    const next = deltas[i + 1];
    const us = next !== undefined ? next : (profile.endTime - profile.startTime) / Math.max(1, samples.length);
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + Math.max(0, us));
  }
  const functions = new Map();
  const modules = new Map();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    totalUs += us;
    const { functionName, url, lineNumber, columnNumber } = originalFrame(node.callFrame);
    const name = functionName || (url ? '(anonymous)' : '(root)');
    const where = url ? `${shortFile(url)}:${lineNumber + 1}:${columnNumber + 1}` : '';
    const key = `${name}\u0000${where}`;
    const f = functions.get(key) ?? { name, where, module: url ? moduleOf(url) : name, ms: 0 };
    f.ms += us / 1000;
    functions.set(key, f);
    const m = url ? moduleOf(url) : name.startsWith('(') ? name : '(native / V8)';
    modules.set(m, (modules.get(m) ?? 0) + us / 1000);
  }
  const totalMs = totalUs / 1000;
  const pct = (ms) => (totalMs > 0 ? (100 * ms) / totalMs : 0);
  return {
    file: profilePath,
    totalMs,
    wallMs: (profile.endTime - profile.startTime) / 1000,
    functions: [...functions.values()].sort((a, b) => b.ms - a.ms).slice(0, top).map((f) => ({ ...f, pct: pct(f.ms) })),
    modules: [...modules.entries()].map(([module, ms]) => ({ module, ms, pct: pct(ms) })).sort((a, b) => b.ms - a.ms).slice(0, top),
  };
}

/** The summary as two Markdown tables. */
export function profileMarkdown(summary, { topFunctions = 15, topModules = 12 } = {}) {
  const ms = (v) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`);
  const esc = (s) => s.replaceAll('|', '\\|');
  const lines = [];
  lines.push(`Sampled ${ms(summary.totalMs)} (profile wall time ${ms(summary.wallMs)}).`, '');
  lines.push('| self time | share | module |', '| ---: | ---: | --- |');
  for (const m of summary.modules.slice(0, topModules)) lines.push(`| ${ms(m.ms)} | ${m.pct.toFixed(1)} % | ${esc(m.module)} |`);
  lines.push('', '| self time | share | function | where |', '| ---: | ---: | --- | --- |');
  for (const f of summary.functions.slice(0, topFunctions)) {
    lines.push(`| ${ms(f.ms)} | ${f.pct.toFixed(1)} % | \`${esc(f.name)}\` | ${esc(f.where)} |`);
  }
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let top = 20;
  const files = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--top') top = Number(args[++i]);
    else files.push(args[i]);
  }
  if (files.length === 0) {
    console.error('usage: node scripts/profile-summary.mjs <file.cpuprofile> [--top n]');
    process.exit(2);
  }
  for (const file of files) {
    const summary = summarizeProfile(file, { top });
    console.log(`## ${file}\n\n${profileMarkdown(summary, { topFunctions: top, topModules: top })}\n`);
  }
}
