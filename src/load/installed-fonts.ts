// Load stage: the fonts installed here, as part of what a build that makes a PDF reads (the PDF is
// printed in them, layout/fonts.ts and write/fontconfig.ts; Markdown and DOCX only name faces).
// Installing or removing a font, by apt or by copying a file into ~/.fonts, changes the
// modification time of the folder it lands in, which is how fontconfig itself knows to scan again.
// So the stamp is every folder fontconfig scans, with its time, and its configuration files'
// times: a few dozen stat calls on the path that answers "nothing changed", where fc-list would
// cost 30 ms (hyperfine, against 160 ms for `node -e 0`, load 8.5).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { EXTRA_FONT_DIRS } from '../write/fontconfig.js';

const SYSTEM_CONFIG = '/etc/fonts/fonts.conf';

/** The font folders and configuration files fontconfig reads here, each with its modification time. */
export function installedFontsStamp(env: NodeJS.ProcessEnv = process.env): string[] {
  const configFiles = new Set<string>();
  const fontDirs = new Set<string>(EXTRA_FONT_DIRS);
  readConfig(env['FONTCONFIG_FILE'] || SYSTEM_CONFIG, env, configFiles, fontDirs);
  return [...[...configFiles].map(stamp), ...[...fontDirs].flatMap((dir) => foldersBelow(dir).map(stamp))];
}

/** The <dir>s a configuration names, and those of the files it <include>s (conf.d), recursively. */
function readConfig(file: string, env: NodeJS.ProcessEnv, configFiles: Set<string>, fontDirs: Set<string>): void {
  if (configFiles.has(file)) return;
  configFiles.add(file);
  let text: string;
  try {
    const stats = statSync(file);
    if (stats.isDirectory()) {
      for (const name of readdirSync(file).filter((n) => n.endsWith('.conf')).sort()) readConfig(path.join(file, name), env, configFiles, fontDirs);
      return;
    }
    text = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  for (const [, attributes = '', name = ''] of text.matchAll(/<dir\b([^>]*)>([^<]*)<\/dir>/g)) {
    fontDirs.add(configPath(name.trim(), attributes, path.dirname(file), xdgFolder(env, 'XDG_DATA_HOME', '.local/share')));
  }
  for (const [, attributes = '', name = ''] of text.matchAll(/<include\b([^>]*)>([^<]*)<\/include>/g)) {
    readConfig(configPath(name.trim(), attributes, path.dirname(file), xdgFolder(env, 'XDG_CONFIG_HOME', '.config')), env, configFiles, fontDirs);
  }
}

/** A path as fontconfig reads it: ~ is the home folder, prefix="xdg" the XDG folder of its kind, else relative to the file. */
function configPath(name: string, attributes: string, base: string, xdg: string): string {
  if (/\bprefix="xdg"/.test(attributes)) return path.join(xdg, name);
  if (name === '~' || name.startsWith('~/')) return path.join(homedir(), name.slice(1));
  return path.resolve(base, name);
}

/** <dir prefix="xdg"> is below the XDG data folder, <include prefix="xdg"> below the XDG configuration folder. */
function xdgFolder(env: NodeJS.ProcessEnv, variable: string, inHome: string): string {
  return env[variable] || path.join(homedir(), inHome);
}

function foldersBelow(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [dir];
  }
  return [dir, ...entries.filter((entry) => entry.isDirectory()).sort((a, b) => a.name.localeCompare(b.name)).flatMap((entry) => foldersBelow(path.join(dir, entry.name)))];
}

function stamp(file: string): string {
  const stats = statSync(file, { throwIfNoEntry: false });
  return `${file}\t${stats ? stats.mtimeMs : 'none'}`;
}
