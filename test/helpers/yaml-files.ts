// Every .yaml/.yml file under a folder, for tests that hold a reading of YAML to another on all of them.

import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    const stats = statSync(full);
    if (stats.isDirectory()) return yamlFiles(full);
    return stats.isFile() && /\.ya?ml$/.test(name) ? [full] : [];
  });
}
