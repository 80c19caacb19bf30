// Browser (built CLI, Debian's Chromium through playwright-core): `summarize preview` on a copy of
// the example. Opens the page, checks the A4 pages, edits a log and sees the figure change without
// a reload, breaks a template and sees the diagnostic above the last good pages, mends it and
// sees the pages come back; then Ctrl-C stops the server.

// The functions passed to page.evaluate run in the page, with the DOM's types.
/// <reference lib="dom" />

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium } from '../helpers/chromium.js';
import { startPreview, type PreviewProcess } from '../helpers/preview-process.js';
import { copyExample } from '../helpers/examples.js';
import { temporaryFolder } from '../helpers/temp.js';
import { loadProfile } from '../../src/load/profile.js';
import { facesHere } from '../../src/write/pdf.js';
import { fontconfigFile } from '../../src/write/fontconfig.js';

const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'bin/summarize.js');

if (chromiumMissing) console.warn(chromiumMissing);

describe.skipIf(chromiumMissing !== undefined)('summarize preview in Chromium', () => {
  let folder: string;
  let root: string;
  let preview: PreviewProcess;
  let browser: BrowserContext;
  let page: Page;
  let audit: { figures: { printed: string; counts: string; occurrences: number; sources: { date?: string }[] }[] };

  /** Clicks the mark of the figure that counts `counts` and returns the detail panel's text. */
  async function openFigure(counts: RegExp): Promise<string> {
    const index = await page.evaluate(async (pattern) => {
      const state = (await (await fetch('/state.json')).json()) as { rendered: { documents: { figures: { counts: string }[] }[] } };
      return state.rendered.documents[0]!.figures.findIndex((f) => new RegExp(pattern).test(f.counts));
    }, counts.source);
    expect(index).toBeGreaterThanOrEqual(0);
    await page.locator(`.sz-figure[data-figure="${index}"]`).first().click();
    const detail = page.locator('#sz-figure-detail');
    await detail.waitFor({ state: 'visible' });
    return (await detail.textContent())!;
  }

  /** The faces Chromium draws the first element `selector` finds in, with how many glyphs each. */
  async function platformFonts(selector: string) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root: documentNode } = await cdp.send('DOM.getDocument');
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: documentNode.nodeId, selector });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    await cdp.detach();
    return fonts;
  }

  beforeAll(async () => {
    folder = temporaryFolder('preview');
    root = path.join(folder, 'shangjie');
    copyExample('shangjie', root);
    const eject = spawnSync('node', [cli, 'templates', 'eject', 'bulletin', '-C', root], { encoding: 'utf8' });
    expect(eject.status, eject.stderr).toBe(0);
    const built = spawnSync('node', [cli, 'build', '2024', '-C', root, '--format', 'md', '-o', path.join(folder, 'out')], { encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    audit = JSON.parse(readFileSync(path.join(folder, 'out/bulletin.figures.json'), 'utf8')) as typeof audit;
    preview = await startPreview(root);
    browser = await launchChromium(folder);
    page = await browser.newPage();
    await page.goto(preview.url);
    await page.waitForSelector('body[data-version="1"] .sz-page');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    preview?.child.kill('SIGKILL');
  });

  /** Waits until the page shows a version after `version`, and returns it. */
  async function nextVersion(version: number): Promise<number> {
    await page.waitForFunction((v) => Number(document.body.dataset.version) > v, version, { timeout: 20_000 });
    return Number(await page.evaluate(() => document.body.dataset.version));
  }

  it('lays the bulletin out on A4 pages with its masthead and page numbers', async () => {
    const pages = page.locator('.sz-page');
    expect(await pages.count()).toBeGreaterThanOrEqual(3);
    const box = (await pages.first().boundingBox())!;
    // 210 × 297 mm at 96 px to the inch.
    expect(box.width).toBeCloseTo((210 / 25.4) * 96, 0);
    expect(box.height).toBeCloseTo((297 / 25.4) * 96, 0);
    expect(await page.locator('.sz-mastheadName').textContent()).toBe('上街信息');
    expect(await page.locator('.sz-mastheadName').evaluate((e) => getComputedStyle(e).color)).toBe('rgb(255, 0, 0)');
    expect(await page.locator('.sz-page-number').first().textContent()).toBe('— 1 —');
    // Nothing is cut off: every page's text fits its text area.
    const overflowing = await page.locator('.sz-text').evaluateAll((texts) => texts.filter((t) => t.scrollHeight > t.clientHeight + 1).length);
    expect(overflowing).toBe(0);
    // The 版记 closes the last page.
    expect(await page.locator('.sz-page').last().locator('.sz-distribution-block').count()).toBe(1);
  });

  it('prints the digits of a figure in the Latin face a PDF made here uses, not in the Chinese face', async () => {
    // LibreOffice asks fontconfig for Times New Roman and gets its substitute where it is missing.
    const latin = spawnSync('fc-match', ['--format', '%{family[0]}', 'Times New Roman'], { encoding: 'utf8' }).stdout.trim();
    await page.evaluate(() => {
      const figure = Array.from(document.querySelectorAll('.sz-body .sz-figure')).find((mark) => mark.textContent === '26')!;
      figure.id = 'digits-under-test';
    });
    const fonts = await platformFonts('#digits-under-test');
    expect(fonts.map((font) => font.familyName)).toEqual([latin]);
  });

  it('sets the body in the face a PDF made here prints it in, even where only the PDF’s fontconfig file finds it', async () => {
    const profile = loadProfile('gbt9704', root);
    const stand = facesHere(profile, 'hans').find((face) => face.key === profile.styles.body.font)!;
    // The face LibreOffice embeds, as fontconfig gives it with the file a conversion here starts from.
    const conf = path.join(folder, 'fonts.conf');
    writeFileSync(conf, fontconfigFile({ substitutions: { [stand.named]: stand.used! } }));
    const embedded = spawnSync('fc-match', ['--format', '%{postscriptname}', stand.named], { encoding: 'utf8', env: { ...process.env, FONTCONFIG_FILE: conf } }).stdout.trim();
    expect(embedded).not.toBe('');
    await page.evaluate(() => document.fonts.ready);
    const fonts = await platformFonts('.sz-body');
    // The Chinese text: the face most of the paragraph's characters are drawn in.
    const main = fonts.reduce((most, font) => (font.glyphCount > most.glyphCount ? font : most));
    expect(main.postScriptName, JSON.stringify(fonts)).toBe(embedded);
  });

  it('marks every figure figures.json lists, and a click shows its sources', async () => {
    const printed = audit.figures.reduce((sum, f) => sum + f.occurrences, 0);
    // A figure cut by a page break is two elements with one number.
    const marked = await page.locator('.sz-figure').evaluateAll((marks) => new Set(marks.map((m) => (m as HTMLElement).dataset.figure)).size);
    expect(marked).toBe(printed);
    const detail = await openFigure(/^宣讲（lectures） guidance\/ideology$/);
    expect(detail).toContain('数字 26');
    expect(detail).toContain('activities/2024/lectures.yaml:4');
    expect(detail).toContain('2024-03-06');
    expect(detail).toContain('“童言童语”红领巾巡讲团走进上街区实验小学');
  });

  it('shows the exact total beside an approximate figure, and lists the typed ones', async () => {
    const approximate = audit.figures.find((f) => /万余|多/.test(f.printed))!;
    const index = await page.locator('.sz-figure').evaluateAll((marks, text) => marks.findIndex((m) => m.textContent === text), approximate.printed);
    await page.locator('.sz-figure').nth(index).click();
    expect(await page.locator('#sz-figure-detail').textContent()).toMatch(new RegExp(`${approximate.printed} = \\d{1,3}(,\\d{3})+`));
    const typed = audit.figures.filter((f) => f.sources.length === 0 || f.sources.every((s) => s.date === undefined)).reduce((sum, f) => sum + f.occurrences, 0);
    expect(await page.locator('#sz-typed li').count()).toBe(typed);
  });

  it('updates the open page when a log changes, without a reload', async () => {
    const version = Number(await page.evaluate(() => document.body.dataset.version));
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    expect(await page.locator('.sz-view').textContent()).toContain('宣讲26场次');
    const log = path.join(root, 'activities/2024/lectures.yaml');
    writeFileSync(log, readFileSync(log, 'utf8').replace('metrics: {lectures: 1, pioneers_reached: 568}', 'metrics: {lectures: 5, pioneers_reached: 568}'));
    await nextVersion(version);
    expect(await page.locator('.sz-view').textContent()).toContain('宣讲30场次');
    expect(await openFigure(/^宣讲（lectures） guidance\/ideology$/)).toContain('数字 30');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
  });

  it('shows a broken template’s diagnostic above the last good pages, and the pages again once mended', async () => {
    const template = path.join(root, 'templates/bulletin.md.hbs');
    const good = readFileSync(template, 'utf8');
    let version = Number(await page.evaluate(() => document.body.dataset.version));
    writeFileSync(template, `${good}\n{{#if org.name}}\n没有闭合\n`);
    version = await nextVersion(version);
    const problems = page.locator('#sz-problems');
    await problems.waitFor({ state: 'visible' });
    const text = (await problems.textContent())!;
    expect(text).toMatch(/templates\/bulletin\.md\.hbs:\d+:\d+/);
    expect(text).toContain('error');
    expect(await problems.locator('pre').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.body.dataset.ok)).toBe('false');
    // The last good render stays visible under it.
    expect(await page.locator('.sz-page').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('.sz-view').textContent()).toContain('宣讲30场次');

    writeFileSync(template, good);
    await nextVersion(version);
    expect(await page.evaluate(() => document.body.dataset.ok)).toBe('true');
    expect(await problems.isHidden()).toBe(true);
  });

  it('prints data as text: an event title with <script> does not run', async () => {
    const version = Number(await page.evaluate(() => document.body.dataset.version));
    const log = path.join(root, 'activities/2024/lectures.yaml');
    writeFileSync(log, readFileSync(log, 'utf8').replace('title: “童言童语”红领巾巡讲团走进上街区实验小学', 'title: “童言童语”<script>window.pwned=1</script>走进上街区实验小学'));
    await nextVersion(version);
    expect(await openFigure(/^宣讲（lectures） guidance\/ideology$/)).toContain('“童言童语”<script>window.pwned=1</script>走进上街区实验小学');
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  });

  it('draws the stats as inline SVG', async () => {
    await page.getByRole('button', { name: '统计图' }).click();
    expect(await page.locator('.sz-stats svg').count()).toBeGreaterThan(10);
    expect(await page.locator('.sz-stats').textContent()).toContain('宣讲（lectures）');
    await page.getByRole('button', { name: 'bulletin' }).click();
  });

  it('stops cleanly on Ctrl-C', async () => {
    const exited = new Promise<number | null>((resolve) => preview.child.once('exit', (code) => resolve(code)));
    preview.child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(preview.stderr()).toContain('预览已停止');
  });
});
