// Write stage: a Word template (.dotx) with the profile's styles and page setup, for documents
// written by hand in the same GB/T 9704-2012 layout. It is built through the DOCX writer (same
// styles, same section, same packing); only the main part's content type differs, which is what
// makes Word open it as a template (ECMA-376 Part 1, 11.3.10: template.main+xml).

import type { Profile } from '../layout/profile.js';
import type { DocumentModel } from '../model/document.js';
import { buildDocument, documentTimestamp, packReproducibly } from './docx.js';

export const DOTX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml';

/**
 * A skeleton bulletin, so that a document made from the template starts with every part in its
 * style; placeholders use ×, as blank forms do.
 */
export const SKELETON: DocumentModel = {
  title: '简报模板',
  date: '1980-01-01',
  blocks: [
    { kind: 'masthead', name: '××信息', issue: '第×期', office: '××××办公室', date: '××××年×月×日' },
    { kind: 'title', text: '标题' },
    { kind: 'paragraph', role: 'body', runs: [{ text: '正文。' }] },
    { kind: 'heading', level: 1, runs: [{ text: '一、一级标题。' }] },
    { kind: 'paragraph', role: 'body', runs: [{ text: '一是' }, { text: '加粗的引领语', bold: true }, { text: '。正文。' }] },
    { kind: 'heading', level: 2, runs: [{ text: '（一）二级标题' }] },
    { kind: 'paragraph', role: 'body', runs: [{ text: '正文。（××）' }] },
    { kind: 'paragraph', role: 'brief', runs: [{ text: '△ 简讯。（××）' }] },
    {
      kind: 'distribution',
      lines: [[{ text: '本期送：××' }], [{ text: '发：××' }], [{ text: '责任编辑：××' }]],
    },
  ],
};

export async function renderDotx(profile: Profile): Promise<Uint8Array> {
  return packReproducibly(buildDocument(SKELETON, profile), profile, {
    // A template has no date of its own: SOURCE_DATE_EPOCH when set, else the zip epoch.
    timestamp: documentTimestamp(undefined),
    mainContentType: DOTX_CONTENT_TYPE,
  });
}
