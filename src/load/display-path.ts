// Load stage: how paths are named. Positions name a file by its path from the project's folder
// (projectPath), the same wherever the command runs; what is printed names it relative to where
// the user ran the command, as compilers print paths (displayPath, fileShower).

import path from 'node:path';
import type { ShowFile } from '../model/diagnostic.js';

/** Paths in messages are relative to where the user ran the command, as compilers print them. */
export function displayPath(filePath: string): string {
  const relative = path.relative(process.cwd(), filePath);
  return (relative.startsWith('..') ? filePath : relative).split(path.sep).join('/');
}

/** A file as positions name it: its path from `root`, the folder of the project being built, with `/`. */
export function projectPath(root: string, filePath: string): string {
  return path.relative(root, filePath).split(path.sep).join('/');
}

/** The file a position names, as the file system opens it. */
export function absolutePath(root: string, file: string): string {
  return path.resolve(root, file);
}

/** How reporters print the positions of a build of the project at `root`: each path worked out once. */
export function fileShower(root: string): ShowFile {
  const shown = new Map<string, string>();
  return (file, argument) => {
    if (argument) return (path.relative(process.cwd(), absolutePath(root, file)) || '.').split(path.sep).join('/');
    let name = shown.get(file);
    if (name === undefined) {
      name = displayPath(absolutePath(root, file));
      shown.set(file, name);
    }
    return name;
  };
}
