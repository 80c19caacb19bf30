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
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveFaces, type ResolvedFace } from '../layout/fonts.js';
import type { Profile } from '../layout/profile.js';
import type { DocumentScript } from '../model/config.js';
import { UserError } from '../model/errors.js';
import { fontCatalogue, fontconfigFile } from './fontconfig.js';
import { convertThroughUno } from './warm-office.js';

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
  const scratch = mkdtempSync(path.join(tmpdir(), 'summarize-fonts-'));
  try {
    const conf = path.join(scratch, 'fonts.conf');
    writeFileSync(conf, fontconfigFile(systemConfig()));
    return resolveFaces(profile, script, fontCatalogue(conf));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The user's own FONTCONFIG_FILE is built on, not replaced. */
function systemConfig(): { systemConfig?: string } {
  const own = process.env['FONTCONFIG_FILE'];
  return own ? { systemConfig: own } : {};
}

/** Convert a DOCX to PDF in `outDir`; returns the PDF's path. */
export async function convertDocxToPdf(docxPath: string, outDir: string, options: ConvertOptions = {}): Promise<string> {
  const office = findOffice();
  if (!office) throw new UserError('找不到 LibreOffice（soffice），无法生成 PDF', undefined, OFFICE_INSTALL_HINT);
  mkdirSync(outDir, { recursive: true });
  const scratch = mkdtempSync(path.join(tmpdir(), 'summarize-office-'));
  try {
    const substitutions: Record<string, string> = {};
    for (const face of options.faces ?? []) if (!face.installed && face.used) substitutions[face.named] = face.used;
    const fontsConf = path.join(scratch, 'fonts.conf');
    const fontsConfText = fontconfigFile({ ...systemConfig(), substitutions });
    writeFileSync(fontsConf, fontsConfText);
    const pdf = path.join(outDir, `${path.basename(docxPath, path.extname(docxPath))}.pdf`);
    // Through UNO LibreOffice is told what its DOCX import drops (write/warm-office.ts).
    if (await convertThroughUno(office, fontsConfText, docxPath, pdf, { autospace: docxAutospace(docxPath) })) return pdf;
    const env: NodeJS.ProcessEnv = { ...process.env, FONTCONFIG_FILE: fontsConf };
    const args = [
      `-env:UserInstallation=${pathToFileURL(path.join(scratch, 'profile')).href}`,
      '--headless',
      '--norestore',
      '--convert-to',
      'pdf',
      '--outdir',
      outDir,
      docxPath,
    ];
    const { stdout, stderr } = await run(office, args, env);
    if (!existsSync(pdf)) {
      throw new UserError(`LibreOffice 没有生成 PDF：${docxPath}`, undefined, [stderr, stdout].join('\n').trim() || OFFICE_INSTALL_HINT);
    }
    return pdf;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
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
