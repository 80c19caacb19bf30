// `npm ci` must install without an EBADENGINE warning on every Node version the package (and the
// README) claims: npm warns when a locked package's `engines.node` does not admit the running
// Node, so each one must admit every version of ours. Once claimed as "20 or later", which
// entities (markdown-it's, ≥ 20.19) and ESLint (20.19+, 22.13+, 24+) do not admit.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(path.join(repo, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { engines?: Record<string, string> | string[] }>;
};
const ours = manifest.engines.node;

describe('the Node versions we claim', () => {
  it('admit the Node running here', () => {
    expect(semver.satisfies(process.version, ours), `${process.version} against ${ours}`).toBe(true);
  });

  it('are admitted by every installed package', () => {
    const refusing = Object.entries(lock.packages).flatMap(([name, entry]) => {
      const theirs = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      return name !== '' && theirs !== undefined && !semver.subset(ours, theirs) ? [`${name}: ${theirs}`] : [];
    });
    expect(refusing).toEqual([]);
  });

  it('are the ones the README names', () => {
    const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
    expect(readme).toContain('Node.js 20.19 or later in the 20 line, 22.13 or later in the 22 line, or 24 and later');
    expect(ours).toBe('^20.19.0 || ^22.13.0 || >=24');
  });
});
