// CLI: `summarize fonts`: for each role, the face the DOCX names, whether this machine has it, and
// the face a PDF made here prints it in (layout/fonts.ts resolves, write/pdf.ts asks fontconfig).

import path from 'node:path';
import { facesForScript, fallbackNotice, fontRows, SCRIPT_LANGUAGE } from '../layout/fonts.js';
import { loadProfile } from '../load/profile.js';
import { resolveScript } from '../render/script.js';
import { facesHere, findOffice } from '../write/pdf.js';
import { formatTable } from './text-table.js';
import { configuredSettings } from './templates.js';

export function fontsText(options: { project?: string; profile?: string; script?: string }): string {
  const root = path.resolve(options.project ?? '.');
  const configured = configuredSettings(root);
  const profileName = options.profile ?? configured.profile ?? 'gbt9704';
  const script = resolveScript(options.script, configured.script);
  const profile = facesForScript(loadProfile(profileName, root), script);
  const faces = facesHere(profile, script);
  const table = formatTable([['用途', 'DOCX 中的字体', '本机', '本机生成 PDF 所用字体'], ...fontRows(profile, faces)], { align: ['left', 'left', 'left', 'left'] });
  const alternatives = Object.values(profile.fonts)
    .filter((font) => font.fallbacks.length > 0)
    .map((font) => `${font.eastAsia}→${font.fallbacks[0]}`);
  return [
    `排版方案 ${profileName}，文档语言 ${SCRIPT_LANGUAGE[script]}`,
    ...table,
    '',
    fallbackNotice(faces) ?? 'DOCX 所用字体本机都已安装，PDF 与 Word 中所见字体相同。',
    ...(findOffice() ? [] : ['本机没有 LibreOffice，不能生成 PDF（sudo apt-get install libreoffice-writer-nogui）。']),
    `Word、WPS 缺字体时按 DOCX 字体表中的替代名换用：${[...new Set(alternatives)].join('，')}`,
  ].join('\n');
}
