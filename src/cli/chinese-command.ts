// CLI: commander in Chinese. commander writes its own help headings (Usage:, Options:), the notes
// after an option ((default: …), (choices: …)) and its usage errors (unknown command, missing
// argument …) in English. Its extension points are used to put them in Chinese: a Help subclass
// for the help screens, and Command.error, through which every usage error passes with a stable
// code, for the errors. Option flags, placeholders and codes stay as written.

import { Command, Help, type Argument, type ErrorOptions, type Option } from 'commander';

const HEADINGS: Record<string, string> = {
  'Usage:': '用法：',
  'Arguments:': '参数：',
  'Options:': '选项：',
  'Global Options:': '全局选项：',
  'Commands:': '命令：',
};

class ChineseHelp extends Help {
  override formatHelp(cmd: Command, helper: Help): string {
    // commander puts a space after the heading, which a full-width colon does not need.
    return super.formatHelp(cmd, helper).replace(/^用法： /, '用法：');
  }

  override styleTitle(title: string): string {
    return HEADINGS[title] ?? title;
  }

  override commandUsage(cmd: Command): string {
    return placeholders(super.commandUsage(cmd));
  }

  override subcommandTerm(cmd: Command): string {
    return placeholders(super.subcommandTerm(cmd));
  }

  override optionDescription(option: Option): string {
    const notes: string[] = [];
    if (option.argChoices) notes.push(`可选：${option.argChoices.join('、')}`);
    const showsDefault = option.required || option.optional || (option.isBoolean() && typeof option.defaultValue === 'boolean');
    if (option.defaultValue !== undefined && showsDefault) notes.push(`默认：${defaultText(option)}`);
    if (option.envVar !== undefined) notes.push(`环境变量：${option.envVar}`);
    return withNotes(option.description, notes);
  }

  override argumentDescription(argument: Argument): string {
    const notes: string[] = [];
    if (argument.argChoices) notes.push(`可选：${argument.argChoices.join('、')}`);
    if (argument.defaultValue !== undefined) notes.push(`默认：${defaultText(argument)}`);
    return withNotes(argument.description, notes);
  }

  /** Terminal columns: a Chinese character or full-width sign takes two, so columns line up. */
  override displayWidth(text: string): number {
    let width = 0;
    // eslint-disable-next-line no-control-regex -- ANSI colour codes take no columns.
    for (const char of text.replace(/\x1b\[[0-9;]*m/g, '')) width += WIDE.test(char) ? 2 : 1;
    return width;
  }

  /**
   * commander wraps only at spaces, which Chinese text has none of: a description broke at the
   * one Latin word in it. Here a line may break before any Chinese character (never before a
   * closing or after an opening punctuation mark) as well as at a space.
   */
  override boxWrap(text: string, width: number): string {
    if (width < this.minWidthToWrap) return text;
    return text
      .split(/\r?\n/)
      .map((line) => {
        const lines: string[] = [];
        let current = '';
        for (const chunk of line.match(WRAP_CHUNK) ?? []) {
          if (current !== '' && this.displayWidth(current + chunk) > width) {
            lines.push(current);
            current = chunk.trimStart();
          } else {
            current += chunk;
          }
        }
        return [...lines, current].join('\n');
      })
      .join('\n');
  }
}

const WIDE = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’]/u;
/** A Latin word or one Chinese character, with the punctuation that must stay on its line. */
const WRAP_CHUNK = /\s*[（《「『“‘]*(?:[^\s\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’]+|[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’])[，。、；：？！）》」』”’]*/gu;

function placeholders(usage: string): string {
  return usage.replace('[options]', '[选项]').replace('[command]', '[命令]');
}

function defaultText(item: Option | Argument): string {
  return item.defaultValueDescription ?? (typeof item.defaultValue === 'string' ? item.defaultValue : JSON.stringify(item.defaultValue));
}

function withNotes(description: string, notes: readonly string[]): string {
  return notes.length === 0 ? description : `${description}（${notes.join('；')}）`;
}

/** A Command whose help, subcommands and usage errors are in Chinese. */
export class ChineseCommand extends Command {
  override createCommand(name?: string): Command {
    return new ChineseCommand(name);
  }

  override createHelp(): Help {
    return Object.assign(new ChineseHelp(), this.configureHelp());
  }

  override error(message: string, errorOptions?: ErrorOptions): never {
    const chinese = usageError(message, errorOptions?.code, this);
    return super.error(`${chinese}\n（用 ${commandPath(this)} --help 查看用法）`, errorOptions);
  }
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}

/** commander's English usage error (see its command.js) in Chinese; anything else as it is. */
export function usageError(message: string, code: string | undefined, command: Command): string {
  const match = (pattern: RegExp) => pattern.exec(message);
  const guess = (suggestion: string | undefined) => (suggestion ? `（是不是 ${suggestion.replace(/^one of /, '').split(', ').join(' 或 ')}？）` : '');
  switch (code) {
    case 'commander.unknownCommand': {
      const found = match(/^error: unknown command '(.*)'(?:\n\(Did you mean (.*)\?\))?$/s);
      if (found) return `错误：没有 ${found[1]} 这个命令${guess(found[2])}`;
      break;
    }
    case 'commander.unknownOption': {
      const found = match(/^error: unknown option '(.*)'(?:\n\(Did you mean (.*)\?\))?$/s);
      if (found) return `错误：${commandPath(command)} 没有 ${found[1]} 这个选项${guess(found[2])}`;
      break;
    }
    case 'commander.missingArgument': {
      const found = match(/^error: missing required argument '(.*)'$/);
      const argument = command.registeredArguments.find((a) => a.name() === found?.[1]);
      if (found) return `错误：缺少参数 <${found[1]}>${argument?.description ? `（${argument.description}）` : ''}`;
      break;
    }
    case 'commander.optionMissingArgument': {
      const found = match(/^error: option '(.*)' argument missing$/);
      if (found) return `错误：选项 ${found[1]} 后面缺少值`;
      break;
    }
    case 'commander.missingMandatoryOptionValue': {
      const found = match(/^error: required option '(.*)' not specified$/);
      if (found) return `错误：必须给出选项 ${found[1]}`;
      break;
    }
    case 'commander.invalidArgument': {
      const option = match(/^error: option '(.*?)' argument '(.*?)' is invalid\.(?: (.*))?$/s);
      if (option) return `错误：选项 ${option[1]} 的值 “${option[2]}” 不对${reason(option[3])}`;
      const argument = match(/^error: command-argument value '(.*?)' is invalid for argument '(.*?)'\.(?: (.*))?$/s);
      if (argument) return `错误：参数 <${argument[2]}> 的值 “${argument[1]}” 不对${reason(argument[3])}`;
      break;
    }
    case 'commander.excessArguments': {
      const expected = command.registeredArguments.length;
      return `错误：${commandPath(command)} ${expected === 0 ? '不需要参数' : `只需要 ${expected} 个参数`}，多出了：${command.args.slice(expected).join(' ')}`;
    }
    case 'commander.conflictingOption': {
      const found = match(/^error: (.*) cannot be used with (.*)$/);
      if (found) return `错误：${found[1]} 不能与 ${found[2]} 同时使用`;
      break;
    }
  }
  return message;
}

/** The parser's reason: ours are Chinese already; commander's own one for choices is not. */
function reason(text: string | undefined): string {
  if (!text) return '';
  const choices = /^Allowed choices are (.*)\.$/.exec(text);
  return `：${choices ? `只能是 ${choices[1]!.split(', ').join('、')}` : text}`;
}
