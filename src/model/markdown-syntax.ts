// Model: Markdown syntax shared by the render stage (values entering templates) and the Markdown
// writer (text leaving the model). Text from the logs is data, never markup: any character that
// Markdown would act on is escaped.

const MARKDOWN_SPECIALS = /[\\`*_[\]<>#|~]/g;

export function escapeMarkdown(text: string): string {
  return text.replace(MARKDOWN_SPECIALS, (char) => `\\${char}`).replace(/\r?\n/g, ' ');
}
