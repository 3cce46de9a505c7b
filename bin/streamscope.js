#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'out', 'cli', 'index.mjs');
if (!fs.existsSync(entry)) {
  process.stderr.write('streamscope: not built yet; run `npm run build` first\n');
  process.exit(1);
}
import(require('node:url').pathToFileURL(entry).href).catch((err) => {
  process.stderr.write(`streamscope: ${err && err.message ? err.message : String(err)}\n`);
  process.exit(1);
});
