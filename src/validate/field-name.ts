// Validate stage: a field's name in messages, as the user wrote it in the file, with list items
// counted from 1 as people count them: `第1项的 metrics.lectures`, `sections 第2项的 title`.

import type { YamlPath } from '../load/yaml-source.js';
import { shortened } from '../model/diagnostic.js';

export function fieldName(path: YamlPath): string {
  let name = '';
  let previous: 'key' | 'index' | undefined;
  for (const step of path) {
    if (typeof step === 'number') {
      name += `${previous === 'key' ? ' ' : ''}第${step + 1}项`;
      previous = 'index';
    } else {
      const key = shortened(step);
      name += `${previous === 'key' ? '.' : previous === 'index' ? '的 ' : ''}${key}`;
      previous = 'key';
    }
  }
  return name;
}
