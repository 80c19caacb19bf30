// Model: the two kinds of failure at the top (house style, after changesets' ExitError).
// A UserError is something the user can fix: it prints its message and no stack. Anything else
// that escapes is a bug and prints its stack.

export const EXIT_INVALID_INPUT = 1;
export const EXIT_USAGE = 2;

export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_USAGE,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UserError';
  }
}
