// CLI (built to dist/ by `npm test`): every help screen and every usage error is in Chinese. The
// walk starts at `summarize --help` and follows the 命令 list of each screen, so a command added
// later is checked without a change here. Option flags, placeholders, codes and example command
// lines are technical names and stay as written; what must not appear is an English sentence.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = path.resolve(import.meta.dirname, '../../bin/summarize.js');

function summarize(args: readonly string[]): { status: number | null; output: string } {
  const result = spawnSync('node', [cli, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, output: result.stdout + result.stderr };
}

/** The names in a help screen's 命令 section. */
function subcommands(help: string): string[] {
  const section = /^命令：\n((?: {2}.*\n?)+)/m.exec(help)?.[1] ?? '';
  return section
    .split('\n')
    .map((line) => /^ {2}(\S+)/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined && name !== 'help');
}

/**
 * English left in the text: commander's own words, or three English words in a row. Example
 * command lines (`  summarize build 2024 …`) and the usage line are commands, not sentences.
 */
function english(text: string): string[] {
  const prose = text
    .split('\n')
    .filter((line) => !/^\s*(?:summarize|node|npm) /.test(line) && !line.startsWith('用法：'))
    .join('\n')
    // A command named in a message (summarize templates helpers) is a name, not a sentence.
    .replace(/\bsummarize(?: [a-z][a-z-]*)*/g, 'summarize');
  const words = prose.match(/\b(?:Usage|Options|Commands|Arguments|default|choices|error|Did you mean|Allowed|display help|output the version|too many|missing|unknown|invalid|required)\b/g) ?? [];
  const sentences = prose.match(/(?<![-\w./<[])[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}(?![\w>\]])/g) ?? [];
  return [...words, ...sentences];
}

describe('the command line speaks Chinese', () => {
  it('every help screen, from summarize --help down through every subcommand', () => {
    const pending: string[][] = [[]];
    const seen: string[] = [];
    while (pending.length > 0) {
      const command = pending.shift()!;
      const { status, output } = summarize([...command, '--help']);
      expect(status, command.join(' ')).toBe(0);
      expect(english(output), `summarize ${command.join(' ')} --help:\n${output}`).toEqual([]);
      expect(output).toMatch(/^用法：summarize/);
      seen.push(command.join(' '));
      pending.push(...subcommands(output).map((name) => [...command, name]));
    }
    // The walk reached the commands (a broken parser of the 命令 list would see only the top).
    expect(seen).toEqual(expect.arrayContaining(['', 'build', 'validate', 'templates', 'templates eject']));
  });

  it.each([
    [['buidl'], /^错误：没有 buidl 这个命令（是不是 build？）\n（用 summarize --help 查看用法）$/],
    [['build'], /^错误：缺少参数 <period>（时期：.*）\n（用 summarize build --help 查看用法）$/],
    [['build', '2024', '--bogus'], /^错误：summarize build 没有 --bogus 这个选项/],
    [['build', '2024', '--forse'], /没有 --forse 这个选项（是不是 --force？）/],
    [['build', '2024', '--reporter', 'xml'], /^错误：选项 --reporter <name> 的值 “xml” 不对：只能是 text、json、github/],
    [['build', '2024', '--format', 'odt'], /^错误：选项 -f, --format <list> 的值 “odt” 不对：只能是 md、docx、pdf 或 all/],
    [['build', '2024', '--kind'], /^错误：选项 -k, --kind <names> 后面缺少值/],
    [['stats', '2024', 'extra'], /^错误：summarize stats 只需要 1 个参数，多出了：extra/],
    [['templates', 'helpers', 'extra'], /^错误：summarize templates helpers 不需要参数，多出了：extra/],
    [['templates', 'ejcet'], /^错误：没有 ejcet 这个命令（是不是 eject？）/],
  ])('summarize %j: a Chinese usage error, exit 2', (args, expected) => {
    const { status, output } = summarize(args);
    expect(status).toBe(2);
    expect(output.trim()).toMatch(expected);
    expect(english(output)).toEqual([]);
  });

  it('a command group without its subcommand shows its help in Chinese, exit 2', () => {
    const { status, output } = summarize(['templates']);
    expect(status).toBe(2);
    expect(output).toMatch(/^用法：summarize templates \[选项\] \[命令\]/);
    expect(english(output)).toEqual([]);
  });
});
