// Test helper: Debian's Chromium driven by playwright-core (never a downloaded browser), with a
// fresh profile and its temporary files inside the test's own folder. Tests that need it skip
// with a clear message where /usr/bin/chromium is missing (.ci/run installs it in CI).

import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const chromiumMissing = existsSync(CHROMIUM) ? undefined : `没有找到 Chromium（${CHROMIUM}），跳过浏览器测试：apt-get install chromium，或用 CHROMIUM_PATH 指定`;

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A browser whose profile and temporary files live in `folder`; the caller closes it. */
export async function launchChromium(folder: string): Promise<BrowserContext> {
  const profile = path.join(folder, 'chromium-profile');
  // Short: Chromium puts a socket in it, and a socket's path may be at most 107 bytes long.
  const temp = path.join(folder, 't');
  mkdirSync(temp, { recursive: true });
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    env: { ...process.env, TMPDIR: temp, HOME: folder },
    viewport: { width: 1400, height: 1000 },
  });
}
