// Lint: ESLint's and typescript-eslint's recommended rules over the code, the tests and the scripts.
// Type-aware rules are left out: they would type-check every file a second time, and `npm test`
// already runs tsc over src and test.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // *.generated.* is build output (scripts/schema-validators.mjs), not code anyone writes.
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.bench/', '**/out/', 'src/**/*.generated.*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `const { source, ...rest } = x` is how a field is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  // bin/summarize.js is CommonJS (bin/package.json): an ES-module entry starts node's ES-module loader.
  // So is the bench's floor script, which is timed as the CLI starts.
  { files: ['bin/**/*.js', 'scripts/**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // The preview page's script runs in the browser, not in node.
  { files: ['assets/**/*.js'], languageOptions: { globals: { ...globals.browser } } },
);
