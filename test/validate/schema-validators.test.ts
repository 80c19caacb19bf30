// The schema validators are compiled at build time (scripts/schema-validators.mjs) into a file that
// is not committed. A schema edited without running the build would leave validators checking the
// old shape: this fails then, and says what to run.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const generator = pathToFileURL(path.resolve(import.meta.dirname, '../../scripts/schema-validators.mjs')).href;

describe('the precompiled schema validators', () => {
  it('are those the schema files compile to now (otherwise run `npm run build`)', async () => {
    const { GENERATED, validatorsSource } = (await import(generator)) as { GENERATED: string; validatorsSource: () => { code: string } };
    const upToDate = readFileSync(GENERATED, 'utf8') === validatorsSource().code;
    expect(upToDate, 'src/validate/schema-validators.generated.js is out of date: run `npm run build`').toBe(true);
  });
});
