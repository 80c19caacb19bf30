// CLI: `summarize init [dir]`: copies the scaffold in templates/init/ into a new project that
// builds at once. It never overwrites: if any target file exists, nothing is written. The project
// gets a .gitignore keeping what summarize writes out of the repository (the scaffold's file is
// `gitignore`: npm leaves files named .gitignore out of a package); a folder that has one already
// keeps it, and the user is told what to add.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../model/errors.js';
import { displayPath } from '../load/display-path.js';
import { writeOutputs } from '../write/safe-write.js';

const SCAFFOLD = fileURLToPath(new URL('../../templates/init/', import.meta.url));
const SCHEMA_DIR = fileURLToPath(new URL('../../schema/', import.meta.url));

export interface InitResult {
  created: string[];
  /** Said when the folder's own .gitignore was left as it is. */
  notice?: string;
}

/** With `workbook`, also the logging workbook made from the new summarize.yaml (cli/workbook.ts). */
export async function initProject(dir: string, year: number, options: { workbook: boolean } = { workbook: false }): Promise<InitResult> {
  const root = path.resolve(dir);
  const files = [
    { from: 'summarize.yaml', to: 'summarize.yaml' },
    { from: 'activities.yaml', to: path.join('activities', String(year), 'sample.yaml') },
    { from: 'metrics.yaml', to: path.join('metrics', `${year}.yaml`) },
  ].map(({ from, to }) => ({ from, path: path.join(root, to) }));
  // Loaded only when asked for: it validates the new config and brings in exceljs.
  const workbookCommand = options.workbook ? await import('./workbook.js') : undefined;
  const workbook = workbookCommand?.defaultWorkbookPath(root, year);
  const existing = [...files.map((f) => f.path), ...(workbook ? [workbook] : [])].filter((p) => existsSync(p)).map(displayPath);
  if (existing.length > 0) {
    throw new UserError(`这些文件已存在，没有改动任何文件：${existing.join('、')}`, undefined, '换一个空文件夹，或先移走这些文件');
  }
  // Editors find the schemas by a path relative to each file, so the project can be moved with
  // the tool installed next to it.
  const outputs = files.map((file) => {
    const schemaDir = path.relative(path.dirname(file.path), SCHEMA_DIR).split(path.sep).join('/');
    const text = readFileSync(path.join(SCAFFOLD, file.from), 'utf8')
      .replaceAll('{{schemaDir}}', schemaDir)
      .replaceAll('{{nextYear}}', String(year + 1))
      .replaceAll('{{year}}', String(year));
    return { path: file.path, content: text };
  });
  const ignore = { path: path.join(root, '.gitignore'), content: readFileSync(path.join(SCAFFOLD, 'gitignore'), 'utf8') };
  const ownIgnore = existsSync(ignore.path);
  writeOutputs(ownIgnore ? outputs : [...outputs, ignore]);
  const created = [...outputs, ...(ownIgnore ? [] : [ignore])].map((o) => displayPath(o.path));
  return {
    created: workbook ? [...created, await workbookCommand!.exportLogWorkbook(workbook, { project: root, year })] : created,
    ...(ownIgnore ? { notice: `${displayPath(ignore.path)} 已存在，没有改动；其中应有这几行，免得把生成的文件提交进仓库：${ignoredLines(ignore.content).join('、')}` } : {}),
  };
}

/** The patterns of a .gitignore, without its comments. */
function ignoredLines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

/** What to type next, as the user can type it from where they are: the project folder named as they named it. */
export function nextStep(dir: string, year: number): string {
  const project = displayPath(path.resolve(dir));
  const option = project === '' ? '' : ` -C ${/\s/.test(project) ? `"${project}"` : project}`;
  const out = project === '' ? `out/${year}` : `${project}/out/${year}`;
  return `下一步：summarize build ${year}${option}，生成 ${out}/bulletin.docx、bulletin.md 等（各文件的用途见 summarize 的 docs/quickstart-zh.md “四、生成文档”）`;
}

