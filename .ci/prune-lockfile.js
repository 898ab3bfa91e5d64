#!/usr/bin/env node
// The npm registry these machines reach serves the platform packages of native modules for
// linux-x64 only (e.g. @swc/core-darwin-arm64 answers 404). `npm install` skips the missing
// optional packages but still lists them under their parent's optionalDependencies, and `npm ci`
// then refuses the lockfile as "out of sync". This removes the optional dependencies that have no
// entry in the lockfile. Run it after every `npm install` that changes package-lock.json
// (`npm run deps:lock` does both).
'use strict';
const fs = require('fs');
const path = require('path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const packages = lock.packages;
let removed = 0;
for (const [location, pkg] of Object.entries(packages)) {
  if (!pkg.optionalDependencies) continue;
  for (const name of Object.keys(pkg.optionalDependencies)) {
    const nested = location ? `${location}/node_modules/${name}` : `node_modules/${name}`;
    if (!packages[nested] && !packages[`node_modules/${name}`]) {
      delete pkg.optionalDependencies[name];
      removed++;
    }
  }
  if (Object.keys(pkg.optionalDependencies).length === 0) delete pkg.optionalDependencies;
}
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
process.stdout.write(`package-lock.json: removed ${removed} optional dependencies this registry does not serve\n`);
