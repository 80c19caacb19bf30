// Write stage: DOCX → PDF through LibreOffice, for a print proof and for the rendering tests
// (GONGWEN's third tier: real renders, measured). LibreOffice is optional; without it the tool
// still writes Markdown and DOCX, and asking for a PDF says what to install.
//
// Each conversion runs with a private LibreOffice profile, so it never collides with an office
// suite the user has open, and with a fontconfig file that gives each face the DOCX names and this
// machine lacks its stand-in of the same kind (GB/T 9704's 仿宋_GB2312 and 方正小标宋简体 are
// rarely installed on Linux; see layout/fonts.ts and write/fontconfig.ts).
//
// The PDF is converted from the very DOCX the user gets: its grid and spacing lay out the same in
// LibreOffice as in Word (see buildSection in docx.ts), so the proof is a proof of that file.

import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveFaces, type ResolvedFace } from '../layout/fonts.js';
import type { Profile } from '../layout/profile.js';
import type { DocumentScript } from '../model/config.js';
import { UserError } from '../model/errors.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { fontCatalogue, fontconfigFile, privateFontFiles, type PrivateFontFile } from './fontconfig.js';
import { convertThroughUno } from './warm-office.js';
import { writeOutputs } from './safe-write.js';

const OFFICE_COMMANDS = ['soffice', 'libreoffice'];
export const OFFICE_INSTALL_HINT =
  '安装 LibreOffice 和中文字体后重试：sudo apt-get install libreoffice-writer-nogui python3-uno fonts-noto-cjk fonts-noto-cjk-extra fonts-arphic-ukai fonts-arphic-uming texlive-lang-chinese';
/** A first start of LibreOffice builds its profile, which takes a while on a cold machine. */
const CONVERT_TIMEOUT_MS = 180_000;

/** The LibreOffice executable on PATH, or undefined when there is none. */
export function findOffice(): string | undefined {
  const dirs = (process.env['PATH'] ?? '').split(path.delimiter).filter(Boolean);
  for (const command of OFFICE_COMMANDS) {
    for (const dir of dirs) {
      const candidate = path.join(dir, command);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // Not in this directory; keep looking along PATH.
      }
    }
  }
  return undefined;
}

export interface ConvertOptions {
  /** The document's faces as resolved here (facesHere); each missing one prints in its stand-in. */
  faces?: readonly ResolvedFace[];
}

/** The profile's faces resolved against the fonts installed here, for a document in `script`. */
export function facesHere(profile: Profile, script: DocumentScript): ResolvedFace[] {
  return withFontconfig((conf) => resolveFaces(profile, script, fontCatalogue(conf)));
}

/** The files of the faces given that a PDF made here finds and a browser does not (write/fontconfig.ts). */
export function privateFacesHere(families: readonly string[]): PrivateFontFile[] {
  return withFontconfig((conf) => [...new Set(families)].flatMap((family) => privateFontFiles(conf, family)));
}

/** Runs `use` with the fontconfig file conversions start from (without substitutions). */
function withFontconfig<T>(use: (conf: string) => T): T {
  const scratch = mkdtempSync(path.join(tmpdir(), 'summarize-fonts-'));
  try {
    const conf = path.join(scratch, 'fonts.conf');
    writeFileSync(conf, fontconfigFile(systemConfig()));
    return use(conf);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The user's own FONTCONFIG_FILE is built on, not replaced. */
function systemConfig(): { systemConfig?: string } {
  const own = process.env['FONTCONFIG_FILE'];
  return own ? { systemConfig: own } : {};
}

export interface ConvertedPdf {
  pdf: string;
  /** A warning when the PDF differs from the DOCX because it could not be converted through UNO. */
  diagnostics: Diagnostic[];
}

/**
 * Convert a DOCX to PDF in `outDir`. LibreOffice writes into a scratch folder: a PDF there after
 * it ran was made by it, and the one in `outDir` is replaced only by a complete one.
 */
export async function convertDocxToPdf(docxPath: string, outDir: string, options: ConvertOptions = {}): Promise<ConvertedPdf> {
  const office = findOffice();
  if (!office) throw new UserError('找不到 LibreOffice（soffice），无法生成 PDF', undefined, OFFICE_INSTALL_HINT);
  const scratch = mkdtempSync(path.join(tmpdir(), 'summarize-office-'));
  try {
    const substitutions: Record<string, string> = {};
    for (const face of options.faces ?? []) if (!face.installed && face.used) substitutions[face.named] = face.used;
    const fontsConf = path.join(scratch, 'fonts.conf');
    const fontsConfText = fontconfigFile({ ...systemConfig(), substitutions });
    writeFileSync(fontsConf, fontsConfText);
    const name = `${path.basename(docxPath, path.extname(docxPath))}.pdf`;
    const made = path.join(scratch, 'out', name);
    const pdf = path.join(outDir, name);
    const store = (diagnostics: Diagnostic[]): ConvertedPdf => {
      writeOutputs([{ path: pdf, content: readFileSync(made) }]);
      return { pdf, diagnostics };
    };
    // Through UNO LibreOffice is told what its DOCX import drops (write/warm-office.ts).
    const autospace = docxAutospace(docxPath);
    const uno = await convertThroughUno(office, fontsConfText, docxPath, made, { autospace });
    if (uno.converted) return store([]);
    const env: NodeJS.ProcessEnv = { ...process.env, FONTCONFIG_FILE: fontsConf };
    const args = [
      `-env:UserInstallation=${pathToFileURL(path.join(scratch, 'profile')).href}`,
      '--headless',
      '--norestore',
      '--convert-to',
      'pdf',
      '--outdir',
      path.dirname(made),
      docxPath,
    ];
    const { stdout, stderr } = await run(office, args, env);
    if (!existsSync(made)) {
      throw new UserError(`LibreOffice 没有生成 PDF：${docxPath}`, undefined, [stderr, stdout].join('\n').trim() || OFFICE_INSTALL_HINT);
    }
    // LibreOffice's own default is the DOCX's when the gap is on: then nothing was lost.
    return store(autospace ? [] : [autospaceLost(pdf, uno)]);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function autospaceLost(pdf: string, { why, fix }: { why: string; fix: string }): Diagnostic {
  return {
    // The caller names it from the project's folder, as positions name files (cli/build.ts).
    file: pdf,
    line: 1,
    column: 1,
    severity: 'warning',
    code: 'pdf-autospace-lost',
    message: `${path.basename(pdf)} 中汉字与数字、西文之间可能多出空隙（“宣讲 26 场次”，DOCX 里没有）：${why}，只好由 LibreOffice 直接转换，它不读 DOCX 的这项设置`,
    hint: fix,
  };
}

/**
 * Whether the DOCX's paragraph defaults leave on the gap between Chinese and Latin letters
 * (w:autoSpaceDE) or digits (w:autoSpaceDN), as docx.ts writes them; absent, ECMA-376 says on.
 * LibreOffice's DOCX import drops both, and has one switch for the two: it is told through UNO,
 * off when both are off.
 */
export function docxAutospace(docxPath: string): boolean {
  const styles = unzipSync(readFileSync(docxPath), { filter: (entry) => entry.name === 'word/styles.xml' })['word/styles.xml'];
  const defaults = styles ? (/<w:pPrDefault>.*?<\/w:pPrDefault>/s.exec(strFromU8(styles))?.[0] ?? '') : '';
  const off = (element: string) => {
    const value = new RegExp(`<w:${element}(?: w:val="([^"]*)")?\\s*/>`).exec(defaults);
    return value !== null && ['0', 'false', 'off'].includes(value[1] ?? '1');
  };
  return !(off('autoSpaceDE') && off('autoSpaceDN'));
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, timeout: CONVERT_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(
          new UserError(`LibreOffice 转换 PDF 失败：${error.message}`, undefined, String(stderr).trim() || OFFICE_INSTALL_HINT, { cause: error }),
        );
      } else {
        resolve({ stdout: String(stdout), stderr: String(stderr) });
      }
    });
  });
}
