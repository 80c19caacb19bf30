// CLI entry: parses arguments with commander and calls one command module. Heavy modules (yaml,
// handlebars, docx) are imported only by the command that needs them, so `--version` and `--help`
// start as fast as node itself.

import { InvalidArgumentError, Option } from 'commander';
import { ChineseCommand } from './chinese-command.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EXIT_INVALID_INPUT, EXIT_USAGE, UserError } from '../model/errors.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { LoadedTexts } from '../load/project.js';
import type { DiagnosticEntry, ReporterName } from './report.js';
import type { OutputFormat } from './build.js';
import { isValidIsoDate } from '../numbers/dates.js';
import { printLines, printText, stdoutMayBeTerminal } from './print-lines.js';
// Imported with the entry, not when the command runs: CI's usual build (nothing changed) needs only
// this light first step, and its modules load with the entry's instead of in a second round after
// commander has parsed the arguments (4–5 ms of the ~40 that build adds to node's own start).
import { build } from './build-or-reuse.js';

// Read, not required: node:module, which createRequire needs, loads part of node's ES-module loader.
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

interface CommonOptions {
  project?: string;
  strict?: boolean;
  /** false with --no-cache. */
  cache?: boolean;
  reporter: ReporterName;
  debug?: boolean;
}

const program = new ChineseCommand()
  .name('summarize')
  .description('把全年的活动记录（YAML、Excel 工作簿或 CSV）汇总成上街信息式简报或年度工作总结（DOCX + Markdown，GB/T 9704 版式）')
  .version(version, '-V, --version', '显示版本号')
  .helpOption('-h, --help', '显示帮助')
  .helpCommand('help [command]', '显示某个命令的帮助')
  // Help screens reach stdout as printLines writes, and commander learns the width (80 off a
  // terminal, its own fallback) and the colours (the help has none) without asking process.stdout:
  // making that stream for a pipe loads node's stream modules, ~3 ms of the ~25 that `--help`
  // adds to node's own start.
  .configureOutput({
    outputError: (text, write) => write(text),
    writeOut: printText,
    getOutHelpWidth: () => (stdoutMayBeTerminal() ? process.stdout.columns : 80),
    getOutHasColors: () => false,
  })
  .exitOverride((error) => {
    // commander reports usage errors itself (on stderr); keep its exit code 0 for --help/--version.
    if (error.exitCode !== 0) printUsageErrorAsJson(error.message);
    process.exit(error.exitCode === 0 ? 0 : EXIT_USAGE);
  });

const projectOption = () => new Option('-C, --project <dir>', '项目文件夹（含 summarize.yaml），默认当前文件夹');
const reporterOption = () =>
  new Option('--reporter <name>', '问题的输出格式：text 给人看，json 给脚本读，github 在 GitHub Actions 中标注到出问题的行').choices(['text', 'json', 'github'] satisfies ReporterName[]).default('text');

const noCacheOption = () => new Option('--no-cache', '不用也不写缓存（.summarize-cache/），每个活动记录都重新读取和检查');

/** A command that renders a period's documents: build and preview choose them by the same options. */
const documentCommand = (name: string, description: string) =>
  program
    .command(name)
    .description(description)
    .argument('<period>', '时期：2024（全年）、2024-Q3（季度）、2024H1（半年）、2024-07（月）')
    .addOption(projectOption())
    .option('-k, --kind <names>', '文档类型（模板名）：bulletin 简报、annual 年度工作总结、plan 下一年工作安排，可用逗号分隔多个；默认为 summarize.yaml 的 kinds，否则 bulletin')
    .option('--issue <n>', '期号，覆盖 summarize.yaml 中的 bulletin.issue', parsePositiveInteger)
    .option('--date <yyyy-mm-dd>', '印发日期，覆盖 summarize.yaml 中的 bulletin.date', parseIsoDate)
    .option('--profile <name>', '排版方案，默认 gbt9704')
    .addOption(new Option('--script <name>', '用字：hans 简体，hant 繁体（台湾或香港用字按 summarize.yaml 的 script，默认台湾），hant-tw，hant-hk').choices(['hans', 'hant', 'hant-tw', 'hant-hk']))
    .addOption(noCacheOption());

documentCommand('build', '生成某一时期的文档')
  .addOption(new Option('-f, --format <list>', '输出格式：md、docx、pdf 或 all，可用逗号分隔多个').default(parseFormats('all'), 'all').argParser(parseFormats))
  .option('-o, --out <dir>', '输出文件夹，默认 <项目>/out/<时期>/')
  .option('--strict', '有警告也不生成（模板引用不存在的变量也算错误）')
  .option('-w, --watch', '生成后继续监视，活动记录、统计数、配置或模板改动时自动重新生成')
  .option('--force', '即使输入与上次生成时相同，也重新生成')
  .addOption(reporterOption())
  .option('--debug', '出错时显示程序调用栈')
  .addHelpText('after', '\n例子：\n  summarize build 2024 -C examples/shangjie\n  summarize build 2024 --kind annual --script hant\n  summarize build 2024-Q3 --format docx --issue 12 --date 2024-10-09\n  summarize build 2024 --format md --watch')
  .action(async (period: string, options: CommonOptions & { format: OutputFormat[]; out?: string; kind?: string; issue?: number; date?: string; profile?: string; script?: string; watch?: boolean; force?: boolean }) => {
    const buildOnce = () =>
      run(
        options,
        async () => {
          const result = await build(period, options);
          const notices = result.notices.length === 0 ? [] : (await import('./report.js')).noticeTexts(result.notices, projectRoot(options));
          if (options.reporter === 'json') {
            // One JSON document on stdout, so that a CI script can parse it whole.
            const { diagnosticEntries } = await import('./report.js');
            console.log(JSON.stringify(buildJson(diagnosticEntries(result.diagnostics, projectRoot(options)), { ...result, notices }), null, 2));
            return;
          }
          await report(result, options);
          for (const notice of notices) console.error(notice);
          const lines = [
            ...result.written.map((file) => `已生成 ${file}`),
            ...result.unchanged.map((file) => `未改动 ${file}（输入与上次生成时相同）`),
            ...result.removed.map((file) => `已删除 ${file}（较早生成的，这次没有生成这种格式，留着会与新生成的文件不一致）`),
          ];
          // --reporter github printed its annotations through the stream, which may still hold some: the lines follow them there.
          if (options.reporter === 'github') for (const line of lines) console.log(line);
          else printLines(lines);
        },
        (entries) => buildJson(entries, { written: [], unchanged: [], removed: [], notices: [] }),
      );
    if (!options.watch) return buildOnce();
    const { watchProject } = await import('./watch.js');
    await watchProject({ ...(options.project !== undefined ? { project: options.project } : {}), build: buildOnce });
  });

documentCommand('preview', '在浏览器中预览文档（A4 版面），输入改动后页面自动更新；点击数字可查看其来源')
  .option('--strict', '有警告也算失败（模板引用不存在的变量也算错误）')
  .option('-p, --port <n>', '端口（只在本机 127.0.0.1 上监听）', parsePort, 5024)
  .option('--open', '启动后用默认浏览器打开')
  .option('--debug', '出错时显示程序调用栈')
  .addHelpText('after', '\n例子：\n  summarize preview 2024 -C examples/shangjie --open\n  summarize preview 2024 --kind bulletin,annual --port 8080')
  .action(async (period: string, options: { project?: string; kind?: string; issue?: number; date?: string; profile?: string; script?: string; strict?: boolean; cache?: boolean; port: number; open?: boolean; debug?: boolean }) => {
    await run({ reporter: 'text', ...options }, async () => {
      const { preview } = await import('./preview.js');
      await preview(period, options);
    });
  });

program
  .command('fonts')
  .description('查看各部分的字体：DOCX 中写的字体、本机是否安装、本机生成 PDF 时实际用的字体')
  .addOption(projectOption())
  .option('--profile <name>', '排版方案，默认 summarize.yaml 中的 profile，否则 gbt9704')
  .addOption(new Option('--script <name>', '用字：hans 简体，hant 繁体，hant-tw，hant-hk；默认 summarize.yaml 的 script').choices(['hans', 'hant', 'hant-tw', 'hant-hk']))
  .option('--debug', '出错时显示程序调用栈')
  .addHelpText('after', '\n例子：\n  summarize fonts -C examples/shangjie\n  summarize fonts --script hant-hk')
  .action(async (options: { project?: string; profile?: string; script?: string; debug?: boolean }) => {
    await run({ reporter: 'text', ...options }, async () => {
      const { fontsText } = await import('./fonts.js');
      console.log(fontsText(options));
    });
  });

const templates = program.command('templates').description('查看和修改文档模板：list 列出、eject 导出到项目中修改、helpers 列出助手、dotx 导出 Word 模板、workbook 生成记录用的 Excel 工作簿');

templates
  .command('list')
  .description('列出文档模板和局部模板，标明内置的和项目中覆盖的')
  .addOption(projectOption())
  .option('--debug', '出错时显示程序调用栈')
  .action(async (options: { project?: string; debug?: boolean }) => {
    await run({ reporter: 'text', ...options }, async () => {
      const { templatesList } = await import('./templates.js');
      console.log(templatesList(options.project));
    });
  });

templates
  .command('eject')
  .description('把内置模板复制到项目的 templates/ 中以便修改；已改过的不会被覆盖')
  .argument('<names...>', '模板名，如 annual、section 或 partials/section')
  .addOption(projectOption())
  .option('--debug', '出错时显示程序调用栈')
  .addHelpText('after', '\n例子：\n  summarize templates eject annual -C examples/shangjie\n  summarize templates eject section theme')
  .action(async (names: string[], options: { project?: string; debug?: boolean }) => {
    await run({ reporter: 'text', ...options }, async () => {
      const { ejectTemplates } = await import('./templates.js');
      const result = ejectTemplates(names, options.project);
      for (const file of result.written) console.log(`已导出 ${file}`);
      for (const file of result.unchanged) console.log(`未改动 ${file}（项目中已有，与内置相同）`);
    });
  });

templates
  .command('workbook')
  .description('生成记录活动用的 Excel 工作簿（.xlsx）：中文表头、部分/条目/填报单位下拉列表、每个指标一列，填好后可直接生成')
  .argument('[file]', '输出文件，默认 <项目>/activities/<年份>/活动记录.xlsx（已存在时不覆盖）')
  .addOption(projectOption())
  .option('--year <yyyy>', '年份，默认今年', parsePositiveInteger)
  .option('--debug', '出错时显示程序调用栈')
  .addHelpText('after', '\n例子：\n  summarize templates workbook -C examples/shangjie --year 2025\n  summarize templates workbook 台账.xlsx')
  .action(async (file: string | undefined, options: { project?: string; year?: number; debug?: boolean }) => {
    await run({ reporter: 'text', ...options }, async () => {
      const { exportLogWorkbook } = await import('./workbook.js');
      console.log(`已生成 ${await exportLogWorkbook(file, { ...options, year: options.year ?? new Date().getFullYear() })}`);
    });
  });

templates
  .command('dotx')
  .description('导出 Word 模板（.dotx），含与生成文档相同的样式和版面，供手写公文使用')
  .argument('[file]', '输出文件，默认 <排版方案>.dotx')
  .addOption(projectOption())
  .option('--profile <name>', '排版方案，默认 summarize.yaml 中的 profile，否则 gbt9704')
  .option('--debug', '出错时显示程序调用栈')
  .addHelpText('after', '\n例子：\n  summarize templates dotx\n  summarize templates dotx 公文样式.dotx -C examples/shangjie')
  .action(async (file: string | undefined, options: { project?: string; profile?: string; debug?: boolean }) => {
    await run({ reporter: 'text', ...options }, async () => {
      const { exportDotx } = await import('./templates.js');
      console.log(`已生成 ${await exportDotx(file, options)}`);
    });
  });

templates
  .command('helpers')
  .description('列出模板中可用的助手，各附一个例子；用 -C 指定项目时，还列出项目中的指标')
  .addOption(projectOption())
  .option('--debug', '出错时显示程序调用栈')
  .addHelpText('after', '\n例子：\n  summarize templates helpers -C examples/shangjie')
  .action(async (options: { project?: string; debug?: boolean }) => {
    await run({ reporter: 'text', ...options }, async () => {
      const { helpersText, projectMetricsText } = await import('./templates.js');
      const metrics = options.project === undefined ? undefined : projectMetricsText(options.project);
      console.log(metrics === undefined ? helpersText() : `${helpersText()}\n\n${metrics}`);
    });
  });

program
  .command('validate')
  .description('检查活动记录和配置，不生成文件')
  .argument('<period>', '时期：2024、2024-Q3、2024H1、2024-07')
  .addOption(projectOption())
  .option('--strict', '有警告也算失败')
  .addOption(noCacheOption())
  .addOption(reporterOption())
  .option('--debug', '出错时显示程序调用栈')
  .addHelpText('after', '\n例子：\n  summarize validate 2024 -C examples/shangjie --reporter json')
  .action(async (period: string, options: CommonOptions) => {
    await run(options, async () => {
      const { validate } = await import('./validate.js');
      const validation = await validate(period, options);
      const { failed, events } = validation;
      await report(validation, options);
      if (failed) process.exitCode = EXIT_INVALID_INPUT;
      else if (options.reporter === 'text') console.log(`检查通过：${events ?? 0} 条活动记录`);
    });
  });

program
  .command('stats')
  .description('列出某一时期每个指标的合计、按部分和按月的数字，有上一年记录时并列上年同期')
  .argument('<period>', '时期：2024、2024-Q3、2024H1、2024-07')
  .addOption(projectOption())
  .option('--json', '输出 JSON（供 CI 和电子表格使用）')
  .option('--debug', '出错时显示程序调用栈')
  .addHelpText('after', '\n例子：\n  summarize stats 2024 -C examples/shangjie\n  summarize stats 2024-Q3 --json > stats.json')
  .action(async (period: string, options: { project?: string; json?: boolean; debug?: boolean }) => {
    await printReport(options, async () => (await import('./stats.js')).stats(period, { ...options, color: useStdoutColor() }));
  });

program
  .command('explain')
  .description('列出构成某个数字的每条记录（文件:行  日期  名称  数值）和合计')
  .argument('<period>', '时期：2024、2024-Q3、2024H1、2024-07')
  .argument('<metric>', '指标 id 或名称；“活动条数”；或审核文件 <文档>.figures.json 中的 counts 文字')
  .addOption(projectOption())
  .option('--section <id>', '只看某一部分')
  .option('--theme <id>', '只看某一条目')
  .option('--tag <tag>', '只看带某个标签的活动')
  .option('--json', '输出 JSON')
  .option('--debug', '出错时显示程序调用栈')
  .addHelpText('after', '\n例子：\n  summarize explain 2024 lectures -C examples/shangjie\n  summarize explain 2024 活动条数 --tag 主题活动')
  .action(async (period: string, metric: string, options: { project?: string; section?: string; theme?: string; tag?: string; json?: boolean; debug?: boolean }) => {
    await printReport(options, async () => (await import('./explain.js')).explain(period, metric, { ...options, color: useStdoutColor() }));
  });

program
  .command('init')
  .description('在文件夹中新建一个项目（配置、一份活动记录样例、一份统计数），可立即生成')
  .argument('[dir]', '目标文件夹', '.')
  .option('--year <yyyy>', '年份，默认今年', parsePositiveInteger)
  .option('--workbook', '同时生成记录活动用的 Excel 工作簿 activities/<年份>/活动记录.xlsx')
  .option('--debug', '出错时显示程序调用栈')
  .addHelpText('after', '\n例子：\n  summarize init my-project && summarize build 2024 -C my-project\n  summarize init my-project --workbook\n\nsummarize 命令由 npm install -g --ignore-scripts . 在本工具的仓库文件夹中安装（见 README）；未安装时写 node <仓库>/bin/summarize.js。不要用 npx summarize：npm 上同名的包是别人的。')
  .action(async (dir: string, options: { year?: number; workbook?: boolean; debug?: boolean }) => {
    await run({ reporter: 'text', ...options }, async () => {
      const { initProject, nextStep } = await import('./init.js');
      const year = options.year ?? new Date().getFullYear();
      const { created, notice } = await initProject(dir, year, { workbook: options.workbook === true });
      for (const file of created) console.log(`已创建 ${file}`);
      if (notice) console.error(notice);
      console.log(nextStep(dir, year));
    });
  });

/** What `build --reporter json` prints: the files and the problems, as one document. */
function buildJson(diagnostics: DiagnosticEntry[], result: { written: string[]; unchanged: string[]; removed: string[]; notices: string[] }) {
  return { written: result.written, unchanged: result.unchanged, removed: result.removed, notices: result.notices, diagnostics };
}

/**
 * A CI script that asked for `--reporter json` parses stdout whatever went wrong, a mistyped
 * option included: the usage error commander printed on stderr becomes the one entry of the
 * command's JSON (`build`'s report, `validate`'s list).
 */
function printUsageErrorAsJson(message: string): void {
  const args = process.argv.slice(2);
  const command = args.find((arg) => !arg.startsWith('-'));
  const asksForJson = args.some((arg, i) => arg === '--reporter=json' || (arg === '--reporter' && args[i + 1] === 'json'));
  if (!asksForJson || (command !== 'build' && command !== 'validate')) return;
  const [first = '', ...rest] = message.split('\n');
  const hint = rest.join(' ').replace(/^（(.*)）$/, '$1');
  const entry: DiagnosticEntry = { severity: 'error', code: 'usage', message: first.replace(/^错误：/, ''), ...(hint ? { hint } : {}) };
  const shape = command === 'build' ? (entries: DiagnosticEntry[]) => buildJson(entries, { written: [], unchanged: [], removed: [], notices: [] }) : plainList;
  console.log(JSON.stringify(shape([entry]), null, 2));
}

/** How a command's JSON wraps its list of problems; validate prints the list itself. */
type JsonShape = (entries: DiagnosticEntry[]) => unknown;
const plainList: JsonShape = (entries) => entries;

/** The folder of the project a command works on, which positions name files from. */
function projectRoot(options: { project?: string }): string {
  return path.resolve(options.project ?? '.');
}

interface ReportOptions {
  reporter: ReporterName;
  project?: string;
}

/** A command's problems, with the texts of the files read when the command has them (for the code frames). */
interface Problems {
  diagnostics: readonly Diagnostic[];
  texts?: LoadedTexts | undefined;
}

async function report({ diagnostics, texts }: Problems, options: ReportOptions, jsonShape: JsonShape = plainList): Promise<void> {
  // The reporter reads the files it quotes (with the loaders' decoding): not worth loading for nothing.
  if (options.reporter !== 'json' && diagnostics.length === 0) return;
  const { diagnosticEntries, formatDiagnostics, githubAnnotations, problemPrinter } = await import('./report.js');
  const root = projectRoot(options);
  if (options.reporter === 'json') console.log(JSON.stringify(jsonShape(diagnosticEntries(diagnostics, root)), null, 2));
  else if (options.reporter === 'github') console.log(githubAnnotations(diagnosticEntries(diagnostics, root)));
  else console.error(formatDiagnostics(diagnostics, problemPrinter(root, texts), { color: useColor(), frames: true }));
}

function useColor(): boolean {
  return Boolean(process.stderr.isTTY) && process.env.NO_COLOR === undefined;
}

function useStdoutColor(): boolean {
  return Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined;
}

/** stats and explain: a report printed on stdout, or the input problems that prevented it. */
async function printReport(options: { debug?: boolean; project?: string }, make: () => Promise<Problems & { failed: boolean; output: string }>): Promise<void> {
  await run({ reporter: 'text', ...options }, async () => {
    const result = await make();
    await report(result, { ...options, reporter: 'text' });
    if (result.failed) process.exitCode = EXIT_INVALID_INPUT;
    else console.log(result.output);
  });
}

/** The one place where failures become exit codes: user errors print no stack unless --debug. */
async function run(options: ReportOptions & { debug?: boolean }, action: () => Promise<void>, jsonShape: JsonShape = plainList): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof UserError)) {
      console.error('summarize 内部错误（这是程序的问题，不是输入的问题，请把下面的信息报告给维护者）：');
      console.error(error);
      process.exitCode = 70;
      return;
    }
    const { diagnostics, texts } = error as UserError & Partial<Problems>;
    if (diagnostics) await report({ diagnostics, texts }, options, jsonShape);
    else if (options.reporter !== 'text') {
      // CI reading --reporter json or github gets its format whatever happened: a problem with
      // no file (a missing project, an unwritable output folder) is one entry without a position.
      const entry: DiagnosticEntry = { severity: 'error', code: 'environment', message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
      const { githubAnnotations } = await import('./report.js');
      console.log(options.reporter === 'json' ? JSON.stringify(jsonShape([entry]), null, 2) : githubAnnotations([entry]));
    }
    if (options.reporter === 'text' || !diagnostics) {
      console.error(`summarize: ${error.message}`);
      if (error.hint) console.error(`  → ${error.hint}`);
    }
    if (options.debug) console.error(error.stack);
    process.exitCode = error.exitCode;
  }
}

function parseFormats(value: string): OutputFormat[] {
  const formats = value.split(',').map((f) => f.trim());
  if (formats.includes('all')) return ['md', 'docx', 'pdf-if-available'];
  for (const format of formats) {
    if (!['md', 'docx', 'pdf'].includes(format)) throw new InvalidArgumentError('只能是 md、docx、pdf 或 all');
  }
  return formats as OutputFormat[];
}

function parsePositiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('应是正整数');
  return Number(value);
}

function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError('应是 0 到 65535 的端口号（0 表示任选一个空闲端口）');
  return Number(value);
}

function parseIsoDate(value: string): string {
  if (!isValidIsoDate(value)) {
    throw new InvalidArgumentError('写成 2025-02-21 这样的日期');
  }
  return value;
}

// Not awaited at the top level: the CommonJS copy that start.ts runs (scripts/bundle.mjs) cannot await there.
void program.parseAsync();
