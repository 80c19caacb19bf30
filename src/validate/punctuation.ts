// Validate stage: text from the logs is printed as typed, and an official document uses
// full-width punctuation between Chinese characters (numbers.md: a half-width comma or
// parenthesis inside Chinese text is an error a checker should flag). Warnings, not errors:
// the build still runs.

export interface PunctuationProblem {
  offset: number;
  code: string;
  message: string;
  hint: string;
}

const FULL_WIDTH: Record<string, string> = { ',': '，', ';': '；', ':': '：', '(': '（', ')': '）', '?': '？', '!': '！' };
const HAN = /\p{Script=Han}/u;

export function punctuationProblems(text: string): PunctuationProblem[] {
  const problems: PunctuationProblem[] = [];
  const chars = [...text];
  let offset = 0;
  chars.forEach((char, index) => {
    const replacement = FULL_WIDTH[char];
    if (replacement && (nearHan(chars, index, -1) || nearHan(chars, index, 1))) {
      problems.push({
        offset,
        code: 'half-width-punctuation',
        message: `中文里用了半角标点 “${char}”`,
        hint: `改成全角 “${replacement}”`,
      });
    }
    offset += char.length;
  });
  const opening = chars.filter((c) => c === '“').length;
  const closing = chars.filter((c) => c === '”').length;
  if (opening !== closing) {
    const lone = opening > closing ? '“' : '”';
    problems.push({
      offset: text.indexOf(lone),
      code: 'unpaired-quote',
      message: `引号不成对：有 ${opening} 个 “ 和 ${closing} 个 ”`,
      hint: '补上缺少的引号',
    });
  }
  return problems;
}

function nearHan(chars: string[], index: number, direction: -1 | 1): boolean {
  const neighbour = chars[index + direction];
  return neighbour !== undefined && HAN.test(neighbour);
}
