// Write stage, for the PDF: what fontconfig has on this machine, and the fontconfig file that
// makes LibreOffice print each role in the face resolved for it (layout/fonts.ts). LibreOffice
// asks fontconfig for the face the DOCX names; when that face is missing, fontconfig's own
// choice is the first face of Debian's Noto CJK collection (Japanese, sans) for every role, so
// each missing face is assigned its stand-in here, strongly, before fontconfig's rules run.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { FontCatalogue } from '../layout/fonts.js';

/**
 * Font folders fontconfig does not scan by default: TeX Live's Fandol faces (texlive-lang-chinese),
 * the only free simplified 仿宋 in Debian.
 */
export const EXTRA_FONT_DIRS = ['/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol'];

export interface FontconfigFile {
  /** The configuration to build on: FONTCONFIG_FILE when the user set one, else the system's. */
  systemConfig?: string;
  /** Face the DOCX names → face to print it in. */
  substitutions?: Record<string, string>;
}

/** A fontconfig file that keeps the system configuration, adds EXTRA_FONT_DIRS and the substitutions. */
export function fontconfigFile({ systemConfig = '/etc/fonts/fonts.conf', substitutions = {} }: FontconfigFile): string {
  const dirs = EXTRA_FONT_DIRS.filter((dir) => existsSync(dir)).map((dir) => `  <dir>${xmlText(dir)}</dir>`);
  const matches = Object.entries(substitutions).map(
    ([named, used]) =>
      `  <match target="pattern"><test name="family"><string>${xmlText(named)}</string></test>` +
      `<edit name="family" mode="assign" binding="strong"><string>${xmlText(used)}</string></edit></match>`,
  );
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
    '<fontconfig>',
    `  <include ignore_missing="yes">${xmlText(systemConfig)}</include>`,
    ...dirs,
    ...matches,
    '</fontconfig>',
    '',
  ].join('\n');
}

/**
 * The installed faces as fontconfig lists them under `configFile` (fc-list), with the languages
 * each covers; empty when fontconfig's tools are not installed.
 */
export function fontCatalogue(configFile: string): FontCatalogue {
  let listing = '';
  try {
    listing = execFileSync('fc-list', ['--format', '%{family}\t%{lang}\n'], {
      encoding: 'utf8',
      env: { ...process.env, FONTCONFIG_FILE: configFile },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch {
    // No fc-list: nothing is known to be installed, and `summarize fonts` says to install fontconfig.
  }
  const substitutes = new Map<string, string | undefined>();
  return {
    ...catalogueFromListing(listing),
    substitute(family) {
      if (!substitutes.has(family)) substitutes.set(family, matchFamily(configFile, family));
      return substitutes.get(family);
    },
  };
}

/** The family fontconfig gives for `family` (fc-match), as LibreOffice gets it; undefined without fc-match. */
function matchFamily(configFile: string, family: string): string | undefined {
  try {
    const matched = execFileSync('fc-match', ['--format', '%{family[0]}', family], { encoding: 'utf8', env: { ...process.env, FONTCONFIG_FILE: configFile } }).trim();
    return matched === '' ? undefined : matched;
  } catch {
    return undefined;
  }
}

/** A font file of a face that only the fontconfig file made here finds (it lies in EXTRA_FONT_DIRS). */
export interface PrivateFontFile {
  family: string;
  file: string;
  bold: boolean;
}

/**
 * The files of `family` in EXTRA_FONT_DIRS, as fontconfig under `configFile` lists them: a
 * browser asks the system's fontconfig, which does not scan those folders, so it finds them only
 * when it is given the file. Bold by the style's name: the Fandol faces all say weight 400 inside.
 */
export function privateFontFiles(configFile: string, family: string): PrivateFontFile[] {
  let listing: string;
  try {
    // In a fontconfig pattern these characters would end the family name.
    const pattern = family.replace(/[\\\-:,]/g, (c) => `\\${c}`);
    listing = execFileSync('fc-list', ['--format', '%{file}\t%{style}\n', pattern], { encoding: 'utf8', env: { ...process.env, FONTCONFIG_FILE: configFile } });
  } catch {
    return [];
  }
  return listing
    .split('\n')
    .map((line) => line.split('\t'))
    .filter(([file]) => file && EXTRA_FONT_DIRS.some((dir) => file.startsWith(`${dir}/`)))
    .map(([file, style = '']) => ({ family, file: file!, bold: /bold/i.test(style) }));
}

/** fc-list lines "Family A,Family B<TAB>lang|lang" → a catalogue (family names compared without case). */
export function catalogueFromListing(listing: string): FontCatalogue {
  const languages = new Map<string, Set<string>>();
  for (const line of listing.split('\n')) {
    const [families = '', langs = ''] = line.split('\t');
    for (const family of families.split(',')) {
      const name = family.trim().toLowerCase();
      if (name === '') continue;
      const known = languages.get(name) ?? new Set<string>();
      for (const lang of langs.split('|')) if (lang) known.add(lang.toLowerCase());
      languages.set(name, known);
    }
  }
  return {
    has: (family) => languages.has(family.toLowerCase()),
    covers: (family, language) => languages.get(family.toLowerCase())?.has(language.toLowerCase()) ?? false,
  };
}

function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
