// Measures the preview's save-to-page latency: from the moment a log file is written to the moment
// the open page (Debian's Chromium, driven by playwright-core) shows the new version, read off
// the page's own clock (body[data-shown-at], the epoch time the state was applied). Runs on a
// temporary copy of examples/shangjie; every save changes one figure. Needs `npm run build` first.
//
//   node scripts/preview-latency.mjs [saves=20]

/* global document -- the functions passed to page.evaluate run in the page */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = fileURLToPath(new URL('..', import.meta.url));
const saves = Number(process.argv[2] ?? 20);
const folder = mkdtempSync(path.join(tmpdir(), 'preview-latency-'));
const root = path.join(folder, 'shangjie');
cpSync(path.join(repo, 'examples/shangjie'), root, { recursive: true });

const server = spawn('node', [path.join(repo, 'bin/summarize.js'), 'preview', '2024', '-C', root, '--port', '0'], { env: { ...process.env, NO_COLOR: '1' } });
let stderr = '';
server.stderr.on('data', (chunk) => (stderr += chunk));
const url = await new Promise((resolve, reject) => {
  let stdout = '';
  server.stdout.on('data', (chunk) => {
    stdout += chunk;
    const found = /预览地址 (\S+)/.exec(stdout);
    if (found) resolve(found[1]);
  });
  server.on('exit', () => reject(new Error(stderr)));
});

const browser = await chromium.launchPersistentContext(path.join(folder, 'profile'), {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForSelector('body[data-version="1"] .sz-page');
  const log = path.join(root, 'activities/2024/lectures.yaml');
  const original = readFileSync(log, 'utf8');
  const latencies = [];
  const renders = [];
  for (let i = 1; i <= saves; i++) {
    const version = Number(await page.evaluate(() => document.body.dataset.version));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = stderr.length;
    const savedAt = Date.now();
    writeFileSync(log, original.replace('lectures: 1, pioneers_reached: 568', `lectures: ${1 + i}, pioneers_reached: 568`));
    await page.waitForFunction((v) => Number(document.body.dataset.version) > v, version, { timeout: 20_000 });
    latencies.push(Number(await page.evaluate(() => document.body.dataset.shownAt)) - savedAt);
    const rendered = /已更新（(\d+) ms）/.exec(stderr.slice(before));
    if (rendered) renders.push(Number(rendered[1]));
  }
  const summary = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return `median ${sorted[Math.floor(sorted.length / 2)]} ms, min ${sorted[0]} ms, max ${sorted.at(-1)} ms`;
  };
  console.log(`${saves} saves of examples/shangjie/activities/2024/lectures.yaml`);
  console.log(`save → page updated: ${summary(latencies)}`);
  console.log(`of which rendering (load → HTML, server side): ${summary(renders)}`);
} finally {
  await browser.close();
  server.kill('SIGINT');
  await new Promise((resolve) => server.on('exit', resolve));
  rmSync(folder, { recursive: true, force: true });
}
