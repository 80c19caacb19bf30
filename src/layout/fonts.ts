// Layout: which face prints each role (小标宋 title, 仿宋 body, 黑体 一、, 楷体 （一）) on a given
// machine. The DOCX always names the profile's face (what Word and WPS on an office PC have: the
// GB2312 faces on the mainland, the `traditional:` faces of Taiwan and Hong Kong for a traditional document);
// a PDF made here uses the first face of the profile's list that is installed and covers the
// document's script, in that script's regional forms. Pure logic: the catalogue of installed
// faces comes from fontconfig (write/fontconfig.ts).

import type { DocumentScript } from '../model/config.js';
import type { FontFamily, Profile, StyleRole } from './profile.js';

/** w:lang w:eastAsia and fontconfig's lang for each script (BCP 47, as Word writes it). */
export const SCRIPT_LANGUAGE: Record<DocumentScript, 'zh-CN' | 'zh-TW' | 'zh-HK'> = {
  hans: 'zh-CN',
  'hant-tw': 'zh-TW',
  'hant-hk': 'zh-HK',
};

/**
 * fontconfig's orthography a stand-in must cover. Hong Kong takes Taiwan's (Big5): its own adds
 * the HKSCS characters, which AR PL UKai HK lacks and a document converted with OpenCC
 * s2hk hardly uses; the HK family and w:lang zh-HK still give the Hong Kong forms.
 */
const COVERAGE_LANGUAGE: Record<DocumentScript, string> = { hans: 'zh-cn', 'hant-tw': 'zh-tw', 'hant-hk': 'zh-tw' };

/**
 * Pan-CJK collections name one family per region (Noto … CJK SC/TC/HK/JP/KR, AR PL UKai
 * CN/TW/HK). The family of the document's region is the one whose default glyph forms are that
 * region's, so a name from the profile is moved to it; Japanese and Korean never stay.
 */
const REGION_CODES: Record<DocumentScript, { noto: string; arphic: string }> = {
  hans: { noto: 'SC', arphic: 'CN' },
  'hant-tw': { noto: 'TC', arphic: 'TW' },
  'hant-hk': { noto: 'HK', arphic: 'HK' },
};

export function regionalFamily(family: string, script: DocumentScript): string {
  const region = REGION_CODES[script];
  return family.replace(/\bCJK (SC|TC|HK|JP|KR)\b/, `CJK ${region.noto}`).replace(/ (CN|TW|HK)( MBE)?$/, ` ${region.arphic}`);
}

/**
 * The profile as a document in `script` uses it: a traditional document names each family's
 * `traditional:` faces (標楷體, 新細明體 … on a Word in Taiwan or Hong Kong) where the profile gives
 * them. Every writer and `summarize fonts` take the profile through here.
 */
export function facesForScript(profile: Profile, script: DocumentScript): Profile {
  if (script === 'hans' || Object.values(profile.fonts).every((font) => !font.traditional)) return profile;
  const fonts = Object.fromEntries(Object.entries(profile.fonts).map(([key, font]) => [key, font.traditional ?? font]));
  return { ...profile, fonts };
}

/** What fontconfig knows about the faces on this machine. */
export interface FontCatalogue {
  /** Whether a face of this family name is installed. */
  has(family: string): boolean;
  /** Whether the family covers the orthography of `language` (fontconfig's lang coverage). */
  covers(family: string, language: string): boolean;
  /** The installed family fontconfig gives for one that is not installed (Liberation Serif for Times New Roman). */
  substitute?(family: string): string | undefined;
}

/** Which style roles print in each of the profile's font families, in profile order. */
export function rolesByFont(profile: Profile): Map<string, StyleRole[]> {
  const roles = new Map<string, StyleRole[]>();
  for (const key of Object.keys(profile.fonts)) roles.set(key, []);
  for (const [role, style] of Object.entries(profile.styles) as [StyleRole, Profile['styles'][StyleRole]][]) {
    if (role !== 'default') roles.get(style.font)?.push(role);
  }
  return roles;
}

export interface ResolvedFace {
  /** Key into profile.fonts (fangsong, heiti …). */
  key: string;
  /** The face the DOCX names (w:rFonts w:eastAsia). */
  named: string;
  /** Whether the named face is installed here. */
  installed: boolean;
  /** The face a PDF made here prints in; undefined when nothing in the list is installed. */
  used: string | undefined;
  /** A free face earlier in the list than `used`, not installed here, and its Debian package. */
  better?: { family: string; package: string };
  /**
   * The face digits and Latin letters print in (the family's `latin`, w:rFonts ascii), where known:
   * the named one, the role's stand-in where it is the Chinese face too (宋体), else fontconfig's
   * substitute, as LibreOffice gets it.
   */
  latinUsed?: string;
}

/**
 * Each family's face for a PDF made here: the named face when installed, else the first stand-in
 * (in the profile's order, moved to the script's region) that is installed and covers the
 * script; the order puts faces of the same kind first (宋 for 小标宋, 仿宋 then serif for the body,
 * 黑 for 黑体, 楷 for 楷体).
 */
export function resolveFaces(profile: Profile, script: DocumentScript, catalogue: FontCatalogue): ResolvedFace[] {
  const language = COVERAGE_LANGUAGE[script];
  return Object.entries(facesForScript(profile, script).fonts).map(([key, font]) => {
    const latin = (used: string | undefined) => {
      const face = catalogue.has(font.latin) ? font.latin : font.latin === font.eastAsia ? used : catalogue.substitute?.(font.latin);
      return face ? { latinUsed: face } : {};
    };
    if (catalogue.has(font.eastAsia)) return { key, named: font.eastAsia, installed: true, used: font.eastAsia, ...latin(font.eastAsia) };
    const list = standIns(font, script);
    const at = list.findIndex((family) => catalogue.has(family) && catalogue.covers(family, language));
    const used = at < 0 ? undefined : list[at];
    const better = list
      .slice(0, at < 0 ? list.length : at)
      .map((family) => ({ family, package: debianPackage(family, script) }))
      .find((candidate): candidate is { family: string; package: string } => candidate.package !== undefined && !catalogue.has(candidate.family));
    return { key, named: font.eastAsia, installed: false, used, ...(better ? { better } : {}), ...latin(used) };
  });
}

/** The profile's stand-ins for one family in the script's regional names, each once. */
export function standIns(font: FontFamily, script: DocumentScript): string[] {
  return [...new Set(font.fallbacks.map((family) => regionalFamily(family, script)))];
}

/** Debian packages of the free stand-ins the built-in profile names, and the scripts they cover. */
const FREE_FACE_PACKAGES: { family: RegExp; package: string; scripts?: DocumentScript[] }[] = [
  { family: /^Fandol/, package: 'texlive-lang-chinese', scripts: ['hans'] },
  { family: /^Noto (Serif|Sans) CJK \w\w (Light|SemiBold|Medium|Black|ExtraLight|DemiLight|Thin)$/, package: 'fonts-noto-cjk-extra' },
  { family: /^Noto (Serif|Sans) CJK/, package: 'fonts-noto-cjk' },
  { family: /^AR PL UKai/, package: 'fonts-arphic-ukai' },
  { family: /^AR PL UMing/, package: 'fonts-arphic-uming' },
];

/** The Debian package of a free face, when it has the characters of `script`. */
export function debianPackage(family: string, script: DocumentScript): string | undefined {
  const known = FREE_FACE_PACKAGES.find((entry) => entry.family.test(family));
  return known && (!known.scripts || known.scripts.includes(script)) ? known.package : undefined;
}

/**
 * One line for a build whose PDF prints some role in a stand-in, naming the stand-ins and, where a
 * nearer free face is packaged, what to install; undefined when every named face is installed.
 */
export function fallbackNotice(faces: readonly ResolvedFace[]): string | undefined {
  const replaced = faces.filter((face) => !face.installed);
  if (replaced.length === 0) return undefined;
  const swaps = [...new Set(replaced.map((face) => `${face.named}→${face.used ?? '（无可用字体）'}`))].join('，');
  const packages = [...new Set(replaced.flatMap((face) => (face.better ? [face.better.package] : [])))];
  const install = packages.length > 0 ? `；更接近的免费字体：sudo apt-get install ${packages.join(' ')}` : '';
  return `PDF 用代替字体（本机没有 DOCX 所用的字体）：${swaps}${install}`;
}

/** The names Word shows for the styles (docx.ts), for telling which role prints in a face. */
export const ROLE_NAMES: Record<StyleRole, string> = {
  default: '默认',
  mastheadName: '版头名称',
  mastheadIssue: '版头期号',
  mastheadOffice: '版头发文',
  title: '标题',
  body: '正文',
  heading1: '一级标题',
  heading2: '二级标题',
  brief: '简讯',
  signature: '署名',
  closing: '落款',
  distribution: '版记',
  pageNumber: '页码',
};

/** One row of `summarize fonts` per font family: the roles, the face named, installed, the face used. */
export function fontRows(profile: Profile, faces: readonly ResolvedFace[]): [string, string, string, string][] {
  const roles = rolesByFont(profile);
  return faces.map((face) => {
    const names = (roles.get(face.key) ?? []).map((role) => ROLE_NAMES[role]);
    const label = names.length > 3 ? `${names.slice(0, 3).join('、')}等` : names.join('、') || face.key;
    return [label, face.named, face.installed ? '已安装' : '未安装', face.used ?? '（无可用字体）'];
  });
}
