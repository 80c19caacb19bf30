#!/usr/bin/env node
// The `summarize` executable: a shim over the compiled CLI in dist/ (built by `npm ci`/`npm run build`).
import '../dist/cli/main.js';
