// The README is what a newcomer follows (issue 15): every command line it shows, and every option
// its command table names, must be one the tool takes. Each command's own --help is the reference.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'bin/summarize.js');
const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');

const helpScreens = new Map<string, string>();
function help(command: string): string {
  if (!helpScreens.has(command)) {
    helpScreens.set(command, execFileSync('node', [cli, ...command.split(' '), '--help'], { encoding: 'utf8' }));
  }
  return helpScreens.get(command)!;
}

/** Command names listed under 命令： of a help screen. */
function subcommands(screen: string): string[] {
  const list = screen.split('命令：')[1] ?? '';
  return [...list.matchAll(/^ {2}([a-z]+)/gm)].map((m) => m[1]!).filter((name) => name !== 'help');
}

/** `summarize templates eject annual -C x` → the command (`templates eject`) and the rest. */
function commandOf(line: string): { command: string; rest: string } | undefined {
  const words = line.split(/\s+/).slice(1);
  const top = subcommands(help(''));
  if (!top.includes(words[0]!)) return undefined;
  const nested = subcommands(help(words[0]!));
  const depth = nested.includes(words[1] ?? '') ? 2 : 1;
  return { command: words.slice(0, depth).join(' '), rest: words.slice(depth).join(' ') };
}

const flagsIn = (text: string) => [...text.matchAll(/(?:^|[\s`(])(--?[a-zA-Z][\w-]*)/g)].map((m) => m[1]!);
const offers = (command: string, flag: string) => new RegExp(`(^|\\s)${flag}(,|\\s|$)`, 'm').test(help(command));

describe('the README', () => {
  it('shows only commands and options that exist', () => {
    const lines = [...readme.matchAll(/(?:^|`)(summarize [a-z][^`\n|\\]*)/gm)].map((m) => m[1]!.trim());
    expect(lines.length).toBeGreaterThan(20);
    const wrong = lines.flatMap((line) => {
      const found = commandOf(line);
      if (!found) return [`${line}: no such command`];
      return flagsIn(found.rest)
        .filter((flag) => !offers(found.command, flag))
        .map((flag) => `${line}: summarize ${found.command} has no ${flag}`);
    });
    expect(wrong).toEqual([]);
  });

  it('names in its command table only options of that command', () => {
    const rows = [...readme.matchAll(/^\| `(summarize [^`]+)` \|(.*)$/gm)];
    expect(rows.length).toBeGreaterThan(8);
    const wrong = rows.flatMap(([, first, rest]) => {
      const found = commandOf(first!.replace(/\\\|.*$/, '').trim());
      if (!found) return [`${first}: no such command`];
      const flags = [...rest!.matchAll(/`(--?[a-zA-Z][\w-]*)/g)].map((m) => m[1]!);
      return flags.filter((flag) => !offers(found.command, flag)).map((flag) => `${first}: ${flag}`);
    });
    expect(wrong).toEqual([]);
  });
});
