#!/usr/bin/env node
'use strict';
// The CLI is compiled by `npm run build`; this shim only points at it.
const path = require('path');
const fs = require('fs');
const entry = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('costclose is not built yet: run `npm run build` first.\n');
  process.exit(2);
}
require(entry);
