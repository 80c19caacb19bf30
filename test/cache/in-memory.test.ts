// Watch mode and preview keep the last entry of each log in memory: an unchanged log is taken from
// there, a changed one is not. (A file of its own: the switch stays on for the module's lifetime.)

import { readdirSync, rmSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CACHE_FOLDER, CACHE_MEGABYTES_VARIABLE, keepCheckedLogsInMemory, LOOKED_AT_EVERY_ENTRY, openLogCache, type CheckedLog } from '../../src/cache/checked-logs.js';
import { temporaryFolder } from '../helpers/temp.js';

const context = { cwd: '/work', year: 2024, config: 'organisation: …', including: null };
const log = { file: 'activities/2024/q1.yaml', digest: 'a'.repeat(64) };
const checked: CheckedLog = { activities: [], diagnostics: [{ file: log.file, line: 1, column: 1, severity: 'warning', code: 'empty-file', message: '是空的' }] };

describe('checked logs kept in memory', () => {
  let root: string;

  beforeEach(() => {
    vi.stubEnv('SUMMARIZE_CACHE_DIR', '');
    root = temporaryFolder('cache-memory');
    keepCheckedLogsInMemory();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('are the very objects of the last build, with no file read', () => {
    const cache = openLogCache(root)!;
    cache.scope(context).set(log, checked);
    cache.save();
    const folder = path.join(root, CACHE_FOLDER);
    expect(readdirSync(path.join(folder, 'logs'))).toHaveLength(1);
    rmSync(folder, { recursive: true });
    expect(openLogCache(root)!.scope(context).get(log)).toBe(checked);
  });

  it('keep their entries on disk when a later rebuild makes room: they are still in use', () => {
    const other = { ...log, file: 'activities/2024/q2.yaml' };
    const first = openLogCache(root)!;
    first.scope(context).set(log, checked);
    first.save();
    vi.stubEnv(CACHE_MEGABYTES_VARIABLE, '0');
    const daysAgo = (Date.now() - 2 * 24 * 60 * 60 * 1000) / 1000;
    utimesSync(path.join(root, CACHE_FOLDER, LOOKED_AT_EVERY_ENTRY), daysAgo, daysAgo);
    // The next rebuild takes the unchanged log from memory and writes the changed one.
    const next = openLogCache(root)!;
    expect(next.scope(context).get(log)).toBe(checked);
    next.scope(context).set(other, checked);
    next.save();
    expect(readdirSync(path.join(root, CACHE_FOLDER, 'logs'))).toHaveLength(2);
  });

  it('are not given for changed bytes', () => {
    openLogCache(root)!.scope(context).set(log, checked);
    expect(openLogCache(root)!.scope(context).get({ ...log, digest: 'b'.repeat(64) })).toBeUndefined();
  });
});
