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

/**
 * Why a file could not be read or written, for the errno codes a user or their machine causes
 * (a folder where a file should be, no permission, a full or read-only disk). Anything else is
 * not recognised here and stays the internal error it is (house style: never relabel broadly).
 */
const FILE_SYSTEM_PROBLEMS: Record<string, string> = {
  ENOENT: '不存在',
  EISDIR: '是一个文件夹，不是文件',
  ENOTDIR: '路径中有一段是文件而不是文件夹',
  EACCES: '没有读写权限',
  EPERM: '没有权限，或文件正被其他程序（如 Word、WPS）占用',
  EBUSY: '正被其他程序（如 Word、WPS）占用',
  EROFS: '在只读的磁盘上',
  ENOSPC: '所在磁盘已满',
  EDQUOT: '超出了磁盘配额',
  ENAMETOOLONG: '路径太长',
  ELOOP: '有循环的符号链接',
  EEXIST: '已存在同名的文件或文件夹',
  ENOTEMPTY: '是一个不空的文件夹',
  EMFILE: '同时打开的文件太多',
};

/** A UserError (exit 2) for a file system failure a user can fix, or undefined for anything else. */
export function fileSystemProblem(error: unknown, action: string, displayedPath: string): UserError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (!(error instanceof Error) || typeof code !== 'string') return undefined;
  const reason = FILE_SYSTEM_PROBLEMS[code];
  if (reason === undefined) return undefined;
  return new UserError(`无法${action} ${displayedPath}：${reason}`, EXIT_USAGE, fileSystemHint(code), { cause: error });
}

function fileSystemHint(code: string): string | undefined {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
    case 'EBUSY':
      return '关闭正在打开它的程序，或检查文件夹的权限；也可以用 -o 换一个输出文件夹';
    case 'ENOSPC':
    case 'EDQUOT':
      return '清理磁盘空间后重试';
    case 'EROFS':
      return '用 -o 换一个可以写入的输出文件夹';
    default:
      return undefined;
  }
}
