// js-yaml exports its built-in types (`types.int` …) and each type's `tag`, which @types/js-yaml
// leaves out; yaml-source.ts builds its core schema from them.
import 'js-yaml';

declare module 'js-yaml' {
  interface Type {
    tag: string;
  }
  export const types: { readonly null: Type; readonly bool: Type; readonly int: Type; readonly float: Type };
}
