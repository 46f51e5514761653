// Empties dist/ before a build: tsc writes what lib/ holds now but never deletes, so a module
// removed or renamed in lib/ would otherwise live on in dist/ (and in the published tarball,
// with source maps pointing at a file that is gone).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

fs.rmSync(path.join(__dirname, '..', 'dist'), { recursive: true, force: true });
